// Focus mode: the lesson one section at a time. The server draws either view (?view=focus or
// ?view=full, remembered in the lesson_view cookie), so every link works without JavaScript;
// here the toggle, Previous/Continue and links to #ids switch sections in place, keep the URL
// in step, and move focus to the heading of the section shown.
const article = document.querySelector("article.lesson[data-lesson]");
const COOKIE = "lesson_view";
const YEAR = 365 * 24 * 3600;

const sections = article ? [...article.querySelectorAll("[data-section-id]")] : [];
const focusing = () => article.classList.contains("lesson--focus");

function remember(mode) {
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${COOKIE}=${mode}; path=/; max-age=${YEAR}; samesite=lax${secure}`;
}

function sectionOf(id) {
  if (!id) return null;
  const target = document.getElementById(id);
  return target ? target.closest("[data-section-id]") : null;
}

function current() {
  return article.querySelector("[data-section-id].is-current") || sections[0];
}

function urlFor(mode, section, hash) {
  const url = new URL(location.href);
  url.searchParams.set("view", mode);
  if (mode === "focus" && section) url.searchParams.set("section", section.dataset.sectionId);
  else url.searchParams.delete("section");
  url.hash = hash || (section ? section.dataset.sectionId : "");
  return url;
}

/** Focus a section's heading (reachable by script only: it is not a stop for the Tab key). */
function focusHeading(section) {
  const heading = section.querySelector("h2");
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
  return heading;
}

function updateToggle(section) {
  const toggle = article.querySelector("[data-view-toggle]");
  if (!toggle) return;
  const next = focusing() ? "full" : "focus";
  toggle.dataset.viewToggle = next;
  toggle.textContent = focusing() ? "Show the whole lesson" : "Read one section at a time";
  toggle.href = urlFor(next, section).href;
}

/** Show one section; ``heading``: move focus to its heading (a screen reader reads it next). */
function show(section, { heading = true, hash = null } = {}) {
  if (!section) return;
  for (const s of sections) s.classList.toggle("is-current", s === section);
  updateToggle(section);
  // The table of contents and the saved reading position follow what is on screen.
  window.dispatchEvent(new Event("scroll"));
  if (hash) {
    const target = document.getElementById(hash);
    if (target && target !== section.querySelector("h2")) {
      target.scrollIntoView();
      return;
    }
  }
  if (heading) {
    // The top of the lesson: its progress bar, then the section's heading, which takes focus.
    focusHeading(section);
    article.scrollIntoView({ block: "start", behavior: "instant" });
  }
}

/** The section nearest the top of the window: where a reader of the whole page is. */
function onScreen() {
  const line = window.innerHeight / 3;
  let found = sections[0];
  for (const section of sections) {
    if (section.getBoundingClientRect().top <= line) found = section;
    else break;
  }
  return found;
}

function setMode(mode) {
  const section = mode === "focus" ? onScreen() : current();
  article.classList.toggle("lesson--focus", mode === "focus");
  remember(mode);
  history.pushState({ focus: mode }, "", urlFor(mode, section));
  if (mode === "focus") show(section);
  else {
    updateToggle(section);
    focusHeading(section).scrollIntoView({ block: "start", behavior: "instant" });
  }
}

if (article && sections.length) {
  article.classList.add("lesson--js");
  // A link to #id that the server could not see (a deep link, the table of contents).
  if (focusing() && location.hash) {
    const section = sectionOf(decodeURIComponent(location.hash.slice(1)));
    if (section) show(section, { heading: false, hash: decodeURIComponent(location.hash.slice(1)) });
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.matches("[data-view-toggle]")) {
      event.preventDefault();
      setMode(link.dataset.viewToggle);
      return;
    }
    if (!focusing()) return;
    if (link.matches("[data-focus-go]")) {
      event.preventDefault();
      const section = article.querySelector(`[data-section-id="${CSS.escape(link.dataset.focusGo)}"]`);
      history.pushState({ focus: "focus" }, "", urlFor("focus", section));
      show(section);
      return;
    }
    const href = link.getAttribute("href") || "";
    if (href.startsWith("#") && href.length > 1) {
      const id = decodeURIComponent(href.slice(1));
      const section = sectionOf(id);
      if (!section) return; // outside the sections (objectives, outline): the browser's own
      event.preventDefault();
      history.pushState({ focus: "focus" }, "", urlFor("focus", section, id));
      show(section, { hash: id });
    }
  });

  const follow = () => {
    const url = new URL(location.href);
    const mode = url.searchParams.get("view");
    if (mode === "focus" || mode === "full") article.classList.toggle("lesson--focus", mode === "focus");
    const id = decodeURIComponent(location.hash.slice(1));
    const section =
      sectionOf(id) ||
      article.querySelector(`[data-section-id="${CSS.escape(url.searchParams.get("section") || "")}"]`);
    if (focusing() && section) show(section, { heading: false, hash: id });
    else updateToggle(section || current());
  };
  window.addEventListener("popstate", follow);
  window.addEventListener("hashchange", follow);
}
