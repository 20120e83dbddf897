// The lesson editor: a live preview rendered by the server, problems listed as "line: message"
// while typing, and image uploads that insert their Markdown at the cursor.
const editor = document.querySelector("[data-editor]");
const token = document.querySelector('meta[name="csrf-token"]')?.content;

if (editor && token) {
  const source = editor.querySelector("[data-source]");
  const preview = editor.querySelector("[data-preview]");
  const problems = editor.querySelector("[data-problems]");
  let timer = null;
  let sent = 0;

  function goToLine(line) {
    const lines = source.value.split("\n");
    const start = lines.slice(0, Math.max(0, line - 1)).join("\n").length + (line > 1 ? 1 : 0);
    source.focus();
    source.setSelectionRange(start, start + (lines[line - 1] || "").length);
    const lineHeight = source.scrollHeight / Math.max(lines.length, 1);
    source.scrollTop = Math.max(0, (line - 3) * lineHeight);
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

  function showProblems(errors, warnings = []) {
    problems.replaceChildren();
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

  async function refresh() {
    const ticket = ++sent;
    try {
      const response = await fetch(editor.dataset.previewUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token, Accept: "application/json" },
        body: JSON.stringify({ source: source.value }),
        credentials: "same-origin",
      });
      const data = await response.json();
      if (ticket !== sent) return; // a newer preview is on its way
      if (!response.ok) {
        showProblems([{ line: 1, message: data.message }]);
        return;
      }
      showProblems(data.errors, data.warnings || []);
      if (data.html) preview.innerHTML = data.html; // rendered and sanitised by the server
    } catch {
      // offline for a moment: the next keystroke tries again
    }
  }

  source.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  problems.addEventListener("click", (e) => {
    const button = e.target.closest("[data-line]");
    if (button) goToLine(Number(button.dataset.line));
  });
  refresh();

  const upload = document.querySelector("[data-upload]");
  upload?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = upload.querySelector("[data-upload-result]");
    const response = await fetch(upload.action, {
      method: "POST",
      body: new FormData(upload),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const data = await response.json();
    if (!response.ok) {
      result.textContent = data.message;
      return;
    }
    const at = source.selectionStart;
    source.setRangeText(`\n${data.markdown}\n`, at, at, "end");
    // The alternative text is left empty, with the cursor in it: the check asks for it until
    // it says what the image shows.
    const alt = at + 1 + data.markdown.indexOf("]");
    source.setSelectionRange(alt, alt);
    source.focus();
    source.dispatchEvent(new Event("input"));
    result.textContent = "Image added at the cursor: type what it shows between the brackets.";
  });
}
