// The phone header menu is a plain <details> that works without scripts; with them it also
// closes the way menus do: Escape (focus back on "Menu"), a click or tap outside it, or moving
// the keyboard focus out of it.
const menu = document.querySelector("[data-site-menu]");

if (menu) {
  const toggle = menu.querySelector("summary");
  const close = (refocus) => {
    if (!menu.open) return;
    menu.open = false;
    if (refocus) toggle.focus();
  };
  menu.addEventListener("keydown", (e) => {
    if (e.key === "Escape") close(true);
  });
  document.addEventListener("click", (e) => {
    if (!menu.contains(e.target)) close(false);
  });
  menu.addEventListener("focusout", (e) => {
    if (e.relatedTarget && !menu.contains(e.relatedTarget)) close(false);
  });
}
