// The theme button cycles system → light → dark and remembers the choice.
const ORDER = ["system", "light", "dark"];

function current() {
  return document.documentElement.dataset.theme || "system";
}

function apply(theme) {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  try {
    if (theme === "system") localStorage.removeItem("theme");
    else localStorage.setItem("theme", theme);
  } catch (e) { /* storage disabled: the choice lasts for this page */ }
}

for (const button of document.querySelectorAll("[data-theme-toggle]")) {
  const name = button.querySelector("[data-theme-name]");
  name.textContent = current();
  button.hidden = false;
  button.addEventListener("click", () => {
    const next = ORDER[(ORDER.indexOf(current()) + 1) % ORDER.length];
    apply(next);
    name.textContent = next;
  });
}
