// Typesets TeX maths (builder/markdown math.go writes it into .math
// elements) with the KaTeX bundled in the theme. A formula KaTeX cannot
// read is shown in red with the error as its tooltip, not dropped.
(function () {
  "use strict";
  if (!window.katex) return;
  document.querySelectorAll(".math").forEach(function (el) {
    window.katex.render(el.textContent, el, {
      displayMode: el.classList.contains("math-display"),
      throwOnError: false,
    });
  });
})();
