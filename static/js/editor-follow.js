// The preview follows the cursor: when the cursor moves into another section of the lesson, the
// preview pane scrolls to that section. The server's preview says on which line each section
// starts, so ids made from titles, headings inside code blocks and the front matter need no
// second parser here.
//
// Only a preview pane that scrolls by itself (side by side with the editor) follows; where the
// preview is below the editor (narrow screens), scrolling it would scroll the page away from
// the text being typed.
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

export function followCursor(pane, preview) {
  let sections = [];
  let current;

  const sectionAt = (line) => {
    let found = null;
    for (const section of sections) {
      if (section.line > line) break;
      found = section.id;
    }
    return found;
  };

  const scrolls = () =>
    /(auto|scroll)/.test(getComputedStyle(pane).overflowY) && pane.scrollHeight > pane.clientHeight;

  function show(id, scroll) {
    for (const marked of preview.querySelectorAll(".is-current")) marked.classList.remove("is-current");
    const target = id ? preview.querySelector(`[data-section-id="${CSS.escape(id)}"]`) : null;
    target?.classList.add("is-current");
    if (!scroll || !scrolls()) return;
    const offset = target ? target.getBoundingClientRect().top - pane.getBoundingClientRect().top : 0;
    const top = target ? pane.scrollTop + offset - 8 : 0;
    pane.scrollTo({ top, behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  return {
    /** `list` is the preview's `sections`: `{id, line}` in the order of the lesson. */
    setSections(list) {
      sections = [...list].sort((a, b) => a.line - b.line);
    },
    /** Show the section that holds `line`, when it isn't the one shown already. After the
     *  preview is redrawn (`redrawn`), mark it again, but leave the pane where the author left
     *  it unless the section changed. */
    moveTo(line, redrawn = false) {
      const id = sectionAt(line);
      if (id === current && !redrawn) return;
      const changed = id !== current;
      current = id;
      show(id, changed);
    },
  };
}
