// Cards in zones, moved by pointer drag (mouse, pen, touch), by keyboard, or by click-then-click.
//
// Keyboard: Space/Enter picks a card up; arrow keys move it (up/down within a zone,
// left/right to the previous/next zone); Space/Enter drops it; Escape puts it back.
// Without dragging: activate a card, then a "Place here" button or another card.

const DRAG_THRESHOLD = 6;

export class Board {
  /**
   * @param {HTMLElement} root  element holding the zones ([data-zone] with a [data-zone-list])
   * @param {{ordered: boolean, announce: (msg: string) => void, onChange: () => void}} options
   */
  constructor(root, { ordered, announce, onChange }) {
    this.root = root;
    this.ordered = ordered;
    this.announce = announce;
    this.onChange = onChange;
    this.held = null; // { chip, zone, index } while a card is picked up
    root.addEventListener("click", (e) => this.onClick(e));
    root.addEventListener("keydown", (e) => this.onKey(e));
    root.addEventListener("pointerdown", (e) => this.onPointerDown(e));
  }

  zones() {
    return [...this.root.querySelectorAll("[data-zone]")];
  }

  listOf(zone) {
    return zone.querySelector("[data-zone-list]");
  }

  zoneName(zone) {
    return zone.dataset.zoneLabel || zone.dataset.zone;
  }

  chipLabel(chip) {
    return chip.querySelector("button").textContent.trim();
  }

  where(chip) {
    const zone = chip.closest("[data-zone]");
    const chips = [...this.listOf(zone).children];
    if (!this.ordered) return `in ${this.zoneName(zone)}`;
    return `position ${chips.indexOf(chip) + 1} of ${chips.length} in ${this.zoneName(zone)}`;
  }

  moveTo(chip, zone, before = null) {
    const list = this.listOf(zone);
    if (before && before.parentElement === list) list.insertBefore(chip, before);
    else list.appendChild(chip);
    this.onChange();
  }

  pickUp(chip) {
    const zone = chip.closest("[data-zone]");
    this.held = { chip, zone, index: [...this.listOf(zone).children].indexOf(chip) };
    chip.classList.add("is-held");
    chip.querySelector("button").setAttribute("aria-pressed", "true");
    this.root.classList.add("is-placing");
    this.announce(
      `${this.chipLabel(chip)}, picked up, ${this.where(chip)}. Use the arrow keys or a “Place here” ` +
        "button to move it, Space to drop, Escape to cancel.",
    );
  }

  drop(message) {
    if (!this.held) return;
    const { chip } = this.held;
    chip.classList.remove("is-held");
    chip.querySelector("button").setAttribute("aria-pressed", "false");
    this.root.classList.remove("is-placing");
    this.held = null;
    this.announce(message || `${this.chipLabel(chip)}, dropped, ${this.where(chip)}.`);
  }

  cancel() {
    if (!this.held) return;
    const { chip, zone, index } = this.held;
    const list = this.listOf(zone);
    chip.remove();
    list.insertBefore(chip, list.children[index] || null);
    this.onChange();
    this.drop(`${this.chipLabel(chip)}, move cancelled, ${this.where(chip)}.`);
    chip.querySelector("button").focus();
  }

  onClick(event) {
    const target = event.target.closest("[data-place-here]");
    if (target && this.held) {
      const chip = this.held.chip;
      this.moveTo(chip, target.closest("[data-zone]"));
      this.drop(`${this.chipLabel(chip)}, moved to ${this.where(chip)}.`);
      chip.querySelector("button").focus();
      return;
    }
    const button = event.target.closest(".chip > button");
    if (!button || this.suppressClick) return;
    const chip = button.parentElement;
    if (!this.held) this.pickUp(chip);
    else if (this.held.chip === chip) this.drop();
    else {
      const held = this.held.chip;
      this.moveTo(held, chip.closest("[data-zone]"), this.ordered ? chip : null);
      this.drop(`${this.chipLabel(held)}, moved to ${this.where(held)}.`);
      held.querySelector("button").focus();
    }
  }

  onKey(event) {
    const button = event.target.closest(".chip > button");
    if (!button || !this.held || this.held.chip !== button.parentElement) {
      if (event.key === "Escape" && this.held) this.cancel();
      return;
    }
    const chip = this.held.chip;
    const zone = chip.closest("[data-zone]");
    const list = this.listOf(zone);
    const zones = this.zones();
    let moved = true;
    if (event.key === "ArrowUp" && this.ordered && chip.previousElementSibling) {
      list.insertBefore(chip, chip.previousElementSibling);
    } else if (event.key === "ArrowDown" && this.ordered && chip.nextElementSibling) {
      list.insertBefore(chip.nextElementSibling, chip);
    } else if (["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(event.key)) {
      const step = event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 1;
      const next = zones[zones.indexOf(zone) + step];
      if (next) this.listOf(next).appendChild(chip);
      else moved = false;
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.cancel();
      return;
    } else {
      return; // Space and Enter arrive as clicks on the button
    }
    event.preventDefault();
    button.focus();
    if (moved) {
      this.onChange();
      this.announce(`${this.chipLabel(chip)}, ${this.where(chip)}.`);
    }
  }

  // Pointer drags (mouse and pen) leave the layout alone until the drop: the zone and the place
  // under the pointer are only outlined, so no target moves while the learner aims at it. Near
  // the window's edges (or a sideways-scrolling box's) the page scrolls on its own. Touch never
  // drags: a finger on a card scrolls the page, and a tap picks the card up to place it.
  onPointerDown(event) {
    const button = event.target.closest(".chip > button");
    if (!button || event.button !== 0 || event.pointerType === "touch") return;
    const chip = button.parentElement;
    const start = { x: event.clientX, y: event.clientY };
    const pointer = { x: event.clientX, y: event.clientY };
    let ghost = null;
    let spot = null; // { zone, before } the card would land in, outlined
    let frame = 0;

    const mark = () => {
      const next = this.spotAt(chip, pointer.x, pointer.y);
      if (spot?.zone === next?.zone && spot?.before === next?.before) return;
      spot?.zone.classList.remove("is-drop-target");
      spot?.before?.classList.remove("is-insert-before");
      spot = next;
      spot?.zone.classList.add("is-drop-target");
      spot?.before?.classList.add("is-insert-before");
    };
    const scroll = () => {
      frame = 0;
      if (!ghost) return;
      if (autoScroll(document.elementFromPoint(pointer.x, pointer.y), pointer.x, pointer.y)) mark();
      frame = requestAnimationFrame(scroll);
    };
    const move = (e) => {
      pointer.x = e.clientX;
      pointer.y = e.clientY;
      if (!ghost) {
        if (Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD) return;
        ghost = chip.cloneNode(true);
        ghost.classList.add("chip--ghost");
        ghost.setAttribute("aria-hidden", "true");
        document.body.appendChild(ghost);
        chip.classList.add("is-dragging");
        button.setPointerCapture?.(e.pointerId);
        frame = requestAnimationFrame(scroll);
      }
      e.preventDefault();
      ghost.style.setProperty("--x", `${e.clientX}px`);
      ghost.style.setProperty("--y", `${e.clientY}px`);
      mark();
    };
    const up = (e) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
      if (!ghost) return;
      cancelAnimationFrame(frame);
      ghost.remove();
      ghost = null;
      chip.classList.remove("is-dragging");
      if (e.type === "pointerup") {
        pointer.x = e.clientX;
        pointer.y = e.clientY;
        mark();
      }
      spot?.zone.classList.remove("is-drop-target");
      spot?.before?.classList.remove("is-insert-before");
      if (e.type !== "pointerup") spot = null; // a cancelled drag leaves the card where it was
      if (this.held) this.drop();
      if (spot) {
        this.moveTo(chip, spot.zone, spot.before);
        this.announce(`${this.chipLabel(chip)}, dropped, ${this.where(chip)}.`);
      } else {
        this.announce(`${this.chipLabel(chip)}, not moved, ${this.where(chip)}.`);
      }
      // the click that follows a drag must not pick the card up
      this.suppressClick = true;
      setTimeout(() => (this.suppressClick = false), 0);
    };
    window.addEventListener("pointermove", move, { passive: false });
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
  }

  /** The zone under (x, y) and, on ordered boards, the card the dragged one would go before. */
  spotAt(chip, x, y) {
    const zone = document.elementFromPoint(x, y)?.closest("[data-zone]");
    if (!zone || !this.root.contains(zone)) return null;
    const others = [...this.listOf(zone).children].filter((c) => c !== chip);
    const before = this.ordered
      ? others.find((c) => {
          const r = c.getBoundingClientRect();
          return y < r.top + r.height / 2;
        }) || null
      : null;
    return { zone, before };
  }
}

const EDGE = 48; // px from an edge where scrolling starts
const MAX_STEP = 18; // px per frame at the very edge

function step(distance) {
  return distance < EDGE ? Math.ceil(MAX_STEP * (1 - Math.max(distance, 0) / EDGE)) : 0;
}

/**
 * Scrolls the boxes under the pointer that scroll sideways, then the window, when the pointer is
 * near their edges. Returns whether anything moved.
 */
function autoScroll(under, x, y) {
  let moved = false;
  for (let box = under; box && box !== document.body; box = box.parentElement) {
    if (box.scrollWidth <= box.clientWidth || !/(auto|scroll)/.test(getComputedStyle(box).overflowX)) continue;
    const r = box.getBoundingClientRect();
    const dx = step(r.right - x) - step(x - r.left);
    const before = box.scrollLeft;
    if (dx) box.scrollLeft += dx;
    moved ||= box.scrollLeft !== before;
  }
  const dy = step(window.innerHeight - y) - step(y);
  const dx = step(window.innerWidth - x) - step(x);
  if (dx || dy) {
    const [sx, sy] = [window.scrollX, window.scrollY];
    window.scrollBy({ left: dx, top: dy, behavior: "instant" });
    moved ||= window.scrollX !== sx || window.scrollY !== sy;
  }
  return moved;
}

/** A visually hidden live region for a board's announcements. */
export function liveRegion(parent) {
  const region = document.createElement("p");
  region.className = "visually-hidden";
  region.setAttribute("aria-live", "assertive");
  region.dataset.announcer = "";
  parent.appendChild(region);
  return (message) => {
    region.textContent = "";
    requestAnimationFrame(() => (region.textContent = message));
  };
}
