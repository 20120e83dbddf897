// Activities, enhanced: answers checked without leaving the page. Each activity type that builds
// a widget over its plain form fields has a script of its own (named by its ActivityType), which
// the lesson page loads beside this one. Without scripts every activity still works as a form.
import { el } from "./activity-kit.js";
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
    result.innerHTML = data.html; // server-rendered and escaped by the template
    const attempts = activity.querySelector("[data-attempts]");
    if (attempts && data.attempts_left !== null) {
      attempts.textContent = `${data.attempts_left} attempt${data.attempts_left === 1 ? "" : "s"} left`;
    }
    if (!data.can_attempt) {
      activity.querySelector(".activity__fields")?.setAttribute("disabled", "");
      button?.remove();
    } else if (button && data.percent !== null) {
      button.textContent = "Check again";
    }
    wire(activity);
    if (data.passed) refreshProgress();
  } catch (error) {
    result.replaceChildren(
      el("p", { class: "feedback feedback--error", role: "alert" }, "Your answer could not be sent. Check your connection and try again."),
    );
  } finally {
    button?.removeAttribute("aria-busy");
  }
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
