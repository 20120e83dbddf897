// Sending progress events to the server: one function for every script that saves progress.
const token = () => document.querySelector('meta[name="csrf-token"]')?.content;
const endpoint = () => document.querySelector("[data-events-url]")?.dataset.eventsUrl;

export function progressEvent(lesson, type, extra = {}) {
  return { id: crypto.randomUUID(), type, lesson, at: new Date().toISOString(), ...extra };
}

/** Post a batch; resolves to true when the server took it (false: try again later). */
export async function sendEvents(events) {
  const url = endpoint();
  if (!url || !token() || !events.length) return true;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token(), Accept: "application/json" },
      body: JSON.stringify({ events }),
      credentials: "same-origin",
      keepalive: true,
    });
    return response.ok || response.status < 500;
  } catch {
    return false;
  }
}
