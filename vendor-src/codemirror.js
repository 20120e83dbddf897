// The parts of CodeMirror 6 the lesson editor uses, bundled by bin/build-editor into one file,
// static/vendor/codemirror/editor.bundle.js. Only re-exports: the editor's own code lives in
// static/js/ and imports this bundle, so it stays readable and needs no build step.
export {
  Compartment,
  EditorSelection,
  EditorState,
  RangeSetBuilder,
  StateEffect,
  StateField,
} from "@codemirror/state";
export {
  Decoration,
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
export { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
export {
  Language,
  LanguageSupport,
  defineLanguageFacet,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
export { highlightSelectionMatches, openSearchPanel, search, searchKeymap } from "@codemirror/search";
export { GFM, parseCode, parser as markdownParser } from "@lezer/markdown";
export { yamlFrontmatter, yamlLanguage } from "@codemirror/lang-yaml";
export { tagHighlighter, tags, Tag } from "@lezer/highlight";
