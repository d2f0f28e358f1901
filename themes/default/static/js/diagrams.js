// Draws ```mermaid blocks (builder/markdown diagram.go renders them as
// <pre class="mermaid">) with the mermaid.js bundled in the theme, in the
// colour scheme the page shows, and again when the reader switches it.
(function () {
  "use strict";
  var blocks = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  if (!blocks.length || !window.mermaid) return;
  blocks.forEach(function (b) { b.dataset.source = b.textContent; });
  var os = window.matchMedia("(prefers-color-scheme: dark)");

  function dark() {
    var chosen = document.documentElement.dataset.theme;
    return chosen ? chosen === "dark" : os.matches;
  }

  var drawn = null;
  function draw() {
    var scheme = dark() ? "dark" : "default";
    if (scheme === drawn) return;
    drawn = scheme;
    blocks.forEach(function (b) {
      b.removeAttribute("data-processed");
      b.textContent = b.dataset.source;
    });
    // strict: a diagram from a pull request can run no script and no HTML.
    window.mermaid.initialize({ startOnLoad: false, theme: scheme, securityLevel: "strict" });
    window.mermaid.run({ nodes: blocks }).catch(function () {
      // mermaid has already written its error into the failing block.
    });
  }

  draw();
  new MutationObserver(draw).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  if (os.addEventListener) os.addEventListener("change", draw);
})();
