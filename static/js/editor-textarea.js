// The plain <textarea> behind the same small interface as the code editor (editor-code.js): what
// the page uses when the code editor can't run in this browser.
export function textareaEditor(textarea) {
  const cursorListeners = [];
  const lineAt = (offset) => textarea.value.slice(0, offset).split("\n").length;
  const reportCursor = () => {
    for (const listener of cursorListeners) listener(lineAt(textarea.selectionStart));
  };
  for (const type of ["keyup", "click", "input"]) textarea.addEventListener(type, reportCursor);

  return {
    text: () => textarea.value,
    onChange: (listener) => textarea.addEventListener("input", () => listener()),
    onCursor: (listener) => cursorListeners.push(listener),
    cursorLine: () => lineAt(textarea.selectionStart),
    focus: () => textarea.focus(),
    goToLine(number) {
      const lines = textarea.value.split("\n");
      const index = Math.min(Math.max(1, number), lines.length) - 1;
      const start = lines.slice(0, index).join("\n").length + (index > 0 ? 1 : 0);
      textarea.focus();
      textarea.setSelectionRange(start, start + lines[index].length);
      const lineHeight = textarea.scrollHeight / Math.max(lines.length, 1);
      textarea.scrollTop = Math.max(0, (index - 2) * lineHeight);
    },
    insertBlock(text, from, to) {
      const at = textarea.selectionStart;
      const value = textarea.value;
      const before = at > 0 && value[at - 1] !== "\n" ? "\n" : "";
      const after = at < value.length && value[at] !== "\n" ? "\n" : "";
      textarea.setRangeText(`${before}${text}${after}`, at, textarea.selectionEnd, "end");
      const start = at + before.length;
      textarea.focus();
      textarea.setSelectionRange(start + from, start + to);
      textarea.dispatchEvent(new Event("input"));
    },
    showProblemLines() {},
    setWrap() {},
    openFind() {},
  };
}
