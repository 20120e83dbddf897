// Activities, enhanced: answers checked without leaving the page. Each activity type that builds
// a widget over its plain form fields has a script of its own (named by its ActivityType), which
// the lesson page loads beside this one. Without scripts every activity still works as a form.
import { el, enhanceAgain } from "./activity-kit.js";
import { refreshProgress } from "./lesson-progress.js";

// -- checking answers without leaving the page -------------------------------------------------

async function submit(form, activity) {
  const button = form.querySelector("button[type=submit]");
  const result = activity.querySelector("[data-result]");
  button?.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const data = await response.json();
    if (!response.ok) {
      result.replaceChildren(el("p", { class: "feedback feedback--error", role: "alert" }, data.message));
      return;
    }
    const hadFocus = activity.contains(document.activeElement);
    redraw(activity, data.activity_html);
    if (hadFocus && !activity.contains(document.activeElement)) {
      // the button was drawn again (or removed): keep the learner where they were
      const next = activity.querySelector("button[type=submit]") || activity.querySelector("[data-result-summary]");
      next?.focus();
    }
    wire(activity);
    if (data.passed) refreshProgress();
    else document.dispatchEvent(new CustomEvent("lesson:progress")); // a score may have risen
  } catch (error) {
    result.replaceChildren(
      el("p", { class: "feedback feedback--error", role: "alert" }, "Your answer could not be sent. Check your connection and try again."),
    );
  } finally {
    button?.removeAttribute("aria-busy");
  }
}

// Show the activity as the server drew it after the check: its fields with a mark on each
// answer, its button and its result. The result area stays the element it is, a live region,
// so the new summary is announced.
function redraw(activity, html) {
  const template = document.createElement("template");
  template.innerHTML = html; // server-rendered and escaped by the template
  const fresh = template.content.querySelector("[data-activity]");
  if (!fresh) return;
  for (const selector of [".activity__fields", ".activity__actions"]) {
    const now = activity.querySelector(selector);
    const drawn = fresh.querySelector(selector);
    if (now && drawn) now.replaceWith(drawn);
  }
  // The one-line outcome at the top: new after a first check, replaced after later ones.
  const status = fresh.querySelector("[data-activity-status]");
  const shown = activity.querySelector("[data-activity-status]");
  if (shown && status) shown.replaceWith(status);
  else if (status) activity.querySelector(".activity__prompt")?.after(status);
  else shown?.remove();
  const result = activity.querySelector("[data-result]");
  const drawnResult = fresh.querySelector("[data-result]");
  if (result && drawnResult) result.replaceChildren(...drawnResult.childNodes);
  enhanceAgain(activity);
}

function wire(activity) {
  for (const form of activity.querySelectorAll("form[data-activity-form]")) {
    if (form.dataset.wired) continue;
    form.dataset.wired = "true";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit(form, activity);
    });
  }
}

for (const activity of document.querySelectorAll("[data-activity]")) {
  wire(activity);
}
