// Hover previews for internal links: the linked page's title and first
// paragraph, shown on hover and on keyboard focus, hidden on leave, blur
// or Escape. The pointer can move from the link onto the preview and rest
// there (WCAG 1.4.13): leaving either hides it only after a moment, long
// enough to cross the gap between them.
//
// Lore writes every page's preview into a few shard files
// (_lore/preview/<k>.json, builder/graph.go), k being an FNV-1a hash of
// the page's URL modulo <html data-previews>. A shard is fetched the first
// time one of its pages is wanted and kept; nothing is fetched per hover.
(function () {
  "use strict";
  // Links to other pages of the wiki; builder/links marks them "internal"
  // and adds "same-page" or "attachment" to those that have no preview.
  var links = document.querySelectorAll("a.internal:not(.same-page):not(.attachment)");
  if (!links.length || !window.fetch) return;

  var base = document.documentElement.dataset.base || "/";

  // The preview key is the page's site-relative URL: the href without the
  // base path, percent-decoding or fragment ("/team-wiki/caf%C3%A9/#x" ->
  // "/café/").
  function keyOf(a) {
    var href = (a.getAttribute("href") || "").split("#")[0];
    if (href.indexOf(base) !== 0) return "";
    try {
      return "/" + decodeURIComponent(href.slice(base.length));
    } catch (e) {
      return "";
    }
  }
  var shards = parseInt(document.documentElement.dataset.previews || "1", 10) || 1;
  var loaded = {}; // shard number -> Promise of {url: {title, summary, type}}
  var tip = null, current = null, showTimer = 0, hideTimer = 0, overTip = false;
  var SHOW_DELAY = 250, HIDE_DELAY = 300;

  // FNV-1a over the URL's UTF-8 bytes, as PreviewShard in builder/graph.go.
  function shardOf(url) {
    var bytes = unescape(encodeURIComponent(url));
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  function load(url) {
    var k = shardOf(url);
    if (!loaded[k]) {
      // "no-cache": see lore.js's nav.json.
      loaded[k] = fetch(base + "_lore/preview/" + k + ".json", { credentials: "same-origin", cache: "no-cache" })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return loaded[k];
  }

  function element() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "link-preview";
      tip.id = "lore-link-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseenter", function () { overTip = true; clearTimeout(hideTimer); });
      tip.addEventListener("mouseleave", function () { overTip = false; hideSoon(); });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(a) {
    clearTimeout(hideTimer);
    current = a;
    var key = keyOf(a);
    if (!key) return;
    load(key).then(function (all) {
      var p = all[key];
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
    clearTimeout(showTimer);
    dismiss();
  }
  // dismiss hides the preview shown now. A delayed hide uses it rather
  // than hide, so as not to cancel the preview the pointer went on to.
  function dismiss() {
    clearTimeout(hideTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    overTip = false;
    if (tip) tip.hidden = true;
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(dismiss, HIDE_DELAY);
  }

  Array.prototype.forEach.call(links, function (a) {
    a.addEventListener("mouseenter", function () {
      clearTimeout(showTimer);
      if (current === a) { clearTimeout(hideTimer); return; } // back from the preview
      showTimer = setTimeout(function () { show(a); }, SHOW_DELAY);
    });
    a.addEventListener("mouseleave", function () {
      clearTimeout(showTimer);
      if (current === a) hideSoon();
    });
    a.addEventListener("focus", function () { show(a); });
    // A click on the preview moves focus off the link; the preview stays.
    a.addEventListener("blur", function () { if (!overTip) hide(); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
})();
