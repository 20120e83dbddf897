// Where a learner stopped listening, per lesson: saved on the server as progress (so it follows
// them to other devices once they sign in) and in this browser, whichever is newer wins.
import { progressEvent, sendEvents } from "./progress-events.js";

const PREFIX = "listen:";
const INTRO = "page-intro"; // app/core/speech/script.py INTRO_SECTION
let lastSent = { key: "", at: 0 };

export function saveListeningPosition(lessonId, position) {
  const savedAt = Date.now();
  try {
    localStorage.setItem(PREFIX + lessonId, JSON.stringify({ ...position, savedAt }));
  } catch (e) { /* storage full or disabled: the server copy still counts */ }
  // The server hears of a new section at once, of progress within one every 15 seconds. The
  // introduction is no section of the lesson there: stopping in it is the lesson's start.
  if (position.section === INTRO) return;
  const key = `${lessonId}#${position.section}`;
  if (key === lastSent.key && savedAt - lastSent.at < 15_000) return;
  lastSent = { key, at: savedAt };
  const offset = Math.max(0, Number(position.time) || 0);
  sendEvents([progressEvent(lessonId, "position", { kind: "listening", section: position.section, offset })]);
}

function fromServer() {
  const raw = document.querySelector("article[data-listening]")?.dataset.listening;
  try {
    const saved = raw ? JSON.parse(raw) : null;
    return saved && typeof saved.section === "string" ? saved : null;
  } catch (e) {
    return null;
  }
}

export function loadListeningPosition(lessonId) {
  let local = null;
  try {
    const saved = JSON.parse(localStorage.getItem(PREFIX + lessonId) || "null");
    local = saved && typeof saved.section === "string" ? saved : null;
  } catch (e) { /* unreadable: use the server's */ }
  const server = fromServer();
  if (!server) return local;
  if (!local || (local.savedAt || 0) < server.savedAt) return { ...local, ...server };
  return local;
}
