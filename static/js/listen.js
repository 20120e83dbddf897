// "Listen to this lesson": plays each section's audio in turn, highlights the sentence being
// read, lets a click on a sentence jump to it, and remembers where the learner stopped. With no
// server audio it reads with the browser's own voice instead, and says so.
import { BrowserVoice, browserVoiceAvailable } from "./listen-browser-voice.js";
import { loadListeningPosition, saveListeningPosition } from "./listen-position.js";
import { currentSentence, highlight, sectionSentences } from "./listen-sentences.js";
import { Dock } from "./listen-dock.js";
import { clock, SeekBar } from "./listen-seek.js";
import { ServerAudio, SectionUnavailable } from "./listen-server-audio.js";

const panel = document.querySelector("[data-listen]");
if (panel) start(panel);

function start(panel) {
  const lessonId = panel.dataset.lesson;
  const ui = {
    player: panel.querySelector("[data-player]"),
    status: panel.querySelector("[data-status]"),
    now: panel.querySelector("[data-now]"),
    toggle: panel.querySelector('[data-action="toggle"]'),
    toggleLabel: panel.querySelector("[data-toggle-label]"),
    speed: panel.querySelector("[data-speed]"),
    voice: panel.querySelector("[data-voice]"),
    voiceField: panel.querySelector("[data-voice-field]"),
    shortcuts: panel.querySelector("[data-shortcuts]"),
    mode: panel.querySelector("[data-mode]"),
    start: panel.querySelector('[data-action="play-lesson"]'),
    expand: panel.querySelector('[data-action="expand"]'),
    close: panel.querySelector('[data-action="close"]'),
  };
  const saved = loadListeningPosition(lessonId);
  const state = {
    manifest: null,
    voice: saved?.voice || null,
    index: -1, // the section loaded into the player
    scope: "lesson", // or "section": stop at the end of the section
    playing: false,
    source: null, // ServerAudio or BrowserVoice
    usingBrowser: false,
  };
  const events = {
    onSentence: (id) => {
      if (id !== currentSentence()) highlight(id);
      showNow();
    },
    onTime: () => showNow(),
    onEnded: () => next(),
  };
  const server = new ServerAudio(events);
  const browser = browserVoiceAvailable ? new BrowserVoice(events) : null;
  const dock = new Dock(ui.player, { expandButton: ui.expand, closeButton: ui.close });
  const seekBar = new SeekBar(panel.querySelector("[data-seek]"), panel.querySelector("[data-time]"), seek);

  function say(message) {
    ui.status.textContent = message;
  }

  async function loadManifest() {
    const url = new URL(panel.dataset.manifest, location.href);
    if (state.voice) url.searchParams.set("voice", state.voice);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`the lesson's audio list could not be loaded (${response.status})`);
    state.manifest = await response.json();
    state.voice = state.manifest.voice;
    if (!state.manifest.engine.available) useBrowser(state.manifest.engine.message);
    showVoices();
    addSectionButtons();
  }

  function useBrowser(reason) {
    if (!browser) {
      say(`Audio isn't available for this lesson${reason ? `: ${reason}` : ""}.`);
      return false;
    }
    state.usingBrowser = true;
    ui.mode.hidden = false;
    ui.voiceField.hidden = true;
    say("The server has no audio for this lesson, so your browser's own voice will read it.");
    return true;
  }

  function showVoices() {
    const voices = state.manifest.voices;
    ui.voice.replaceChildren(...voices.map((v) => new Option(v.label, v.id, false, v.id === state.voice)));
    ui.voiceField.hidden = state.usingBrowser || voices.length < 2;
  }

  function addSectionButtons() {
    for (const section of state.manifest.sections) {
      const heading = document.getElementById(section.id);
      if (!heading || heading.nextElementSibling?.matches("[data-listen-section]")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "listen-section";
      button.dataset.listenSection = section.id;
      button.textContent = "Listen to this section";
      button.setAttribute("aria-label", `Listen to this section: ${section.title}`);
      button.addEventListener("click", () => play(section.id, null, "section"));
      heading.after(button);
    }
  }

  function sectionIndex(id) {
    return state.manifest.sections.findIndex((s) => s.id === id);
  }

  function sectionOfSentence(sentenceId) {
    return state.manifest.sections.find((s) => {
      const rest = sentenceId.slice(s.id.length + 3);
      return sentenceId.startsWith(`s-${s.id}-`) && /^\d+(-s)*$/.test(rest);
    });
  }

  // Load a section into the player, at a sentence or a time. Returns false if nothing can play.
  async function open(index, at) {
    const section = state.manifest.sections[index];
    if (!section) return false;
    if (state.source && state.source !== browser) state.source.stop();
    state.index = index;
    if (!state.usingBrowser) {
      if (!section.ready) say(`Preparing the audio for “${section.title}”… it will play in a moment.`);
      try {
        await server.load(section, at);
        section.ready = true;
        state.source = server;
        return true;
      } catch (error) {
        if (!(error instanceof SectionUnavailable) || !useBrowser(error.message)) {
          say(`Sorry, “${section.title}” can't be played: ${error.message}`);
          return false;
        }
      }
    }
    browser.load(sectionSentences(section.id), at?.sentence);
    state.source = browser;
    return true;
  }

  async function play(sectionId, at, scope = "lesson") {
    if (!state.manifest) await ready;
    if (!state.manifest) return;
    state.scope = scope;
    const index = Math.max(0, sectionIndex(sectionId));
    if (!(await open(index, at))) return setPlaying(false);
    resume();
  }

  async function resume() {
    if (!state.source) return startLesson();
    setPlaying(true);
    const section = state.manifest.sections[state.index];
    say(`Playing “${section.title}”${state.usingBrowser ? " with your browser's voice" : ""}.`);
    try {
      await state.source.play();
    } catch (error) {
      setPlaying(false);
      say(`Playback didn't start: ${error.message}`);
    }
  }

  function pause() {
    if (!state.source) return;
    state.source.pause();
    setPlaying(false);
    say("Paused.");
    remember();
  }

  function startLesson() {
    const resumeAt = loadListeningPosition(lessonId);
    if (resumeAt && sectionIndex(resumeAt.section) >= 0) {
      return play(resumeAt.section, resumeAt, "lesson");
    }
    return play(state.manifest?.sections[0]?.id, null, "lesson");
  }

  async function next() {
    const more = state.scope === "lesson" && state.index + 1 < state.manifest.sections.length;
    if (!more) {
      setPlaying(false);
      highlight(null);
      say(state.scope === "lesson" ? "You have reached the end of the lesson." : "End of this section.");
      if (state.scope === "lesson") saveListeningPosition(lessonId, { section: state.manifest.sections[0].id, voice: state.voice });
      state.source = null;
      return;
    }
    if (await open(state.index + 1, null)) resume();
    else setPlaying(false);
  }

  function setPlaying(playing) {
    state.playing = playing;
    ui.toggle.setAttribute("aria-pressed", String(playing));
    ui.toggleLabel.textContent = playing ? "Pause" : "Play";
    dock.set(playing || !!state.source);
    if (!state.source) seekBar.clear();
  }

  // The seek bar moved: seconds into the section's audio, or a sentence of the browser's voice.
  function seek(value) {
    if (!state.source) return;
    if (state.source === server) server.seekTime(value);
    else browser.seekTo(value);
    remember();
  }

  function toggleControls() {
    const expanded = dock.toggleExpanded();
    say(expanded ? "Showing all the player's controls." : "Showing the compact player.");
  }

  // Closing stops playback and returns the player to the lesson's panel; where the learner
  // stopped is kept, so "Listen to this lesson" carries on from there.
  function close() {
    if (state.source) {
      remember();
      state.source.stop();
    }
    state.source = null;
    highlight(null);
    setPlaying(false);
    say("Player closed. “Listen to this lesson” carries on where you stopped.");
    ui.start.focus();
  }

  function toggle() {
    if (state.playing) pause();
    else resume();
  }

  function skip(seconds) {
    if (!state.source) return;
    state.source.skip(seconds);
    remember();
  }

  function stepSentence(step) {
    if (!state.source) return;
    if (state.source === server) server.stepSentence(step);
    else browser.seekTo(browser.index + step);
    remember();
  }

  async function seekSentence(id) {
    const section = sectionOfSentence(id);
    if (!section) return;
    const index = sectionIndex(section.id);
    if (index === state.index && state.source) {
      state.source.seekSentence(id);
      if (!state.playing) resume();
    } else {
      await play(section.id, { sentence: id }, state.scope);
    }
    remember();
  }

  function setSpeed(rate) {
    server.setRate(rate);
    browser?.setRate(rate);
    say(`Speed ${rate}×.`);
  }

  async function setVoice(voice) {
    const at = state.source ? { sentence: currentSentence() } : null;
    const wasPlaying = state.playing;
    if (state.source) state.source.pause();
    state.voice = voice;
    await loadManifest();
    say(`Voice: ${ui.voice.selectedOptions[0]?.text || voice}.`);
    if (at && state.index >= 0 && (await open(state.index, at)) && wasPlaying) resume();
    else setPlaying(false);
    remember();
  }

  let lastSaved = 0;
  function remember() {
    if (!state.source || state.index < 0) return;
    lastSaved = Date.now();
    const section = state.manifest.sections[state.index].id;
    saveListeningPosition(lessonId, { section, voice: state.voice, ...state.source.position });
  }

  function showNow() {
    const section = state.manifest?.sections[state.index];
    if (!section) return;
    const time = state.source === server ? ` · ${clock(server.time)} / ${clock(server.duration)}` : "";
    ui.now.textContent = `${section.title}${time}`;
    if (state.source === server) seekBar.show(server.time, server.duration);
    else if (state.source === browser) seekBar.show(browser.index, browser.sentences.length - 1, true);
    if (state.playing && Date.now() - lastSaved > 5000) remember();
  }

  // Controls
  panel.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "play-lesson") startLesson();
    else if (action === "toggle") toggle();
    else if (action === "back") skip(-10);
    else if (action === "forward") skip(10);
    else if (action === "previous") stepSentence(-1);
    else if (action === "next") stepSentence(1);
    else if (action === "expand") toggleControls();
    else if (action === "close") close();
  });
  ui.speed.addEventListener("change", () => setSpeed(Number(ui.speed.value)));
  ui.voice.addEventListener("change", () => setVoice(ui.voice.value));

  // A click on a sentence of the lesson jumps there (links keep working as links).
  document.querySelector(".lesson")?.addEventListener("click", (event) => {
    const piece = event.target.closest(".s[data-s]");
    if (!piece || event.target.closest("a, button, input, select, textarea, summary, label")) return;
    if (!document.body.classList.contains("is-listening")) return;
    if (window.getSelection()?.toString()) return; // selecting text, not asking to jump
    seekSentence(piece.dataset.s);
  });

  // Single-key shortcuts (can be turned off, as they may clash with assistive technology).
  const SHORTCUTS = {
    k: toggle,
    j: () => skip(-10),
    l: () => skip(10),
    ",": () => stepSentence(-1),
    ".": () => stepSentence(1),
    "[": () => changeSpeed(-1),
    "]": () => changeSpeed(1),
  };
  function changeSpeed(step) {
    const options = [...ui.speed.options];
    const at = Math.min(Math.max(ui.speed.selectedIndex + step, 0), options.length - 1);
    ui.speed.selectedIndex = at;
    setSpeed(Number(ui.speed.value));
  }
  try {
    ui.shortcuts.checked = localStorage.getItem("listen:shortcuts") !== "off";
  } catch (e) { /* storage disabled: shortcuts stay on for this page */ }
  ui.shortcuts.addEventListener("change", () => {
    try {
      localStorage.setItem("listen:shortcuts", ui.shortcuts.checked ? "on" : "off");
    } catch (e) { /* storage disabled */ }
    say(`Keyboard shortcuts ${ui.shortcuts.checked ? "on" : "off"}.`);
  });
  document.addEventListener("keydown", (event) => {
    if (!ui.shortcuts.checked || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    const action = SHORTCUTS[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  });
  window.addEventListener("pagehide", remember);

  ui.player.hidden = false;
  panel.querySelector("[data-no-script]")?.remove();
  if (saved) say(`You can carry on where you stopped, in “${saved.section}”.`);
  const ready = loadManifest().catch((error) => say(`Listening isn't available: ${error.message}`));
  ready.then(() => {
    const section = saved && state.manifest?.sections.find((s) => s.id === saved.section);
    if (section) say(`Press “Listen to this lesson” to carry on from “${section.title}”.`);
  });
}
