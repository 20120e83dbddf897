// The sentences marked on the page: <span class="s" data-s="ID"> (several spans when a sentence
// crosses inline markup; the first has id="ID"). Highlighting and scrolling live here.
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
let current = [];

export function sentencePieces(id) {
  return [...document.querySelectorAll(`[data-s="${CSS.escape(id)}"]`)];
}

export function highlight(id) {
  for (const piece of current) piece.classList.remove("s--current");
  current = id ? sentencePieces(id) : [];
  for (const piece of current) piece.classList.add("s--current");
  if (current.length) scrollIntoViewIfNeeded(current[0]);
}

export function currentSentence() {
  return current.length ? current[0].dataset.s : null;
}

function scrollIntoViewIfNeeded(element) {
  const box = element.getBoundingClientRect();
  const bar = document.querySelector(".player--docked");
  const bottom = window.innerHeight - (bar ? bar.offsetHeight : 0);
  if (box.top >= 0 && box.bottom <= bottom) return;
  element.scrollIntoView({ block: "center", behavior: reducedMotion.matches ? "auto" : "smooth" });
}

// A piece's text with each formula in its words (its alttext), as the server's audio reads it.
function spokenText(piece) {
  if (!piece.querySelector("math")) return piece.textContent;
  const copy = piece.cloneNode(true);
  for (const formula of copy.querySelectorAll("math")) {
    formula.replaceWith(` ${formula.getAttribute("alttext") || formula.textContent} `);
  }
  return copy.textContent;
}

// The sentences of one section in page order, as {id, text}: what the browser's own voice reads
// when the server has no audio.
export function sectionSentences(sectionId) {
  const byId = new Map();
  for (const piece of document.querySelectorAll(`[data-s^="s-${CSS.escape(sectionId)}-"]`)) {
    const id = piece.dataset.s;
    if (!/^\d+(-s)*$/.test(id.slice(sectionId.length + 3))) continue; // another section's prefix
    byId.set(id, (byId.get(id) || "") + spokenText(piece));
  }
  return [...byId].map(([id, text]) => ({ id, text: text.replace(/\s+/g, " ").trim() }));
}
