// The seek bar: a native range input over the section being played. With server audio it is
// the section's timeline in seconds; with the browser's own voice, which has no timeline, it
// steps through the section's sentences. Screen readers hear "1:23 of 4:05".
export class SeekBar {
  constructor(input, time, onSeek) {
    this.input = input;
    this.time = time;
    this.dragging = false;
    input.addEventListener("pointerdown", () => { this.dragging = true; });
    input.addEventListener("change", () => { this.dragging = false; });
    input.addEventListener("input", () => {
      onSeek(Number(input.value));
      this.label(Number(input.value));
    });
  }

  // Seconds of a timeline (sentences = false) or the index of a sentence (sentences = true).
  show(value, max, sentences = false) {
    this.sentences = sentences;
    const end = Number.isFinite(max) ? Math.max(0, max) : 0;
    this.input.disabled = end <= 0 && !sentences;
    this.input.max = String(sentences ? end : Math.floor(end));
    this.end = end;
    if (!this.dragging) this.input.value = String(Math.floor(value || 0));
    this.label(Number(this.input.value));
  }

  clear() {
    this.show(0, 0);
  }

  label(value) {
    const text = this.sentences
      ? `Sentence ${value + 1} of ${this.end + 1}`
      : `${clock(value)} of ${clock(this.end)}`;
    this.input.setAttribute("aria-valuetext", text);
    this.time.textContent = this.sentences ? `${value + 1} / ${this.end + 1}` : `${clock(value)} / ${clock(this.end)}`;
  }
}

export function clock(seconds) {
  if (!Number.isFinite(seconds)) return "0:00";
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
