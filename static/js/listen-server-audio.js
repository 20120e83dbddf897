// Server audio for one section at a time: an <audio> element, the section's cue track, and the
// sentence being spoken at the current time.
export class SectionUnavailable extends Error {}

export class ServerAudio {
  constructor({ onSentence, onTime, onEnded }) {
    this.onSentence = onSentence;
    this.onTime = onTime;
    this.audio = new Audio();
    this.audio.preload = "auto";
    this.cues = [];
    this.index = -1;
    this.rate = 1;
    this.frame = 0;
    this.audio.addEventListener("ended", () => {
      this.stopFollowing();
      onEnded();
    });
    this.audio.addEventListener("timeupdate", () => this.follow());
  }

  // Fetching the cue track first also builds the section's audio when it has none yet.
  async load(section, at) {
    this.stop();
    const response = await fetch(section.cues, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      const message = body.message || `the server answered ${response.status}`;
      throw response.status === 503 ? new SectionUnavailable(message) : new Error(message);
    }
    this.cues = (await response.json()).cues;
    this.index = -1;
    this.audio.src = section.audio;
    this.audio.playbackRate = this.rate;
    await new Promise((resolve, reject) => {
      this.audio.addEventListener("loadedmetadata", resolve, { once: true });
      this.audio.addEventListener("error", () => reject(new Error("the audio file could not be loaded")), { once: true });
    });
    const cue = at?.sentence && this.cues.find((c) => c.id === at.sentence);
    this.audio.currentTime = cue ? cue.start : Math.min(at?.time || 0, this.audio.duration || 0);
    this.follow();
  }

  play() {
    this.audio.playbackRate = this.rate;
    const started = this.audio.play();
    this.startFollowing();
    return started;
  }

  pause() {
    this.audio.pause();
    this.stopFollowing();
  }

  stop() {
    this.pause();
    this.cues = [];
  }

  skip(seconds) {
    const end = Number.isFinite(this.audio.duration) ? this.audio.duration : 0;
    this.audio.currentTime = Math.min(Math.max(this.audio.currentTime + seconds, 0), end);
    this.follow();
  }

  seekTime(seconds) {
    const end = Number.isFinite(this.audio.duration) ? this.audio.duration : 0;
    this.audio.currentTime = Math.min(Math.max(seconds, 0), end);
    this.follow();
  }

  seekSentence(id) {
    const cue = this.cues.find((c) => c.id === id);
    if (cue) this.audio.currentTime = cue.start;
    this.follow();
  }

  stepSentence(step) {
    const cue = this.cues[Math.min(Math.max(this.index + step, 0), this.cues.length - 1)];
    if (cue) this.seekSentence(cue.id);
  }

  setRate(rate) {
    this.rate = rate;
    this.audio.playbackRate = rate;
  }

  get time() {
    return this.audio.currentTime;
  }

  get duration() {
    return this.audio.duration;
  }

  get position() {
    return { sentence: this.cues[this.index]?.id, time: Math.round(this.audio.currentTime * 10) / 10 };
  }

  // The cue whose interval holds the current time; cues are contiguous and in order.
  follow() {
    const t = this.audio.currentTime;
    let index = this.cues.findIndex((c) => t >= c.start && t < c.end);
    if (index < 0 && this.cues.length && t >= this.cues[this.cues.length - 1].start) index = this.cues.length - 1;
    if (index !== this.index) {
      this.index = index;
      this.onSentence(this.cues[index]?.id ?? null);
    }
    this.onTime();
  }

  startFollowing() {
    cancelAnimationFrame(this.frame);
    const tick = () => {
      this.follow();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  stopFollowing() {
    cancelAnimationFrame(this.frame);
  }
}
