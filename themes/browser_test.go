package themes_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/browsertest"
)

// newBrowser starts headless Chromium, or skips the test when none is installed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t, 60*time.Second)
}

// serveFixture writes the fixture site to disk and serves it under /team/,
// its base path, the way a static host would.
func serveFixture(t *testing.T, out *builder.MemOutput) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range out.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.StripPrefix("/team", http.FileServer(http.Dir(dir))))
	t.Cleanup(srv.Close)
	return srv.URL + "/team"
}

// waitFor polls a JavaScript expression until it is true, with a deadline.
func waitFor(ctx context.Context, t *testing.T, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](ctx context.Context, t *testing.T, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// TestBrowserTreeToggleDrawer loads a page in headless Chromium and checks
// what lore.js adds: the full folder tree from nav.json with the current
// page marked and its folders open, the dark mode toggle remembered across
// pages, and the navigation drawer on a phone-sized window.
func TestBrowserTreeToggleDrawer(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	page := base + "/notes/deeper/2026-03-02-second/"
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1300, 900), chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}

	waitFor(ctx, t, "full tree from nav.json", `document.querySelector(".tree-full") !== null`)
	cur := eval[string](ctx, t, `(document.querySelector(".tree-full [aria-current=page]")||{}).textContent || ""`)
	if cur != "Second note" {
		t.Errorf("tree marks %q as the current page, want Second note", cur)
	}
	open := eval[[]string](ctx, t, `[...document.querySelectorAll(".tree-full .twisty[aria-expanded=true]")].map(b => b.getAttribute("aria-label"))`)
	if strings.Join(open, ",") != "Contents of Notes,Contents of Deeper" {
		t.Errorf("open folders = %v, want the current page's ancestors [Notes Deeper]", open)
	}
	// Folders outside the current path render their children only when opened.
	if n := eval[int](ctx, t, `document.querySelectorAll(".tree-full a[href$='/big/entry-01/']").length`); n != 0 {
		t.Errorf("closed folder rendered %d children", n)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.tree-full .twisty[aria-label="Contents of Big"]`))); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "opened folder lists its pages", `document.querySelectorAll(".tree-full a[href$='/big/entry-01/']").length === 1`)

	// Dark mode: the toggle sets data-theme and localStorage, and the next page starts dark.
	if got := eval[string](ctx, t, `document.querySelector(".theme-toggle").getAttribute("aria-pressed")`); got != "false" {
		t.Errorf("toggle starts pressed=%s in a light browser", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".theme-toggle"))); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "dark mode on", `document.documentElement.dataset.theme === "dark" && localStorage.getItem("lore-theme") === "dark"`)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](ctx, t, `document.documentElement.dataset.theme + " " + document.querySelector(".theme-toggle").getAttribute("aria-pressed")`); got != "dark true" {
		t.Errorf("after navigating: theme and pressed = %q, want dark true", got)
	}
	bg := eval[string](ctx, t, `getComputedStyle(document.body).backgroundColor`)
	if bg == "rgb(255, 255, 255)" {
		t.Error("dark mode left the page background white")
	}

	// Phone: the sidebar is a drawer behind the menu button, as tall as
	// the screen however short, scrolling to its last link; Escape closes it.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 240), chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	if vis := eval[string](ctx, t, `getComputedStyle(document.getElementById("lore-sidebar")).visibility`); vis != "hidden" {
		t.Errorf("drawer visibility before opening = %s, want hidden", vis)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".nav-toggle"))); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "drawer open", `document.querySelector(".nav-toggle").getAttribute("aria-expanded") === "true" && getComputedStyle(document.getElementById("lore-sidebar")).visibility === "visible"`)
	if h := eval[[]int](ctx, t, `[Math.round(document.getElementById("lore-sidebar").getBoundingClientRect().height), innerHeight]`); h[0] != h[1] {
		t.Errorf("open drawer is %dpx tall in a %dpx window, want the whole height", h[0], h[1])
	}
	reach := `(() => { const s = document.getElementById("lore-sidebar"); s.scrollTop = s.scrollHeight;
		const links = s.querySelectorAll("a"); const last = links[links.length - 1].getBoundingClientRect();
		return last.bottom <= innerHeight + 1 && s.scrollHeight > s.clientHeight; })()`
	if !eval[bool](ctx, t, reach) {
		t.Error("the drawer's last link cannot be scrolled into view (or the fixture tree fits a 240px window and tests nothing)")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "drawer closed by Escape", `document.querySelector(".nav-toggle").getAttribute("aria-expanded") === "false" && document.activeElement === document.querySelector(".nav-toggle")`)
}

// TestBrowserCodeContrast checks every highlighted token against its code
// block's background, in light and in dark mode: a colour the light style
// sets and the dark style does not must not leak into dark mode.
func TestBrowserCodeContrast(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/notes/2026-03-01-first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "highlighted code", `document.querySelectorAll("pre.chroma span").length > 5`)
	const lowContrast = `(() => {
		const rgb = s => s.match(/[\d.]+/g).slice(0, 3).map(Number);
		const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
		const pre = document.querySelector("pre.chroma");
		const bg = lum(rgb(getComputedStyle(pre).backgroundColor));
		return [...pre.querySelectorAll("span")].map(s => {
			const fg = lum(rgb(getComputedStyle(s).color));
			const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
			return ratio < 4.5 ? s.className + " " + JSON.stringify(s.textContent) + " " + ratio.toFixed(2) : "";
		}).filter(Boolean);
	})()`
	for _, mode := range []string{"light", "dark"} {
		eval[bool](ctx, t, `(document.documentElement.dataset.theme = "`+mode+`", true)`)
		if bad := eval[[]string](ctx, t, lowContrast); len(bad) > 0 {
			t.Errorf("%s mode: tokens below 4.5:1 contrast: %v", mode, bad)
		}
	}
}

// TestBrowserTextContrast checks inline text the theme colours, links,
// inline #tags and ==highlights==, against what is really behind them (a
// translucent background blended over the page's), in both modes.
func TestBrowserTextContrast(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/notes/2026-03-01-first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "inline tag and highlight", `!!document.querySelector(".content a.tag") && !!document.querySelector(".content mark")`)
	const lowContrast = `(() => {
		const rgba = s => { const v = s.match(/[\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
		const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3])).concat(1);
		const behind = el => {
			const layers = [];
			for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
			return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
		};
		const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
		return [...document.querySelectorAll(".content a, .content mark")].map(el => {
			const fg = lum(rgba(getComputedStyle(el).color)), bg = lum(behind(el));
			const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
			return ratio < 4.5 ? el.outerHTML.slice(0, 60) + " " + ratio.toFixed(2) : "";
		}).filter(Boolean);
	})()`
	for _, mode := range []string{"light", "dark"} {
		eval[bool](ctx, t, `(document.documentElement.dataset.theme = "`+mode+`", true)`)
		if bad := eval[[]string](ctx, t, lowContrast); len(bad) > 0 {
			t.Errorf("%s mode: text below 4.5:1 contrast: %v", mode, bad)
		}
	}
}

// TestBrowserDiagrams draws a ```mermaid block with the bundled mermaid.js
// and draws it again in the other colour scheme when the reader switches.
func TestBrowserDiagrams(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/notes/diagram/")); err != nil {
		t.Fatal(err)
	}
	const drawn = `!!document.querySelector("pre.mermaid svg .node")`
	waitFor(ctx, t, "diagram drawn", drawn)
	if text := eval[string](ctx, t, `document.querySelector("pre.mermaid svg").textContent`); !strings.Contains(text, "Request") || !strings.Contains(text, "Signed in?") {
		t.Errorf("diagram text %q", text)
	}
	const fill = `getComputedStyle(document.querySelector("pre.mermaid svg .node rect, pre.mermaid svg .node polygon")).fill`
	light := eval[string](ctx, t, fill)
	eval[bool](ctx, t, `(document.documentElement.dataset.theme = "dark", true)`)
	waitFor(ctx, t, "diagram redrawn dark", drawn+` && `+fill+` !== `+"`"+light+"`")
}

// TestBrowserMaths typesets inline and display maths with the bundled
// KaTeX, and shows a formula it cannot read instead of dropping it.
func TestBrowserMaths(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/notes/maths/")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "maths typeset", `document.querySelectorAll(".math .katex, .math .katex-error").length === 3`)
	if n := eval[int](ctx, t, `document.querySelectorAll(".math-display .katex-display").length`); n != 1 {
		t.Errorf("%d display formulas, want 1", n)
	}
	if n := eval[int](ctx, t, `document.querySelectorAll(".math .katex-error").length`); n != 1 {
		t.Errorf("%d formulas shown as errors, want 1", n)
	}
	// The fonts come from the site, not a CDN.
	fonts := eval[[]string](ctx, t, `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("KaTeX_"))`)
	if len(fonts) == 0 {
		t.Error("no KaTeX font loaded")
	}
	for _, f := range fonts {
		if !strings.HasPrefix(f, base+"/_lore/katex/fonts/") {
			t.Errorf("font from %s", f)
		}
	}
}

// TestBrowserTOCBox checks that on a tablet, where the table of contents is
// a box above the text, the box is as wide as the text: its measure is in
// the body font's ch, not its own smaller one.
func TestBrowserTOCBox(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(820, 1100), chromedp.Navigate(base+"/notes/2026-03-01-first/")); err != nil {
		t.Fatal(err)
	}
	w := eval[[]int](ctx, t, `[document.querySelector(".toc").getBoundingClientRect().width, document.querySelector(".page-body > .content").getBoundingClientRect().width].map(Math.round)`)
	if d := w[0] - w[1]; d < -2 || d > 2 {
		t.Errorf("contents box is %dpx wide, the text %dpx", w[0], w[1])
	}
}

// TestBrowserTOCStaysOpenWhenWide: beside the text the contents' summary
// is a heading; Enter on it must not fold the contents away, as no
// pointer could open them again.
func TestBrowserTOCStaysOpenWhenWide(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+"/notes/2026-03-01-first/")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "script ran", `document.documentElement.classList.contains("js")`)
	if err := chromedp.Do(ctx, chromedp.Focus(".toc summary"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the contents open beside the text after Enter", `document.querySelector(".toc details").open`)
}

// TestBrowserTables checks that a table stays a table (a block-styled
// table loses its semantics in some screen readers) and that on a phone
// its box scrolls instead of widening the page.
func TestBrowserTables(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/notes/2026-03-01-first/")); err != nil {
		t.Fatal(err)
	}
	got := eval[[]string](ctx, t, `(() => { const t = document.querySelector(".content table"); if (!t) return [];
		return [getComputedStyle(t).display, getComputedStyle(t.parentElement).overflowX, String(document.documentElement.scrollWidth <= innerWidth)]; })()`)
	if len(got) != 3 || got[0] != "table" || got[1] != "auto" || got[2] != "true" {
		t.Errorf("table display, box overflow-x, page fits = %v; want [table auto true]", got)
	}
}

// TestBrowserSearchOff checks that on a site without search Ctrl-K and /
// do nothing (no script listens, no dialog appears) while they open the
// dialog on a site with search, and that the dark-mode toggle stays at the
// header's right edge without the search button that pushed it there.
func TestBrowserSearchOff(t *testing.T) {
	ctx := newBrowser(t)
	toggleRight := map[bool]int{}
	for _, on := range []bool{true, false} {
		yaml := "title: Search\nbaseURL: /team/\n"
		if !on {
			yaml += "search:\n  disabled: true\n"
		}
		base := serveFixture(t, buildFiles(t, map[string]string{"lore.yaml": yaml, "content/a.md": "# A\n\nBody.\n"}))
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1300, 900), chromedp.Navigate(base+"/a/")); err != nil {
			t.Fatal(err)
		}
		waitFor(ctx, t, "scripts run", `document.readyState === "complete" && !!document.querySelector(".tree-full")`)
		if err := chromedp.Do(ctx, chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl))); err != nil {
			t.Fatal(err)
		}
		if on {
			waitFor(ctx, t, "Ctrl-K opens the dialog", `!document.getElementById("lore-search-dialog").hidden`)
		} else {
			if err := chromedp.Do(ctx, chromedp.KeyEvent("/")); err != nil {
				t.Fatal(err)
			}
			state := eval[string](ctx, t, `[typeof window.loreSearch, !!document.querySelector(".lore-search-dialog, .search-button, [data-search-open]"), location.pathname].join(" ")`)
			if state != "undefined false /team/a/" {
				t.Errorf("search off, after Ctrl-K and /: search.js, dialog or button, path = %q, want undefined false /team/a/", state)
			}
		}
		toggleRight[on] = eval[int](ctx, t, `Math.round(document.querySelector(".site-header").getBoundingClientRect().right - document.querySelector(".theme-toggle").getBoundingClientRect().right)`)
	}
	if toggleRight[false] != toggleRight[true] {
		t.Errorf("theme toggle is %dpx from the header's right edge without search, %dpx with it", toggleRight[false], toggleRight[true])
	}
}

// TestBrowserDrawerKeyboard opens the phone drawer from the keyboard and
// checks that focus stays in it: Tab and Shift+Tab wrap inside, a close
// button inside it (the menu button is under it) closes it, and Escape
// closes it from anywhere in it, focus going back to the menu button.
func TestBrowserDrawerKeyboard(t *testing.T) {
	_, out := buildFixture(t)
	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 667), chromedp.Navigate(base+"/notes/deeper/2026-03-02-second/")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "full tree from nav.json", `document.querySelector(".tree-full") !== null`)
	const inDrawer = `document.getElementById("lore-sidebar").contains(document.activeElement)`
	const closed = `document.querySelector(".nav-toggle").getAttribute("aria-expanded") === "false" && document.activeElement === document.querySelector(".nav-toggle")`
	openByKeyboard := func() {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Focus(".nav-toggle"), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		waitFor(ctx, t, "drawer open with focus in it", `getComputedStyle(document.getElementById("lore-sidebar")).visibility === "visible" && `+inDrawer)
	}
	openByKeyboard()
	// The header's browse links have no room on a phone: the drawer has them.
	if !eval[bool](ctx, t, `[...document.querySelectorAll("#lore-sidebar .drawer-nav a")].some(a => a.getAttribute("href").endsWith("/tags/") && a.getClientRects().length > 0)`) {
		t.Error("no Tags link in the open drawer")
	}

	// Everything Tab can reach in the open drawer, in order.
	const reachable = `[...document.querySelectorAll("#lore-sidebar a[href], #lore-sidebar button")].filter(e => e.tabIndex >= 0 && e.getClientRects().length)`
	n := eval[int](ctx, t, reachable+`.length`)
	if n < 3 {
		t.Fatalf("%d focusable elements in the drawer; the test needs a few", n)
	}
	for i := 0; i < n+2; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if !eval[bool](ctx, t, inDrawer) {
			t.Fatalf("Tab %d left the open drawer for %s", i+1, eval[string](ctx, t, `document.activeElement.outerHTML.slice(0, 80)`))
		}
	}
	// From the last element Tab goes to the first, and Shift+Tab back.
	eval[bool](ctx, t, `(`+reachable+`.at(-1).focus(), true)`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](ctx, t, `document.activeElement === `+reachable+`[0]`) {
		t.Errorf("Tab on the drawer's last element went to %s, want its first", eval[string](ctx, t, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](ctx, t, `document.activeElement === `+reachable+`.at(-1)`) {
		t.Errorf("Shift+Tab on the drawer's first element went to %s, want its last", eval[string](ctx, t, `document.activeElement.outerHTML.slice(0, 80)`))
	}

	// Escape from a link deep in the drawer closes it.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "Escape closes the drawer and focuses the menu button", closed)

	// The drawer has its own close button, visible and on top.
	openByKeyboard()
	const closeButton = `[...document.querySelectorAll("#lore-sidebar button")].find(b => /hide navigation|close/i.test(b.getAttribute("aria-label") || b.textContent))`
	visible := `(() => { const b = ` + closeButton + `; if (!b) return "none"; const r = b.getBoundingClientRect();
		if (r.width < 24 || r.height < 24 || r.top < 0 || r.left < 0 || r.right > innerWidth) return "off screen or tiny: " + JSON.stringify(r);
		const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return b.contains(top) ? "ok" : "covered by " + (top && top.outerHTML.slice(0, 60)); })()`
	if got := eval[string](ctx, t, visible); got != "ok" {
		t.Fatalf("close button in the drawer: %s", got)
	}
	eval[bool](ctx, t, `(`+closeButton+`.focus(), true)`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the close button closes the drawer and focuses the menu button", closed)
}
