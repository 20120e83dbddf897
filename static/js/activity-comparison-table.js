// Comparison tables, enhanced: statement cards are dragged (or picked and placed) into their
// cells; the plain selects underneath stay the form's fields.
import { Board, carryMarks, chip, el, enhanceActivities, help, liveRegion, zone } from "./activity-kit.js";

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
    carryMarks(li, item);
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

enhanceActivities("comparison-table", enhanceCardSort);
