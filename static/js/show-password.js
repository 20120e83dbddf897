// "Show password": a toggle button beside every password field, so a learner can check what
// they typed (on a phone above all). Without JavaScript the fields stay plain password fields.
// The button's name stays "Show password"; aria-pressed says whether the text is shown.

function addToggle(input) {
  const wrapper = document.createElement("span");
  wrapper.className = "password-field";
  input.replaceWith(wrapper);
  wrapper.append(input);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "password-field__toggle";
  button.textContent = "Show password";
  button.setAttribute("aria-pressed", "false");
  button.setAttribute("aria-controls", input.id);
  button.addEventListener("click", () => {
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    button.setAttribute("aria-pressed", String(show));
  });
  wrapper.append(button);
  // Never let a browser remember or submit the field as plain text.
  input.form?.addEventListener("submit", () => {
    input.type = "password";
    button.setAttribute("aria-pressed", "false");
  });
}

for (const input of document.querySelectorAll('input[type="password"]')) addToggle(input);
