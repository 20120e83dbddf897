// Applies a saved theme before the first paint, so a dark-theme reader never sees a white flash.
(function () {
  try {
    var theme = localStorage.getItem("theme");
    if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  } catch (e) { /* storage disabled: follow the system theme */ }
})();
