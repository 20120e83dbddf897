// The lesson file's syntax for the code editor: YAML front matter, Markdown (CommonMark + GFM),
// `::: name Title` block fences, and ```exercise / ```quiz blocks read as YAML. Tokens get plain
// class names (`tok-…`), coloured by static/css/main.css, so the colours follow the site's
// light and dark themes and no style is generated at run time.
import {
  GFM,
  Language,
  LanguageSupport,
  Tag,
  defineLanguageFacet,
  markdownParser,
  parseCode,
  syntaxHighlighting,
  tagHighlighter,
  tags as t,
  yamlFrontmatter,
  yamlLanguage,
} from "../vendor/codemirror/editor.bundle.js";

const blockName = Tag.define();
const blockTitle = Tag.define();

// `:::` (or more colons) at the start of a line, then an optional block name and title.
const FENCE = /^(:{3,})([ \t]*)([A-Za-z][\w-]*)?(.*)$/;
// Fenced code whose info string names one of these is an activity or data block written in YAML.
const YAML_BLOCKS = /^(exercise|quiz|ya?ml)\b/i;

/** The `::: name Title` and closing `:::` lines, each one leaf node. The lines between them are
 *  left to the Markdown parser, so a block's content is highlighted as the Markdown it is. */
const blockFences = {
  defineNodes: [
    { name: "BlockFence", block: true },
    { name: "BlockFenceMark", style: t.processingInstruction },
    { name: "BlockName", style: blockName },
    { name: "BlockTitle", style: blockTitle },
  ],
  parseBlock: [
    {
      name: "BlockFence",
      parse(cx, line) {
        if (line.indent >= 4) return false;
        const match = FENCE.exec(line.text.slice(line.pos));
        if (!match) return false;
        const [, colons, space, name = "", rest] = match;
        const start = cx.lineStart + line.pos;
        const children = [cx.elt("BlockFenceMark", start, start + colons.length)];
        let at = start + colons.length + space.length;
        if (name) {
          children.push(cx.elt("BlockName", at, at + name.length));
          at += name.length;
        }
        const title = rest.trim();
        if (title) {
          const from = at + rest.indexOf(title);
          children.push(cx.elt("BlockTitle", from, from + title.length));
        }
        cx.addElement(cx.elt("BlockFence", start, cx.lineStart + line.text.length, children));
        cx.nextLine();
        return true;
      },
      // A fence line ends the paragraph above it, as it does in the lesson parser.
      endLeaf: (cx, line) => line.indent < 4 && FENCE.test(line.text.slice(line.pos)),
    },
  ],
};

const activityYaml = parseCode({
  codeParser: (info) => (YAML_BLOCKS.test(info.trim()) ? yamlLanguage.parser : null),
});

const lessonMarkdown = new Language(
  defineLanguageFacet({ commentTokens: { block: { open: "<!--", close: "-->" } } }),
  markdownParser.configure([GFM, blockFences, activityYaml]),
  [],
  "lesson-markdown",
);

const highlighter = tagHighlighter([
  { tag: t.heading, class: "tok-heading" },
  { tag: t.emphasis, class: "tok-emphasis" },
  { tag: t.strong, class: "tok-strong" },
  { tag: t.strikethrough, class: "tok-strikethrough" },
  { tag: [t.link, t.url], class: "tok-link" },
  { tag: t.monospace, class: "tok-code" },
  { tag: t.quote, class: "tok-quote" },
  { tag: [t.processingInstruction, t.meta, t.contentSeparator, t.separator], class: "tok-mark" },
  { tag: blockName, class: "tok-block-name" },
  { tag: blockTitle, class: "tok-block-title" },
  { tag: [t.propertyName, t.definition(t.propertyName)], class: "tok-key" },
  { tag: [t.string, t.special(t.string), t.attributeValue], class: "tok-value" },
  { tag: [t.number, t.bool, t.null, t.atom, t.keyword], class: "tok-atom" },
  { tag: [t.comment, t.lineComment, t.blockComment], class: "tok-comment" },
  { tag: [t.labelName, t.typeName, t.attributeName], class: "tok-label" },
  { tag: t.invalid, class: "tok-invalid" },
]);

/** The editor extensions for a lesson file: its language and its highlighting. */
export function lessonSyntax() {
  return [
    yamlFrontmatter({ content: new LanguageSupport(lessonMarkdown) }),
    syntaxHighlighting(highlighter),
  ];
}
