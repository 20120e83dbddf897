// In a lesson opened by an LMS package, tell the LMS how the learner is doing, as the server
// computes it. Outside a package launch this does nothing.
// - SCORM (app/web/scorm): the package's page frames this one; post completion, score and
//   position to it, only to the origin the launch named (a page in another frame gets a 404
//   from the status and stops).
// - cmi5 (app/web/cmi5): ask the server to send the statements due to the LMS's LRS after each
//   change, and "terminated" when the learner leaves the page.
const script = document.querySelector("script[data-package-status]");
const token = () => document.querySelector('meta[name="csrf-token"]')?.content;
const inCmi5 = document.cookie.split("; ").includes("package_launch=cmi5");

/** Run ``work`` now, or once more after the run on its way; stop listening when it says so. */
function serialised(work) {
  let running = false;
  let again = false;
  function update() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    work()
      .then((goOn) => {
        if (!goOn) document.removeEventListener("lesson:progress", update);
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
  return update;
}

async function relayToPackage() {
  const response = await fetch(script.dataset.packageStatus, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) return false;
  const { origin, ...status } = await response.json();
  window.parent.postMessage(status, origin);
  return true;
}

function post(url, keepalive = false) {
  return fetch(url, {
    method: "POST",
    headers: { Accept: "application/json", "X-CSRFToken": token() },
    credentials: "same-origin",
    keepalive,
  });
}

async function syncCmi5() {
  const response = await post(script.dataset.cmi5Sync);
  return response.status !== 404;
}

if (script && inCmi5) {
  const update = serialised(syncCmi5);
  document.addEventListener("lesson:progress", update);
  window.addEventListener("pagehide", () => post(script.dataset.cmi5Terminate, true), { once: true });
  update();
} else if (script && window.parent !== window) {
  const update = serialised(relayToPackage);
  document.addEventListener("lesson:progress", update);
  update();
}
