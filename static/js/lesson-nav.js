// The lesson's table of contents follows the reader: the section on screen is marked current.
const links = new Map(
  [...document.querySelectorAll("[data-toc-link]")].map((a) => [a.getAttribute("href").slice(1), a]),
);
const sections = [...document.querySelectorAll("[data-section-id]")];

function mark(id) {
  for (const [key, link] of links) {
    if (key === id) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
}

// The current section is the last one whose top has passed the upper third of the window.
function update() {
  const line = window.innerHeight / 3;
  // In focus mode the section shown is the current one, wherever the window is.
  let current = document.querySelector(".lesson--focus [data-section-id].is-current");
  for (const section of current ? [] : sections) {
    if (section.offsetParent === null) continue; // hidden (focus mode without a current one)
    if (section.getBoundingClientRect().top <= line) current = section;
    else break;
  }
  mark(current ? current.dataset.sectionId : null);
}

let pending = false;
function schedule() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    update();
  });
}

if (sections.length) {
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  update();
}

// The contents arrive folded, so on narrow screens the lesson text comes first and nothing
// moves once the page is shown. On wide screens the stylesheet shows them beside the lesson;
// opening them here makes their state say so (and shows them where the stylesheet cannot).
const toc = document.querySelector("[data-toc]");
const narrow = window.matchMedia("(max-width: 63.99rem)");
if (toc) {
  if (!narrow.matches) toc.open = true;
  narrow.addEventListener("change", () => {
    if (!narrow.matches) toc.open = true;
  });
  toc.addEventListener("click", (event) => {
    if (event.target.closest("a") && narrow.matches) toc.open = false;
  });
}
