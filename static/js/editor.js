// The lesson editor page: a code editor in place of the textarea (line numbers, highlighting,
// soft wrap, find and replace), a live preview rendered by the server that follows the cursor,
// problems listed as "line: message" buttons that jump to their line, and image uploads that
// insert their Markdown at the cursor. Without JavaScript the textarea and its form do it all
// but the live parts; if the code editor can't load, the textarea gets the live parts.
import { followCursor } from "./editor-follow.js";
import { textareaEditor } from "./editor-textarea.js";

const WRAP_KEY = "learnwell.editor.wrap";
const root = document.querySelector("[data-editor]");
const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;

function remembered(key, fallback) {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback; // storage blocked: the choice lasts for this page only
  }
}

function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage blocked: nothing to keep it in
  }
}

/** The code editor in place of `textarea`, or the textarea itself when it can't load. */
async function openEditor(textarea) {
  const label = document.getElementById("source-label");
  try {
    const { createCodeEditor } = await import("./editor-code.js");
    const nonce = document.querySelector("script[data-editor-script]")?.nonce;
    const editor = createCodeEditor(textarea, {
      labelId: label.id,
      describedBy: ["editor-help", textarea.getAttribute("aria-describedby")].join(" "),
      nonce,
      wrap: remembered(WRAP_KEY, "on") === "on",
    });
    // The label now names the code editor (aria-labelledby); the hidden textarea needs none.
    label.removeAttribute("for");
    label.addEventListener("click", () => editor.focus());
    return editor;
  } catch (error) {
    console.warn("The code editor could not start; the plain text box is used.", error);
    return textareaEditor(textarea);
  }
}

function setUpToolbar(editor) {
  const toolbar = root.querySelector("[data-editor-toolbar]");
  const wrap = toolbar.querySelector("[data-wrap]");
  wrap.checked = remembered(WRAP_KEY, "on") === "on";
  wrap.addEventListener("change", () => {
    remember(WRAP_KEY, wrap.checked ? "on" : "off");
    editor.setWrap(wrap.checked);
  });
  toolbar.querySelector("[data-find]").addEventListener("click", () => editor.openFind());
  toolbar.hidden = false;
}

// Errors and warnings are listed apart, each line labelled in words (not by colour alone).
function problemList(items, kind, label) {
  const list = document.createElement("ul");
  list.className = kind === "warning" ? "problems__list problems__list--warning" : "problems__list";
  for (const { line, message } of items) {
    const item = document.createElement("li");
    const tag = document.createElement("span");
    tag.className = kind === "warning" ? "problems__kind problems__kind--warning" : "problems__kind";
    tag.textContent = label;
    const jump = document.createElement("button");
    jump.type = "button";
    jump.className = "link-button";
    jump.dataset.line = line;
    jump.textContent = `line ${line}`;
    item.append(tag, " ", jump, `: ${message}`);
    list.append(item);
  }
  return list;
}

function problemsView(problems, editor) {
  function show(errors, warnings = []) {
    problems.replaceChildren();
    editor.showProblemLines([...errors, ...warnings].map((e) => e.line));
    if (!errors.length && !warnings.length) {
      const ok = document.createElement("p");
      ok.className = "problems__ok";
      ok.textContent = "No problems found.";
      problems.append(ok);
      return;
    }
    if (errors.length) {
      const title = document.createElement("p");
      title.className = "problems__title";
      title.textContent = `${errors.length} problem${errors.length === 1 ? "" : "s"}:`;
      problems.append(title, problemList(errors, "error", "Error"));
    }
    if (warnings.length) {
      const title = document.createElement("p");
      title.className = "problems__title problems__title--warning";
      const plural = warnings.length === 1 ? "" : "s";
      title.textContent = `${warnings.length} warning${plural} (the lesson can still be published):`;
      problems.append(title, problemList(warnings, "warning", "Warning"));
    }
  }
  problems.addEventListener("click", (e) => {
    const button = e.target.closest("[data-line]");
    if (button) editor.goToLine(Number(button.dataset.line));
  });
  // Problems the server listed with the page (a refused publish) are marked in the editor too.
  editor.showProblemLines([...problems.querySelectorAll("[data-line]")].map((b) => Number(b.dataset.line)));
  return show;
}

function setUpUpload(editor) {
  const upload = document.querySelector("[data-upload]");
  upload?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = upload.querySelector("[data-upload-result]");
    let data;
    let ok = false;
    try {
      const response = await fetch(upload.action, {
        method: "POST",
        body: new FormData(upload),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      ok = response.ok;
      data = await response.json();
    } catch {
      data = { message: "The image could not be uploaded. Check the connection and try again." };
      ok = false;
    }
    if (!ok) {
      result.textContent = data.message;
      return;
    }
    const markdown = data.markdown;
    if (markdown.startsWith("![](")) {
      editor.insertBlock(markdown, 2, 2); // the cursor in the empty description
      result.textContent =
        "Image added at the cursor. Type its description (what it shows) between the square brackets.";
    } else {
      editor.insertBlock(markdown, markdown.length, markdown.length);
      result.textContent = "Image added to the lesson at the cursor.";
    }
    upload.reset();
  });
}

async function start() {
  const textarea = root.querySelector("[data-source]");
  const preview = root.querySelector("[data-preview]");
  const editor = await openEditor(textarea);
  if (editor.view) setUpToolbar(editor);
  const showProblems = problemsView(root.querySelector("[data-problems]"), editor);
  const follow = followCursor(root.querySelector(".preview-pane"), preview);
  let timer = null;
  let sent = 0;

  async function refresh() {
    const ticket = ++sent;
    try {
      const response = await fetch(root.dataset.previewUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken, Accept: "application/json" },
        body: JSON.stringify({ source: editor.text() }),
        credentials: "same-origin",
      });
      const data = await response.json();
      if (ticket !== sent) return; // a newer preview is on its way
      if (!response.ok) {
        showProblems([{ line: 1, message: data.message }]);
        return;
      }
      showProblems(data.errors, data.warnings || []);
      if (data.html) {
        preview.innerHTML = data.html; // rendered and sanitised by the server
        follow.setSections(data.sections || []);
        follow.moveTo(editor.cursorLine(), true);
      }
    } catch {
      // offline for a moment: the next keystroke tries again
    }
  }

  editor.onChange(() => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  editor.onCursor((line) => follow.moveTo(line));
  setUpUpload(editor);
  refresh();
}

if (root && csrfToken) start();
