// Saves reading progress as it happens: sections read, the reading position and active time.
// Events carry their own ids, so a repeated or re-sent batch is stored once.
import { refreshProgress } from "./lesson-progress.js";
import { progressEvent, sendEvents } from "./progress-events.js";

const article = document.querySelector("article[data-lesson]");

if (article) {
  const lesson = article.dataset.lesson;
  let queue = [];
  const readNow = new Set(
    [...document.querySelectorAll("[data-read-status]")]
      .filter((s) => s.querySelector(".read-status__done"))
      .map((s) => s.dataset.readStatus),
  );

  const event = (type, extra) => queue.push(progressEvent(lesson, type, extra));

  async function flush() {
    if (!queue.length) return;
    const batch = queue;
    queue = [];
    if (!(await sendEvents(batch))) queue = batch.concat(queue); // try again later
    else if (batch.some((e) => e.type === "section-read")) refreshProgress();
    else if (batch.some((e) => e.type === "position")) {
      document.dispatchEvent(new CustomEvent("lesson:progress")); // e.g. for package-relay.js
    }
  }

  function markRead(sectionId) {
    if (readNow.has(sectionId)) return;
    readNow.add(sectionId);
    event("section-read", { section: sectionId });
    const status = document.querySelector(`[data-read-status="${CSS.escape(sectionId)}"]`);
    if (status) {
      const done = document.createElement("p");
      done.className = "read-status__done";
      done.textContent = "✓ You have read this section.";
      status.replaceChildren(done);
    }
    const link = document.querySelector(`.toc a[href="#${CSS.escape(sectionId)}"]`);
    if (link && !link.querySelector("[data-read-mark]")) {
      const mark = document.createElement("span");
      mark.className = "read-mark";
      mark.dataset.readMark = sectionId;
      mark.innerHTML = '<span aria-hidden="true">✓</span><span class="visually-hidden">(read)</span>';
      link.append(" ", mark);
    }
    flush();
  }

  // A section counts as read once its end has been on screen for a moment.
  const timers = new Map();
  const ends = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const id = entry.target.dataset.sectionEnd;
      if (entry.isIntersecting) timers.set(id, setTimeout(() => markRead(id), 1500));
      else clearTimeout(timers.get(id));
    }
  });
  document.querySelectorAll("[data-section-end]").forEach((end) => ends.observe(end));

  // The reading position: the section at the top third of the window, saved when it changes.
  let current = null;
  const sections = [...document.querySelectorAll("[data-section-id]")];
  function where() {
    let found = null;
    // In focus mode the learner is in the one section shown.
    if (article.classList.contains("lesson--focus")) found = article.querySelector("[data-section-id].is-current");
    for (const section of found ? [] : sections) {
      if (section.offsetParent === null) continue; // hidden in focus mode
      if (section.getBoundingClientRect().top <= window.innerHeight / 3) found = section;
      else break;
    }
    const id = found?.dataset.sectionId;
    if (id && id !== current) {
      current = id;
      queue = queue.filter((e) => !(e.type === "position" && e.kind === "reading"));
      event("position", { section: id, kind: "reading" });
    }
  }
  let scrolled = false;
  window.addEventListener("scroll", () => (scrolled = true), { passive: true });

  // Active time: counted while the page is visible and the reader has done something lately.
  let active = 0;
  let lastInput = Date.now();
  for (const name of ["scroll", "keydown", "pointerdown", "pointermove"]) {
    window.addEventListener(name, () => (lastInput = Date.now()), { passive: true });
  }
  setInterval(() => {
    if (scrolled) {
      scrolled = false;
      where();
    }
    if (document.visibilityState === "visible" && Date.now() - lastInput < 60_000) active += 5;
    if (active >= 30) {
      event("time", { seconds: active });
      active = 0;
    }
    flush();
  }, 5000);

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      if (active > 0) event("time", { seconds: Math.min(active, 120) });
      active = 0;
      flush();
    }
  });

  // "Mark as read" buttons still work, without a page load.
  document.querySelectorAll("[data-read-status] form").forEach((form) => {
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      markRead(form.closest("[data-read-status]").dataset.readStatus);
    });
  });
}
