// The fallback reader: the browser's own speech synthesis, sentence by sentence, used when the
// server has no audio for a section (no engine installed). It offers the same calls as the
// server-audio player, so the controls need not know which one is playing.
export const browserVoiceAvailable = "speechSynthesis" in window;

export class BrowserVoice {
  constructor({ onSentence, onEnded }) {
    this.onSentence = onSentence;
    this.onEnded = onEnded;
    this.sentences = [];
    this.index = 0;
    this.rate = 1;
    this.playing = false;
    this.generation = 0; // utterances of an earlier generation were cancelled: ignore their events
  }

  load(sentences, startId) {
    this.stop();
    this.sentences = sentences;
    const at = sentences.findIndex((s) => s.id === startId);
    this.index = Math.max(0, at);
  }

  play() {
    this.playing = true;
    this.speak();
  }

  pause() {
    this.stop(); // resume() is unreliable across browsers: play() restarts the sentence
  }

  stop() {
    this.playing = false;
    this.generation += 1;
    speechSynthesis.cancel();
  }

  // Seconds mean nothing to a voice without a timeline: ±10 s moves by one sentence.
  skip(seconds) {
    this.seekTo(this.index + (seconds < 0 ? -1 : 1));
  }

  seekSentence(id) {
    const at = this.sentences.findIndex((s) => s.id === id);
    if (at >= 0) this.seekTo(at);
  }

  seekTo(index) {
    this.index = Math.min(Math.max(index, 0), this.sentences.length - 1);
    if (this.playing) {
      this.generation += 1;
      speechSynthesis.cancel();
      this.speak();
    } else {
      this.onSentence(this.sentences[this.index]?.id);
    }
  }

  setRate(rate) {
    this.rate = rate;
    if (this.playing) this.seekTo(this.index);
  }

  speak() {
    const sentence = this.sentences[this.index];
    if (!sentence) {
      this.playing = false;
      this.onEnded();
      return;
    }
    const generation = this.generation;
    const utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = document.documentElement.lang || "en";
    utterance.rate = this.rate;
    utterance.onend = () => {
      if (!this.playing || generation !== this.generation) return;
      this.index += 1;
      this.speak();
    };
    this.onSentence(sentence.id);
    speechSynthesis.speak(utterance);
  }

  get position() {
    return { sentence: this.sentences[this.index]?.id, time: 0 };
  }
}
