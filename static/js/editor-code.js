// The code editor (CodeMirror 6) that takes the place of the lesson's <textarea>. The textarea
// stays the form field: it is hidden, kept up to date on every change, and submitted as before.
//
// It offers the same small interface as the plain textarea (editor-textarea.js), so the page's
// script (editor.js) works with either.
import {
  Compartment,
  Decoration,
  EditorSelection,
  EditorState,
  EditorView,
  RangeSetBuilder,
  StateEffect,
  StateField,
  defaultKeymap,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSelectionMatches,
  highlightSpecialChars,
  history,
  historyKeymap,
  indentUnit,
  keymap,
  lineNumbers,
  openSearchPanel,
  search,
  searchKeymap,
} from "../vendor/codemirror/editor.bundle.js";
import { lessonSyntax } from "./editor-language.js";

const setProblemLines = StateEffect.define();

/**
 * Text of several lines inserted at once as typing (dictation, text from assistive tools, test
 * drivers) goes straight into the document instead of through the browser's editing of the
 * rendered lines first, which takes seconds for a long lesson; the range replaced is the one
 * the browser names, or else the selection.
 */
function insertLinesDirectly(event, view) {
  const multiLine = event.inputType === "insertText" || event.inputType === "insertReplacementText";
  const text = event.data ?? event.dataTransfer?.getData("text/plain");
  if (!multiLine || event.isComposing || !text || !text.includes("\n")) return false;
  // The browser's range, else its selection (the editor may not have read it yet).
  let [range] = event.getTargetRanges();
  const selection = view.root.getSelection?.();
  if (!range && selection?.rangeCount && view.contentDOM.contains(selection.anchorNode)) {
    range = selection.getRangeAt(0);
  }
  let { from, to } = view.state.selection.main;
  if (range) {
    from = view.posAtDOM(range.startContainer, range.startOffset);
    to = view.posAtDOM(range.endContainer, range.endOffset);
  }
  event.preventDefault();
  view.dispatch({
    changes: { from: Math.min(from, to), to: Math.max(from, to), insert: text },
    selection: EditorSelection.single(Math.min(from, to) + text.length),
    scrollIntoView: true,
    userEvent: "input.type",
  });
  return true;
}
const problemLine = Decoration.line({ class: "cm-problem-line" });

/** The lines the content check reported, marked until the next check. */
const problemLines = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setProblemLines)) continue;
      const builder = new RangeSetBuilder();
      const lines = [...new Set(effect.value)].filter((n) => n >= 1 && n <= tr.state.doc.lines);
      for (const n of lines.sort((a, b) => a - b)) {
        const at = tr.state.doc.line(n).from;
        builder.add(at, at, problemLine);
      }
      return builder.finish();
    }
    return marks.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * Replace `textarea` with a code editor.
 * `nonce` is the page's style nonce: CodeMirror's own stylesheet is a <style> element that the
 * Content-Security-Policy admits only with it.
 */
export function createCodeEditor(textarea, { labelId, describedBy, nonce, wrap }) {
  const wrapping = new Compartment();
  const changeListeners = [];
  const cursorListeners = [];

  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        // No Tab binding (indentWithTab): Tab and Shift+Tab move focus, so keyboard users can
        // always leave the editor; Ctrl+] / Ctrl+[ indent (defaultKeymap).
        keymap.of([...searchKeymap, ...historyKeymap, ...defaultKeymap]),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        lessonSyntax(),
        problemLines,
        wrapping.of(wrap ? EditorView.lineWrapping : []),
        EditorView.cspNonce.of(nonce || ""),
        EditorView.domEventHandlers({ beforeinput: insertLinesDirectly }),
        EditorView.contentAttributes.of({
          "aria-labelledby": labelId,
          "aria-describedby": describedBy,
          spellcheck: "true",
          // Focusable already (contenteditable); said outright so checkers see that the
          // scrolling region around it can be reached by keyboard.
          tabindex: "0",
          autocorrect: "off",
          autocapitalize: "off",
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            textarea.value = update.state.doc.toString();
            for (const listener of changeListeners) listener();
          }
          if (update.selectionSet || update.docChanged) {
            const line = update.state.doc.lineAt(update.state.selection.main.head).number;
            for (const listener of cursorListeners) listener(line);
          }
        }),
      ],
    }),
  });
  textarea.before(view.dom);
  textarea.hidden = true;
  // The form submits the textarea; this covers a change that has not reached it yet.
  textarea.form?.addEventListener("submit", () => {
    textarea.value = view.state.doc.toString();
  });

  return {
    view,
    text: () => view.state.doc.toString(),
    onChange: (listener) => changeListeners.push(listener),
    onCursor: (listener) => cursorListeners.push(listener),
    cursorLine: () => view.state.doc.lineAt(view.state.selection.main.head).number,
    focus: () => view.focus(),
    /** Select line `number` (clamped to the document), scroll it into view, focus the editor. */
    goToLine(number) {
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(1, number), doc.lines));
      view.dispatch({
        selection: EditorSelection.single(line.from),
        effects: EditorView.scrollIntoView(line.from, { y: "center" }),
      });
      view.focus();
    },
    /** Put `text` on a line of its own at the cursor and select `text[from, to)` in it. */
    insertBlock(text, from, to) {
      const { state } = view;
      const head = state.selection.main.head;
      const line = state.doc.lineAt(head);
      const before = line.text.trim() ? (head === line.from ? "" : "\n") : "";
      const after = line.text.trim() && head !== line.to ? "\n" : "";
      const at = head + before.length;
      view.dispatch({
        changes: { from: head, insert: `${before}${text}${after}` },
        selection: EditorSelection.single(at + from, at + to),
        scrollIntoView: true,
      });
      view.focus();
    },
    showProblemLines: (lines) => view.dispatch({ effects: setProblemLines.of(lines) }),
    setWrap: (on) =>
      view.dispatch({ effects: wrapping.reconfigure(on ? EditorView.lineWrapping : []) }),
    openFind: () => openSearchPanel(view),
  };
}
