// Lore default theme script: dark mode toggle, the navigation drawer, the
// full folder tree from _lore/nav.json, the page TOC and code copy buttons.
// Every page works without it; this only adds to what the HTML already has.
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  var darkQuery = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;

  // ---- Light and dark mode ----
  // data-theme on <html> wins over the OS; the choice is kept in
  // localStorage as "lore-theme". base.html applies it before first paint.
  function isDark() {
    var t = root.dataset.theme;
    return t ? t === "dark" : !!(darkQuery && darkQuery.matches);
  }
  var toggle = doc.querySelector(".theme-toggle");
  function syncToggle() {
    if (toggle) {
      toggle.setAttribute("aria-pressed", isDark() ? "true" : "false");
      toggle.title = isDark() ? "Switch to light mode" : "Switch to dark mode";
    }
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("lore-theme", next); } catch (e) { /* private mode */ }
      syncToggle();
    });
    if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", syncToggle);
    syncToggle();
  }
  // Print in light colours whatever the screen shows.
  var printTheme;
  addEventListener("beforeprint", function () { printTheme = root.dataset.theme; root.dataset.theme = "light"; });
  addEventListener("afterprint", function () {
    if (printTheme) root.dataset.theme = printTheme; else delete root.dataset.theme;
  });

  // ---- Navigation drawer (phones) ----
  // While open, the drawer holds focus the way a modal dialog does: it
  // covers the page and the menu button, so Tab wraps inside it, it has a
  // close button of its own, and Escape closes it.
  var sidebar = doc.getElementById("lore-sidebar");
  var navToggle = doc.querySelector(".nav-toggle");
  var backdrop = null;
  function setDrawer(open) {
    root.classList.toggle("nav-open", open);
    if (navToggle) {
      navToggle.setAttribute("aria-expanded", open ? "true" : "false");
      navToggle.setAttribute("aria-label", open ? "Hide navigation" : "Show navigation");
    }
    if (open) {
      if (!backdrop) {
        backdrop = doc.createElement("div");
        backdrop.className = "nav-backdrop";
        backdrop.addEventListener("click", function () { setDrawer(false); });
      }
      doc.body.appendChild(backdrop);
      var first = sidebar.querySelector("[aria-current=page]") || sidebar.querySelector("a,button");
      if (first) first.focus({ preventScroll: false });
    } else {
      if (backdrop) backdrop.remove();
    }
  }
  function closeDrawer() {
    setDrawer(false);
    navToggle.focus();
  }
  // closeButton puts the drawer's own close button at its top; it is made
  // here rather than written into every page, and CSS shows it only when
  // the sidebar is a drawer.
  function closeButton() {
    var b = el("button", "icon-button nav-close"), icon = el("span", "icon i-close");
    b.type = "button";
    b.setAttribute("aria-label", "Hide navigation");
    icon.setAttribute("aria-hidden", "true");
    b.appendChild(icon);
    b.addEventListener("click", closeDrawer);
    sidebar.insertBefore(b, sidebar.firstChild);
  }
  // browseLinks copies the header's Types, Tags, People... links into the
  // drawer, where phones, whose header has no room for them, find them.
  function browseLinks() {
    var top = doc.querySelector(".top-nav");
    if (!top) return;
    var copy = top.cloneNode(true);
    copy.className = "top-nav drawer-nav";
    sidebar.insertBefore(copy, sidebar.children[1] || null);
  }
  if (navToggle && sidebar) {
    closeButton();
    browseLinks();
    navToggle.addEventListener("click", function () { setDrawer(!root.classList.contains("nav-open")); });
    sidebar.addEventListener("keydown", function (e) {
      if (e.key === "Tab" && root.classList.contains("nav-open")) trapTab(sidebar, e);
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !root.classList.contains("nav-open")) return;
      // Escape in a dialog opened over the drawer (search) is the dialog's.
      var dlg = doc.activeElement && doc.activeElement.closest("[role=dialog]");
      if (!dlg || sidebar.contains(dlg)) closeDrawer();
    });
    matchMedia("(min-width: 56.01rem)").addEventListener("change", function (e) { if (e.matches) setDrawer(false); });
  }

  // focusables lists what Tab can reach inside box, in document order.
  function focusables(box) {
    return [].filter.call(box.querySelectorAll("a[href], button, input, select, textarea, [tabindex]"), function (e) {
      return e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0;
    });
  }
  // trapTab keeps Tab inside box: past the last element it goes to the
  // first and, with Shift, the other way round. Between them the browser's
  // own order applies. (search.js has the same for its dialog; a theme may
  // load either without the other.)
  function trapTab(box, e) {
    var all = focusables(box), at = all.indexOf(doc.activeElement), to = null;
    if (!all.length) return;
    if (at < 0) to = e.shiftKey ? all[all.length - 1] : all[0];
    else if (e.shiftKey && at === 0) to = all[all.length - 1];
    else if (!e.shiftKey && at === all.length - 1) to = all[0];
    if (to) { e.preventDefault(); to.focus(); }
  }

  // ---- Full folder tree ----
  // Pages carry only their neighbourhood; the whole tree is one shared file
  // the browser caches. Folders render their children when first opened.
  var base = root.dataset.base || "/";
  function abs(u) { return base + u.replace(/^\//, ""); }
  function norm(u) { try { return new URL(u, location.href).pathname; } catch (e) { return u; } }
  // A folder's page count is its "n" in nav.json (pages do not print
  // counts); a folder with none is counted from its leaves.
  function count(n) {
    if (n.n === undefined) {
      n.n = 0;
      (n.c || []).forEach(function (k) { n.n += k.c ? count(k) : 1; });
    }
    return n.n;
  }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function findPath(n, target, path) {
    path.push(n);
    if (norm(abs(n.u)) === target) return true;
    for (var i = 0; n.c && i < n.c.length; i++) if (findPath(n.c[i], target, path)) return true;
    path.pop();
    return false;
  }
  function renderList(nodes, open, current) {
    var ul = el("ul");
    nodes.forEach(function (n) { ul.appendChild(renderNode(n, open, current)); });
    return ul;
  }
  function renderNode(n, open, current) {
    var li = el("li"), a = el("a", "", n.t);
    a.href = abs(n.u);
    if (n === current) a.setAttribute("aria-current", "page");
    if (!n.c) {
      li.className = "tree-leaf";
      li.appendChild(a);
      return li;
    }
    li.className = "tree-folder";
    var row = el("div", "tree-row"), btn = el("button", "twisty");
    btn.type = "button";
    // Not the folder's name alone, which the link beside it reads too.
    btn.setAttribute("aria-label", "Contents of " + n.t);
    row.append(btn, a, el("span", "count", String(count(n))));
    li.appendChild(row);
    var sub = null;
    function set(expanded) {
      btn.setAttribute("aria-expanded", expanded ? "true" : "false");
      if (expanded && !sub) { sub = renderList(n.c, open, current); li.appendChild(sub); }
      if (sub) sub.hidden = !expanded;
    }
    btn.addEventListener("click", function () { set(btn.getAttribute("aria-expanded") !== "true"); });
    set(open.indexOf(n) >= 0);
    return li;
  }
  var tree = sidebar && sidebar.querySelector(".tree");
  if (tree && sidebar.dataset.nav && window.fetch) {
    // Asked again of the host on every page ("no-cache": a 304 when
    // unchanged): its address has no version, and hosts that send no
    // Cache-Control let browsers keep it for days after a new deploy.
    fetch(sidebar.dataset.nav, { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (nav) {
      var path = [], current = null;
      if (findPath(nav, norm(sidebar.dataset.current || location.pathname), path)) current = path[path.length - 1];
      var ul = renderList(nav.c || [], path, current);
      ul.className = "tree-full";
      tree.replaceChildren(ul);
      var cur = tree.querySelector("[aria-current=page]");
      if (cur) {
        var box = sidebar.getBoundingClientRect(), r = cur.getBoundingClientRect();
        if (r.bottom > box.bottom || r.top < box.top) sidebar.scrollTop += r.top - box.top - box.height / 3;
      }
    }).catch(function () { /* keep the inline neighbourhood */ });
  }

  // ---- Table of contents ----
  var toc = doc.querySelector(".toc");
  if (toc) {
    var details = toc.querySelector("details");
    var wide = matchMedia("(min-width: 80rem)");
    // Collapsed on narrow screens, always open beside the text when wide.
    if (details && !wide.matches) details.open = false;
    wide.addEventListener("change", function (e) { if (e.matches && details) details.open = true; });
    if (details) {
      // Beside the text the summary is a heading, not a switch: Enter on
      // it (still focusable) must not fold the contents away for good.
      details.addEventListener("toggle", function () { if (wide.matches && !details.open) details.open = true; });
    }
    var links = [].slice.call(toc.querySelectorAll("a[href^='#']"));
    var heads = links.map(function (a) { return doc.getElementById(decodeURIComponent(a.hash.slice(1))); });
    var active = null, queued = false;
    function spy() {
      queued = false;
      var top = parseFloat(getComputedStyle(root).scrollPaddingTop) || 80, pick = -1;
      for (var i = 0; i < heads.length; i++) {
        if (heads[i] && heads[i].getBoundingClientRect().top <= top + 8) pick = i;
      }
      if (innerHeight + scrollY >= doc.documentElement.scrollHeight - 2) pick = heads.length - 1;
      var a = links[pick] || null;
      if (a === active) return;
      if (active) { active.classList.remove("active"); active.removeAttribute("aria-current"); }
      active = a;
      if (a) { a.classList.add("active"); a.setAttribute("aria-current", "location"); }
    }
    addEventListener("scroll", function () { if (!queued) { queued = true; requestAnimationFrame(spy); } }, { passive: true });
    spy();
  }

  // ---- Copy buttons on code blocks ----
  if (navigator.clipboard) {
    [].forEach.call(doc.querySelectorAll(".code-block"), function (block) {
      var pre = block.querySelector("pre");
      if (!pre) return;
      var b = el("button", "copy", "Copy");
      b.type = "button";
      b.setAttribute("aria-label", "Copy code");
      b.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.innerText.replace(/\n$/, "")).then(function () {
          b.textContent = "Copied";
          setTimeout(function () { b.textContent = "Copy"; }, 1500);
        });
      });
      block.appendChild(b);
    });
  }
})();
