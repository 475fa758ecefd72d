// The page's theme before the first paint (src/theme.rs keeps it after): the reader's choice
// if they made one, else their system's setting. Inlined into each page by Trunk.
(function () {
  var theme = null;
  try { theme = localStorage.getItem("byline.theme"); } catch (e) {}
  if (theme !== "dark" && theme !== "light") {
    theme = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  document.documentElement.classList.add("theme-" + theme);
})();
