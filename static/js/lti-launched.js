// After an LTI launch inside the LMS's frame: if this browser sends the session cookie here, go
// straight to the lesson; if not (third-party cookies blocked), leave only the new-window link.
const page = document.querySelector("[data-lti-launch]");
if (page) {
  fetch(page.dataset.sessionUrl, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : { signed_in: false }))
    .then((answer) => {
      if (answer.signed_in) {
        window.location.replace(page.dataset.target);
      } else {
        const checking = page.querySelector("[data-lti-checking]");
        if (checking) checking.hidden = true;
      }
    })
    .catch(() => {});
}
