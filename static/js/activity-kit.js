// Shared pieces of the drag-and-drop widgets that activity types build over their plain form
// fields, and the hook each type's script registers with.
import { Board, liveRegion } from "./dnd.js";

export { Board, liveRegion };

export function el(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

export function zone(name, label, { target = true, ordered = true } = {}) {
  const section = el("div", { class: "zone", "data-zone": name, "data-zone-label": label });
  const heading = el("p", { class: "zone__label" }, label);
  const list = el(ordered ? "ol" : "ul", { class: "zone__list", "data-zone-list": "" });
  list.setAttribute("aria-label", label);
  section.append(heading, list);
  if (target) {
    const button = el("button", { type: "button", class: "zone__target", "data-place-here": "" });
    button.textContent = `Place here: ${label}`;
    section.append(button);
  }
  return section;
}

export function chip(card, label, helpId) {
  const item = el("li", { class: "chip", "data-card": card });
  const button = el("button", { type: "button", "aria-pressed": "false", "aria-describedby": helpId }, label);
  item.append(button);
  return item;
}

export function help(id, text) {
  return el("p", { class: "activity__help board__help", id }, text);
}


const enhancers = new Map(); // activity type -> its script's enhance function

// Run `enhance` on every activity of the given type on the page (the type's script calls this),
// and keep it for activities drawn again after a check (enhanceAgain).
export function enhanceActivities(type, enhance) {
  enhancers.set(type, enhance);
  for (const activity of document.querySelectorAll(`[data-activity-type="${CSS.escape(type)}"]`)) {
    enhance(activity);
  }
}

// Enhance an activity whose fields the server has just drawn again.
export function enhanceAgain(activity) {
  enhancers.get(activity.dataset.activityType)?.(activity);
}

// Move the marks the server put on a plain field's item (`source`) to the widget item that stands
// for it on screen, so a check's verdicts stay next to the answer they judge.
export function carryMarks(source, target) {
  for (const mark of source.querySelectorAll(":scope > [data-mark]")) target.append(mark);
  for (const name of ["is-correct", "is-partial", "is-wrong", "is-missing"]) {
    if (source.classList.contains(name)) target.classList.add(name);
  }
}
