// In a lesson opened by a SCORM package (app/web/scorm), tell the package's page, which frames
// this one, how the learner is doing: completion, score and position, as the server computes
// them. Posted only to the origin the launch named; outside a package launch this does nothing
// (a page not in a frame asks nothing; one in another frame gets a 404 and stops).
const script = document.querySelector("script[data-package-status]");
let origin = null;
let running = false;
let again = false;

async function relay() {
  const response = await fetch(script.dataset.packageStatus, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) return false;
  const status = await response.json();
  origin = status.origin;
  const { origin: _, ...message } = status;
  window.parent.postMessage(message, origin);
  return true;
}

function update() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  relay()
    .then((launched) => {
      if (!launched) document.removeEventListener("lesson:progress", update);
    })
    .catch(() => {}) // the next change tries again
    .finally(() => {
      running = false;
      if (again) {
        again = false;
        update();
      }
    });
}

if (script && window.parent !== window) {
  document.addEventListener("lesson:progress", update);
  update();
}
