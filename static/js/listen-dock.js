// Where the player sits: in the lesson's panel until something is loaded, then docked at the
// bottom of the window. Docked, it is a one-row bar on a phone (the other controls fold away
// behind "All controls") and the whole player on wider screens; closing it stops playback and
// puts it back in the panel. The page keeps room below the text for the bar, however tall.
const PHONE = window.matchMedia("(max-width: 40rem)");

export class Dock {
  constructor(player, { expandButton, closeButton }) {
    this.player = player;
    this.expandButton = expandButton;
    this.closeButton = closeButton;
    this.docked = false;
    this.expanded = true;
    new ResizeObserver(() => this.makeRoom()).observe(player);
  }

  // Docking a player that wasn't docked picks the layout for the screen it is on.
  set(docked) {
    if (docked && !this.docked) this.expanded = !PHONE.matches;
    this.docked = docked;
    this.player.classList.toggle("player--docked", docked);
    this.expandButton.hidden = !docked;
    this.closeButton.hidden = !docked;
    document.body.classList.toggle("is-listening", docked);
    this.show();
  }

  toggleExpanded() {
    this.expanded = !this.expanded;
    this.show();
    return this.expanded;
  }

  show() {
    const compact = this.docked && !this.expanded;
    this.player.classList.toggle("player--compact", compact);
    this.expandButton.setAttribute("aria-expanded", String(!compact));
    this.makeRoom();
  }

  makeRoom() {
    const height = this.docked ? this.player.offsetHeight : 0;
    document.body.style.setProperty("--player-space", `${height}px`);
  }
}
