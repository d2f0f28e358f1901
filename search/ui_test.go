package search_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	. "github.com/lore-wiki/lore/search"
)

// TestSearchUI drives the dialog and the search page in Chromium under a
// sub-path base URL: Ctrl-K opens the dialog, results come as you type,
// arrows move focus to the hits, titles are text, links carry the heading.
func TestSearchUI(t *testing.T) {
	ctx := newBrowser(t)
	srvURL, _ := serveUI(t)
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	// The page reads its query and filters from the URL.
	if err := chromedp.Do(tctx, chromedp.Navigate(srvURL+"/wiki/search/?q=quarantine+flaky&type=retro"),
		chromedp.WaitVisible(`#lore-search-results li`)); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.querySelector("#lore-search-results li a").getAttribute("href")`))
	if err != nil || href != "/wiki/retros/flaky/#actions" { // the snippet section wins the anchor
		t.Errorf("first result link %q (%v)", href, err)
	}
	// The type filter from the address applies to the first search, not only
	// after the facet counts have loaded, and stays in the address.
	types, _ := chromedp.Run(tctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#lore-search-results .lore-search-meta")].map(e => e.textContent.split(" · ")[0])`))
	for _, ty := range types {
		if ty != "retro" {
			t.Errorf("type=retro in the address, but a result has type %q (all: %v)", ty, types)
			break
		}
	}
	if loc, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`location.search`)); !strings.Contains(loc, "type=retro") {
		t.Errorf("the page dropped the filter from the address: %q", loc)
	}
	// Date bounds in the address filter too, and stay there.
	if err := chromedp.Do(tctx, chromedp.Navigate(srvURL+"/wiki/search/?q=flaky&since=2026-11-01"),
		chromedp.WaitVisible(`#lore-search-results li`)); err != nil {
		t.Fatal(err)
	}
	// A result's meta line is "type · YYYY-MM-DD".
	const datesJS = `[...document.querySelectorAll("#lore-search-results .lore-search-meta")].map(e => e.textContent.split(" · ")[1] || "")`
	dates, _ := chromedp.Run(tctx, chromedp.Evaluate[[]string](datesJS))
	if len(dates) == 0 {
		t.Errorf("since=2026-11-01 left no dated results")
	}
	for _, d := range dates {
		if d < "2026-11-01" {
			t.Errorf("since=2026-11-01 in the address, but a result is dated %s (all: %v)", d, dates)
			break
		}
	}
	if loc, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`location.search`)); !strings.Contains(loc, "since=2026-11-01") {
		t.Errorf("the page dropped since from the address: %q", loc)
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(srvURL+"/wiki/search/?q=flaky"), chromedp.WaitVisible(`#lore-search-results li`)); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(tctx, chromedp.Evaluate[int](datesJS+`.filter(d => d < "2026-11-01").length`)); n == 0 {
		t.Errorf("without since, no result is older than 2026-11-01; the date check above proves nothing")
	}
	all, _ := chromedp.Run(tctx, chromedp.Evaluate[[]string](`[...new Set([...document.querySelectorAll("#lore-search-results .lore-search-meta")].map(e => e.textContent.split(" · ")[0]))]`))
	if len(all) < 2 {
		t.Errorf("the unfiltered query should find several types, found %v; the filter check above proves nothing", all)
	}
	// A filter with no words lists its pages, newest first.
	if err := chromedp.Do(tctx, chromedp.Navigate(srvURL+"/wiki/search/?type=retro"), chromedp.WaitVisible(`#lore-search-results li`)); err != nil {
		t.Fatal(err)
	}
	types, _ = chromedp.Run(tctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#lore-search-results .lore-search-meta")].map(e => e.textContent.split(" · ")[0])`))
	dates, _ = chromedp.Run(tctx, chromedp.Evaluate[[]string](datesJS))
	if len(types) < 2 || slices.ContainsFunc(types, func(ty string) bool { return ty != "retro" }) || !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("type=retro alone should list retros newest first: types %v, dates %v", types, dates)
	}
	if n, _ := chromedp.Run(tctx, chromedp.Evaluate[int](`[...document.querySelectorAll("#lore-search-results a")].filter(a => a.getAttribute("href").includes("#")).length`)); n > 0 {
		t.Errorf("%d listed pages link to a section, not to the page", n)
	}
	opts, _ := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelector("select[name=type]").options.length`))
	if opts < 2 {
		t.Errorf("type filter has %d options", opts)
	}

	// Dialog: Ctrl-K, type, arrows, escape returns focus.
	if err := chromedp.Do(tctx, chromedp.Focus("#b"), chromedp.KeyEvent("k", chromedp.KeyModifiers(2 /* ctrl */)),
		chromedp.WaitVisible(`#lore-search-dialog input`), chromedp.SendKeys(`#lore-search-dialog input`, "onerror"),
		chromedp.WaitVisible(`#lore-search-dialog-list li`)); err != nil {
		t.Fatal(err)
	}
	title, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`document.querySelector("#lore-search-dialog-list .lore-search-title").textContent`))
	imgs, _ := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll("#lore-search-dialog img").length`))
	if title != "<img src=x onerror=alert(1)>" || imgs != 0 {
		t.Errorf("title not shown as text: %q, %d img elements", title, imgs)
	}
	if err := chromedp.Do(tctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if first, _ := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.activeElement === document.querySelector("#lore-search-dialog-list a")`)); !first {
		t.Errorf("Down from the search box did not focus the first hit")
	}
	if err := chromedp.Do(tctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	state, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`document.getElementById("lore-search-dialog").hidden + " " + document.activeElement.id`))
	if state != "true b" {
		t.Errorf("after Escape: hidden+focus = %q", state)
	}
}

// serveUI lays out the fixture index (returned for Go-side answers) with a page holding the theme's
// search dialog and search page under the /wiki/ base path, as the default
// theme renders them, and serves it. The test fails if the page asks for
// lore serve's live API, which a built site never has.
func serveUI(t *testing.T) (string, *Index) {
	t.Helper()
	site, x := exportFixture(t, fixtureDocs())
	t.Cleanup(func() { x.Close() })
	dialog, _ := os.ReadFile("../themes/default/layouts/partials/search-dialog.html")
	page, _ := os.ReadFile("../themes/default/layouts/search.html")
	strip := func(b []byte) string {
		s := string(b)
		s = s[strings.Index(s, "}}")+2 : strings.LastIndex(s, "{{end}}")]
		s = strings.ReplaceAll(s, "{{.Site.BaseURL}}", "/wiki/")
		return strings.ReplaceAll(s, "{{with .Page.Title}}{{.}}{{else}}Search{{end}}", "Search")
	}
	html := `<!doctype html><html data-base="/wiki/"><head><meta charset="utf-8"><title>t</title>
<script src="/wiki/_lore/js/search.js" defer></script></head><body><button id="b">before</button>` + strip(dialog) + strip(page) + `</body></html>`
	os.MkdirAll(filepath.Join(site, "search"), 0o755)
	os.WriteFile(filepath.Join(site, "search", "index.html"), []byte(html), 0o644)
	// A built site has no live index behind it, even on localhost: the
	// client must not ask for one (a 404 in every visitor's console).
	var apiAsked atomic.Int64
	files := http.StripPrefix("/wiki", http.FileServer(http.Dir(site)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/_lore/api/") {
			apiAsked.Add(1)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		srv.Close()
		if n := apiAsked.Load(); n > 0 {
			t.Errorf("the search page of a built site asked %d times for lore serve's API", n)
		}
	})
	return srv.URL, x
}
