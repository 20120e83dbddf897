// Where a learner stopped listening, per lesson. Kept in this browser for now; when learner
// accounts exist, these two functions are the only place that has to talk to the server.
const PREFIX = "listen:";

export function saveListeningPosition(lessonId, position) {
  try {
    localStorage.setItem(PREFIX + lessonId, JSON.stringify({ ...position, savedAt: Date.now() }));
  } catch (e) { /* storage full or disabled: the position is simply not kept */ }
}

export function loadListeningPosition(lessonId) {
  try {
    const saved = JSON.parse(localStorage.getItem(PREFIX + lessonId) || "null");
    return saved && typeof saved.section === "string" ? saved : null;
  } catch (e) {
    return null;
  }
}
