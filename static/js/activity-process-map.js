// Process maps, enhanced: the steps become cards to drag (or pick and place) into the process;
// the plain selects underneath stay the form's fields.
import { Board, carryMarks, chip, el, enhanceActivities, help, liveRegion, zone } from "./activity-kit.js";

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
    carryMarks(select.closest("[data-card]"), item);
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

enhanceActivities("process-map", enhanceProcessMap);
