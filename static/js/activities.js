// Activities, enhanced: drag-and-drop boards over the plain form fields, and answers checked
// without leaving the page. Without this script every activity still works as a form.
import { Board, liveRegion } from "./dnd.js";
import { refreshProgress } from "./lesson-progress.js";

function el(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function zone(name, label, { target = true, ordered = true } = {}) {
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

function chip(card, label, helpId) {
  const item = el("li", { class: "chip", "data-card": card });
  const button = el("button", { type: "button", "aria-pressed": "false", "aria-describedby": helpId }, label);
  item.append(button);
  return item;
}

function help(id, text) {
  return el("p", { class: "activity__help board__help", id }, text);
}

// -- process maps ---------------------------------------------------------------------------

function enhanceProcessMap(activity) {
  const map = activity.querySelector("[data-process-map]");
  if (!map) return;
  const id = activity.dataset.activity;
  const selects = new Map(
    [...map.querySelectorAll("[data-card]")].map((li) => [li.dataset.card, li.querySelector("select")]),
  );
  const labels = new Map(
    [...map.querySelectorAll("[data-card]")].map((li) => [li.dataset.card, li.querySelector("label").textContent.trim()]),
  );
  const board = el("div", { class: "board board--process", "data-board": "" });
  const helpId = `page-${id}-board-help`;
  board.append(
    help(
      helpId,
      "Drag the steps into the process in order, or select a step and then where it goes. " +
        "Keyboard: Space picks a step up, arrow keys move it, Space drops it, Escape cancels.",
    ),
  );
  const zones = el("div", { class: "board__zones" });
  const tray = zone("out", "Steps not in the process");
  const main = zone("main", "The process, first step at the top");
  zones.append(tray, main);
  for (const li of map.querySelectorAll("[data-branch]")) {
    zones.append(zone(`branch:${li.dataset.branch}`, `Branch: ${li.textContent.replace(/^Branch: /, "").trim()}`));
  }
  board.append(zones);
  const byZone = (name) => zones.querySelector(`[data-zone="${CSS.escape(name)}"] [data-zone-list]`);
  const placed = [];
  for (const [card, select] of selects) {
    const value = select.value;
    const item = chip(card, labels.get(card), helpId);
    if (/^\d+$/.test(value)) placed.push([Number(value), item]);
    else (byZone(value) || byZone("out")).append(item);
  }
  placed.sort((a, b) => a[0] - b[0]).forEach(([, item]) => byZone("main").append(item));

  const sync = () => {
    for (const z of zones.querySelectorAll("[data-zone]")) {
      [...z.querySelectorAll(".chip")].forEach((c, i) => {
        selects.get(c.dataset.card).value = z.dataset.zone === "main" ? String(i + 1) : z.dataset.zone;
      });
    }
  };
  new Board(board, { ordered: true, announce: liveRegion(board), onChange: sync });
  map.hidden = true;
  map.after(board);
}

// -- statement cards in comparison tables -----------------------------------------------------

function enhanceCardSort(activity) {
  const sort = activity.querySelector("[data-card-sort]");
  const table = activity.querySelector("[data-comparison-table]");
  if (!sort || !table) return;
  const id = activity.dataset.activity;
  const helpId = `page-${id}-sort-help`;
  const board = table; // zones: the tray and every card cell of the table
  const tray = zone("", "Statements to place", { ordered: false });
  tray.classList.add("zone--tray");
  const selects = new Map();
  for (const li of sort.querySelectorAll("[data-card]")) {
    const select = li.querySelector("select");
    selects.set(li.dataset.card, select);
  }
  for (const cell of table.querySelectorAll("[data-card-cell]")) {
    const drop = cell.querySelector("[data-drop]");
    const label = [...cell.closest("tr").querySelectorAll("th")].map((th) => th.textContent.trim())[0];
    const column = table.querySelectorAll("thead th")[cell.cellIndex - 1]?.textContent.trim();
    cell.dataset.zone = drop.dataset.drop;
    cell.dataset.zoneLabel = `${label} — ${column}`;
    drop.dataset.zoneList = "";
    const button = el("button", { type: "button", class: "zone__target", "data-place-here": "" });
    button.textContent = "Place here";
    button.setAttribute("aria-label", `Place here: ${label} — ${column}`);
    cell.append(button);
  }
  for (const li of sort.querySelectorAll("[data-card]")) {
    const select = selects.get(li.dataset.card);
    const item = chip(li.dataset.card, li.querySelector("label").textContent.trim(), helpId);
    const cell = select.value && table.querySelector(`[data-drop="${CSS.escape(select.value)}"]`);
    (cell || tray.querySelector("[data-zone-list]")).append(item);
  }
  const sync = () => {
    for (const c of table.querySelectorAll(".chip")) {
      const z = c.closest("[data-zone]");
      selects.get(c.dataset.card).value = z.dataset.zone;
    }
  };
  sort.hidden = true;
  const intro = help(
    helpId,
    "Drag each statement into its cell, or select it and then a “Place here” button. " +
      "Keyboard: Space picks a statement up, arrow keys move it between cells, Space drops it.",
  );
  table.prepend(intro, tray);
  new Board(board, { ordered: false, announce: liveRegion(table), onChange: sync });
}

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
  enhanceProcessMap(activity);
  enhanceCardSort(activity);
  wire(activity);
}
