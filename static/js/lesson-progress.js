// The lesson's progress bar and "Lesson complete" notice, drawn again by the server after an
// answer is checked or a section is read, so finishing the lesson shows at once.
const article = document.querySelector("article[data-progress-url]");
let running = null;
let again = false;

async function redraw() {
  const response = await fetch(article.dataset.progressUrl, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) return;
  const data = await response.json();
  article.querySelector("[data-progress-summary]").innerHTML = data.summary; // server-rendered
  const completion = article.querySelector("[data-lesson-complete]");
  if (completion.innerHTML.trim() !== data.completion.trim()) completion.innerHTML = data.completion;
  document.dispatchEvent(new CustomEvent("lesson:progress")); // e.g. for static/js/package-relay.js
}

/** Ask for the learner's progress again; calls made while one is on its way are merged. */
export function refreshProgress() {
  if (!article) return;
  if (running) {
    again = true;
    return;
  }
  running = redraw()
    .catch(() => {}) // the next change tries again
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        refreshProgress();
      }
    });
}
