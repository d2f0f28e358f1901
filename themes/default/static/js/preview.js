// Hover previews for internal links: the linked page's title and first
// paragraph, shown on hover and on keyboard focus, hidden on leave, blur
// or Escape. Lore writes one small JSON per page with the previews of every
// page it links to (_lore/preview/<page path>.json, builder/graph.go); it
// is fetched once, the first time a preview is wanted, and never per hover.
(function () {
  "use strict";
  var links = document.querySelectorAll("a[data-preview]");
  if (!links.length || !window.fetch) return;

  var base = document.documentElement.dataset.base || "/";
  var data = null; // Promise of {url: {title, summary, type}}
  var tip = null, current = null, timer = 0;

  function previewsURL() {
    var path = decodeURIComponent(location.pathname).replace(/index\.html$/, "");
    var baseDec = decodeURIComponent(base);
    var rel = path.indexOf(baseDec) === 0 ? path.slice(baseDec.length) : path.replace(/^\//, "");
    rel = rel.replace(/^\/+|\/+$/g, "") || "index";
    return base + "_lore/preview/" + encodeURI(rel) + ".json";
  }

  function load() {
    if (!data) {
      data = fetch(previewsURL(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return data;
  }

  function element() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "link-preview";
      tip.id = "lore-link-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(a) {
    current = a;
    load().then(function (all) {
      var p = all[a.dataset.preview];
      if (!p || current !== a) return;
      var el = element();
      el.textContent = "";
      if (p.type) {
        var t = document.createElement("span");
        t.className = "link-preview-type";
        t.textContent = p.type;
        el.appendChild(t);
      }
      var h = document.createElement("strong");
      h.className = "link-preview-title";
      h.textContent = p.title;
      el.appendChild(h);
      if (p.summary) {
        var s = document.createElement("p");
        s.className = "link-preview-summary";
        s.textContent = p.summary;
        el.appendChild(s);
      }
      el.hidden = false;
      place(el, a);
      a.setAttribute("aria-describedby", el.id);
    });
  }

  function place(el, a) {
    var r = a.getBoundingClientRect();
    var w = el.offsetWidth, h = el.offsetHeight;
    var left = Math.min(Math.max(8, r.left), document.documentElement.clientWidth - w - 8);
    var top = r.bottom + 6;
    if (top + h > window.innerHeight && r.top - h - 6 > 0) top = r.top - h - 6;
    el.style.left = left + window.scrollX + "px";
    el.style.top = top + window.scrollY + "px";
  }

  function hide() {
    clearTimeout(timer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    if (tip) tip.hidden = true;
  }

  Array.prototype.forEach.call(links, function (a) {
    a.addEventListener("mouseenter", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(a); }, 250);
    });
    a.addEventListener("mouseleave", hide);
    a.addEventListener("focus", function () { show(a); });
    a.addEventListener("blur", hide);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
})();
