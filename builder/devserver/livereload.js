// Lore live reload: injected by `lore serve` into the pages it serves,
// never into `lore build` output. Events come from /_lore/reload.
(function () {
  "use strict";
  var scrollKey = "lore-scroll:" + location.pathname;
  var boot = null;

  // Put the scroll position back after a reload this script asked for.
  try {
    var y = sessionStorage.getItem(scrollKey);
    if (y !== null) {
      sessionStorage.removeItem(scrollKey);
      var restore = function () { window.scrollTo(0, parseInt(y, 10) || 0); };
      if (document.readyState === "complete") restore(); else addEventListener("load", restore);
    }
  } catch (e) {}

  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) {}
    location.reload();
  }

  function here(pages) {
    var p = decodeURI(location.pathname);
    for (var i = 0; i < pages.length; i++) {
      var u = pages[i];
      if (u === "*" || u === p || u + "index.html" === p) return true;
    }
    return false;
  }

  // Swap a stylesheet in place: load the new one, then drop the old, so
  // the page never shows unstyled.
  function swapCSS(files) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin || files.indexOf(url.pathname) < 0) continue;
      var fresh = old.cloneNode();
      url.searchParams.set("lore-reload", Date.now().toString(36));
      fresh.href = url.pathname + url.search;
      fresh.addEventListener("load", function () { this.remove(); }.bind(old));
      fresh.addEventListener("error", function () { this.remove(); }.bind(old));
      old.after(fresh);
    }
  }

  function overlay(problems) {
    var box = document.getElementById("lore-problems");
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "lore-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:12px 16px;background:#2b0b0e;color:#ffd7d7;font:13px/1.5 ui-monospace,monospace;" +
        "border-top:3px solid #e5484d;box-shadow:0 -4px 16px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = errors.length + (errors.length === 1 ? " error" : " errors") + " in the last build (the last good version of each page is shown)";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:6px 0 0;padding-left:18px";
    errors.forEach(function (p) {
      var li = document.createElement("li");
      var where = p.file + (p.line ? ":" + p.line + (p.col ? ":" + p.col : "") : "");
      var b = document.createElement("b");
      b.className = "lore-problem-file";
      b.textContent = where;
      li.appendChild(b);
      li.appendChild(document.createTextNode(" " + p.message));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function ready(fn) {
    if (document.body) fn(); else addEventListener("DOMContentLoaded", fn);
  }

  // The gen of the site this page was served from; raised by each event
  // this tab hears, so that on connecting it can tell an update went by
  // while it was loading (two saves in quick succession).
  var script = document.currentScript;
  var gen = script ? parseInt(script.getAttribute("data-gen"), 10) || 0 : 0;

  function hello(d) {
    // A new server process (lore serve restarted): the page may be stale.
    if (boot !== null && d.boot !== boot) { reload(); return; }
    boot = d.boot;
    if (d.gen > gen) { reload(); return; }
    // Marks the page as listening (tests wait for it).
    document.documentElement.setAttribute("data-lore-live", "");
    ready(function () { overlay(d.problems || []); });
  }

  function handle(type, d) {
    switch (type) {
      case "hello": hello(d); break;
      case "reload":
        if (here(d.pages)) reload(); else gen = Math.max(gen, d.gen);
        break;
      case "css": swapCSS(d.files); gen = Math.max(gen, d.gen); break;
      case "problems": ready(function () { overlay(d.problems || []); }); break;
    }
  }

  function listen(relay) {
    var es = new EventSource("/_lore/reload");
    ["hello", "reload", "css", "problems"].forEach(function (type) {
      es.addEventListener(type, function (e) {
        var d = JSON.parse(e.data);
        if (relay) relay.postMessage({ type: type, data: d });
        handle(type, d);
      });
    });
  }

  // Browsers open at most six connections to one server over HTTP/1.1,
  // and each event stream holds one: with a stream per tab, a seventh tab
  // never loaded. One tab at a time (the holder of a Web Lock) listens and
  // relays what it hears to the others; when it closes, another takes over.
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("lore-livereload") : null;
  if (channel && navigator.locks) {
    channel.onmessage = function (e) { handle(e.data.type, e.data.data); };
    navigator.locks.request("lore-livereload", function () {
      listen(channel);
      return new Promise(function () {}); // held until the tab goes
    });
    fetch("/_lore/reload.json", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (d) { handle("hello", d); })
      .catch(function () {});
  } else {
    listen(null);
  }
})();
