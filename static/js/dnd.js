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

  onPointerDown(event) {
    const button = event.target.closest(".chip > button");
    if (!button || event.button !== 0) return;
    const chip = button.parentElement;
    const start = { x: event.clientX, y: event.clientY };
    let ghost = null;

    const move = (e) => {
      if (!ghost) {
        if (Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD) return;
        if (this.held) this.drop();
        ghost = chip.cloneNode(true);
        ghost.classList.add("chip--ghost");
        ghost.setAttribute("aria-hidden", "true");
        document.body.appendChild(ghost);
        chip.classList.add("is-dragging");
        button.setPointerCapture?.(e.pointerId);
      }
      e.preventDefault();
      ghost.style.setProperty("--x", `${e.clientX}px`);
      ghost.style.setProperty("--y", `${e.clientY}px`);
      this.placeAt(chip, e.clientX, e.clientY);
    };
    const up = (e) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
      if (!ghost) return;
      ghost.remove();
      chip.classList.remove("is-dragging");
      this.placeAt(chip, e.clientX, e.clientY);
      this.onChange();
      this.announce(`${this.chipLabel(chip)}, dropped, ${this.where(chip)}.`);
      // the click that follows a drag must not pick the card up
      this.suppressClick = true;
      setTimeout(() => (this.suppressClick = false), 0);
    };
    window.addEventListener("pointermove", move, { passive: false });
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
  }

  placeAt(chip, x, y) {
    const zone = this.zones().find((z) => {
      const r = z.getBoundingClientRect();
      return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    });
    if (!zone) return;
    const list = this.listOf(zone);
    const others = [...list.children].filter((c) => c !== chip);
    const before = this.ordered
      ? others.find((c) => {
          const r = c.getBoundingClientRect();
          return y < r.top + r.height / 2;
        })
      : null;
    if (before) list.insertBefore(chip, before);
    else list.appendChild(chip);
  }
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
