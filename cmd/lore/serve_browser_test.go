package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lore-wiki/lore/builder/browsertest"
)

// browser starts a headless Chromium for one test.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t, 90*time.Second, chromedp.WindowSize(1000, 700))
}

// poll waits until a JavaScript expression is true in the page.
func poll(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		// A reload interrupts the poll; poll the new page then.
		if _, err = chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(time.Until(deadline)))); err == nil ||
			!strings.Contains(err.Error(), "navigated") && !strings.Contains(err.Error(), "context was destroyed") && !strings.Contains(err.Error(), "Cannot find context") {
			break
		}
	}
	if err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " | " + document.title + " | " + (document.getElementById("lore-problems")||{}).textContent`))
		t.Fatalf("%s: %v (page: %s)", what, err, state)
	}
}

func TestServeBrowserReloadsSwapsCSSAndShowsErrors(t *testing.T) {
	ctx := browser(t)
	dir := serveSite(t)
	c := filepath.Join(dir, "content")
	long := strings.Repeat("A paragraph to scroll past.\n\n", 150)
	put(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta\n---\n"+long)
	css := filepath.Join(dir, "themes/default/static/css/lore.css")
	put(t, css, "h1 { color: rgb(10, 20, 30) }\n")
	l := startServe(t, dir)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(l.url+"/notes/beta/"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	); err != nil {
		t.Fatal(err)
	}
	// The event stream is open once the hello arrived; give it a marker
	// that a reload would wipe, and scroll down.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.loreMarker = 1; window.scrollTo(0, 600); true`)); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "scrolled", `window.scrollY >= 590`)
	waitConnected(t, ctx)

	// Served pages search serve's live index; a built site searches its
	// static one without asking for the API (search/ui_test.go).
	live, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`loreSearch.search("paragraph").then(r => r.live === true && r.hits.length > 0)`, chromedp.EvalAwaitPromise))
	if err != nil || !live {
		t.Errorf("search on a served page used the live index: %v (%v)", live, err)
	}

	// An edit reloads the page, with the new content and the same scroll.
	saveAtomically(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta edited\n---\n"+long)
	poll(t, ctx, "page reloaded with the edit", `document.querySelector("h1") && document.querySelector("h1").textContent === "Beta edited"`)
	poll(t, ctx, "scroll position kept", `window.loreMarker === undefined && Math.abs(window.scrollY - 600) < 20`)

	// A stylesheet edit swaps the stylesheet without a reload.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.loreMarker = 2; true`)); err != nil {
		t.Fatal(err)
	}
	waitConnected(t, ctx)
	put(t, css, "h1 { color: rgb(200, 0, 0) }\n")
	poll(t, ctx, "stylesheet swapped", `getComputedStyle(document.querySelector("h1")).color === "rgb(200, 0, 0)"`)
	poll(t, ctx, "no reload for CSS", `window.loreMarker === 2`)

	// A broken page shows an overlay naming file and line, and keeps the
	// last good version; fixing it clears the overlay.
	put(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: [broken\n---\nx\n")
	poll(t, ctx, "error overlay", `(document.getElementById("lore-problems")||{textContent:""}).textContent.includes("notes/beta.md:")`)
	poll(t, ctx, "last good version kept", `document.querySelector("h1") && document.querySelector("h1").textContent === "Beta edited"`)
	put(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta fixed\n---\n"+long)
	// The page reloads: between two documents there may be no h1 yet.
	poll(t, ctx, "overlay cleared and fix shown", `!document.getElementById("lore-problems") && document.querySelector("h1") && document.querySelector("h1").textContent === "Beta fixed"`)
}

// waitConnected waits until the page listens on /_lore/reload, so that
// the next change is not sent before it does.
func waitConnected(t *testing.T, ctx context.Context) {
	t.Helper()
	poll(t, ctx, "page listening for reloads", `document.documentElement.hasAttribute("data-lore-live")`)
}

// Two saves a moment apart: the second save's event may go by while the
// tab reloads after the first, and the tab must still end on the second.
func TestServeBrowserQuickSavesEndOnTheLast(t *testing.T) {
	ctx := browser(t)
	dir := serveSite(t)
	beta := filepath.Join(dir, "content/notes/beta.md")
	l := startServe(t, dir)
	if err := chromedp.Do(ctx, chromedp.Navigate(l.url+"/notes/beta/"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		waitConnected(t, ctx)
		first, second := fmt.Sprintf("First %d", i), fmt.Sprintf("Second %d", i)
		put(t, beta, "---\ntitle: "+first+"\n---\nBeta.\n")
		time.Sleep(time.Duration(30+20*i) * time.Millisecond)
		put(t, beta, "---\ntitle: "+second+"\n---\nBeta.\n")
		poll(t, ctx, "the tab shows the second save", `document.querySelector("h1") && document.querySelector("h1").textContent === "`+second+`"`)
	}
}

// Browsers open six connections to one server over HTTP/1.1: with an
// event stream per tab, a seventh tab of the preview never loaded, and
// fetches (search, the folder tree) hung in every tab.
func TestServeBrowserManyTabs(t *testing.T) {
	ctx := browser(t)
	dir := serveSite(t)
	l := startServe(t, dir)
	if err := chromedp.Do(ctx, chromedp.Navigate(l.url+"/"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/notes/alpha/", "/notes/beta/", "/notes/", "/tags/", "/types/", "/people/", "/notes/alpha/", "/notes/beta/"}
	var tabs []context.Context
	for _, p := range pages {
		tab, cancel := chromedp.NewContext(ctx)
		t.Cleanup(cancel)
		// Opened without the timeout: cancelling the context a tab was
		// opened with closes it.
		if err := chromedp.Do(tab); err != nil {
			t.Fatal(err)
		}
		loaded, stop := context.WithTimeout(tab, 20*time.Second)
		err := chromedp.Do(loaded, chromedp.Navigate(l.url+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		stop()
		if err != nil {
			t.Fatalf("tab %d (%s) did not load: %v", len(tabs)+2, p, err)
		}
		tabs = append(tabs, tab)
	}
	if n := l.srv.dev.Subscribers(); n != 1 {
		t.Errorf("%d event streams for %d tabs, want one", n, len(tabs)+1)
	}
	last := tabs[len(tabs)-1]
	ok, err := chromedp.Run(last, chromedp.Evaluate[bool](`fetch("/_lore/nav.json").then(r => r.ok)`, chromedp.EvalAwaitPromise))
	if err != nil || !ok {
		t.Errorf("fetch from the last tab: %v %v", ok, err)
	}
	// Every tab still hears of edits.
	put(t, filepath.Join(dir, "content/notes/beta.md"), "---\ntitle: Beta in all tabs\n---\nB.\n")
	for i, tab := range tabs {
		if pages[i] == "/notes/beta/" {
			poll(t, tab, "tab reloaded", `document.querySelector("h1") && document.querySelector("h1").textContent === "Beta in all tabs"`)
		}
	}
}
