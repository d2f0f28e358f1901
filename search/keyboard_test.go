package search_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	. "github.com/lore-wiki/lore/search"
)

// focused names the element that has focus, in the words these tests use:
// "input", "hit<n>", "all", "close", a filter's name, or its tag.
const focused = `(() => {
	const e = document.activeElement, dlg = document.getElementById("lore-search-dialog");
	if (!e || e === document.body) return "body";
	const hits = [...e.closest(".lore-search-dialog, .lore-search-page")?.querySelectorAll(".lore-search-hit a") || []];
	if (hits.includes(e)) return "hit" + hits.indexOf(e);
	if (e.matches("input[type=search]")) return "input";
	if (e.matches("a.lore-search-all")) return "all";
	if (e.matches("[data-close]")) return "close";
	if (e.matches("select")) return e.name;
	return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "");
})()`

// nestedInteractive counts what axe's nested-interactive rule flags: an
// option (or other widget role) that holds a link or another focusable
// element, which screen readers cannot reach or announce.
const nestedInteractive = `[...document.querySelectorAll("[role=option], [role=listbox] > li")].filter(o =>
	o.matches("a[href], [tabindex]") || o.querySelector("a[href], button, input, select, [tabindex]")).length`

func press(t *testing.T, ctx context.Context, key string, mods ...chromedp.Modifier) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...))); err != nil {
		t.Fatalf("press %q: %v", key, err)
	}
}

// typeChar types one character as a keyboard does: a single keyDown that
// carries its text, so a handler that prevents the keydown's default also
// stops the character (chromedp.KeyEvent sends the text as a separate char
// event that nothing can prevent, and "/" would land in the search box).
func typeChar(t *testing.T, ctx context.Context, r rune) {
	t.Helper()
	k, ok := kb.Keys[r]
	if !ok {
		t.Fatalf("no key for %q", r)
	}
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: k.Key, Code: k.Code,
		Text: k.Text, UnmodifiedText: k.Unmodified, WindowsVirtualKeyCode: k.Windows, NativeVirtualKeyCode: k.Native}
	up := down
	up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	for _, ev := range []input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, ev); err != nil {
			t.Fatalf("type %q: %v", r, err)
		}
	}
}

func evalT[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func poll(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// waitLocation waits until the page's path and query are want. It asks
// again after an error, as one is expected while the page navigates.
func waitLocation(t *testing.T, ctx context.Context, what, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var got string
	for time.Now().Before(deadline) {
		got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
		if got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: at %s, want %s", what, got, want)
}

// openDialog loads the search page with nothing searched, presses / and
// types q into the dialog.
func openDialog(t *testing.T, ctx context.Context, srvURL, q string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(srvURL+"/wiki/search/"), chromedp.Focus("#b")); err != nil {
		t.Fatal(err)
	}
	typeChar(t, ctx, '/')
	poll(t, ctx, "/ opens the dialog", `!document.getElementById("lore-search-dialog").hidden && document.activeElement.matches("#lore-search-dialog input")`)
	press(t, ctx, q)
}

// TestSearchDialogKeyboard walks the Ctrl-K dialog with the keyboard only:
// Tab and Shift+Tab cycle through everything in it and never leave it, the
// arrow keys move through the hits, Enter opens the first hit (or the
// search page when nothing matches), the status says how many hits are
// shown, and no hit is a link inside an option.
func TestSearchDialogKeyboard(t *testing.T) {
	ctx := newBrowser(t)
	srvURL, x := serveUI(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	openDialog(t, ctx, srvURL, "deploy")
	poll(t, ctx, "8 hits listed", `document.querySelectorAll("#lore-search-dialog .lore-search-hit a").length === 8`)
	status := evalT[string](t, ctx, `document.querySelector("#lore-search-dialog .lore-search-status").textContent`)
	if m := regexp.MustCompile(`\b8 of (\d+)\b`).FindStringSubmatch(status); m == nil || m[1] == "8" || !strings.Contains(status, "All results") {
		t.Errorf("status %q; want how many of how many are shown, and where the rest are", status)
	}
	if n := evalT[int](t, ctx, nestedInteractive); n > 0 {
		t.Errorf("%d options hold a link or are focusable themselves (axe nested-interactive)", n)
	}

	// Tab goes through every hit, the all-results link and Close, then
	// back to the input; Shift+Tab goes the other way round.
	var got []string
	for i := 0; i < 11; i++ {
		press(t, ctx, kb.Tab)
		got = append(got, evalT[string](t, ctx, focused))
	}
	if want := "hit0 hit1 hit2 hit3 hit4 hit5 hit6 hit7 all close input"; strings.Join(got, " ") != want {
		t.Errorf("Tab from the input visits\n %s\nwant\n %s", strings.Join(got, " "), want)
	}
	got = got[:0]
	for i := 0; i < 3; i++ {
		press(t, ctx, kb.Tab, chromedp.ModifierShift)
		got = append(got, evalT[string](t, ctx, focused))
	}
	if want := "close all hit7"; strings.Join(got, " ") != want {
		t.Errorf("Shift+Tab from the input visits %s, want %s", strings.Join(got, " "), want)
	}

	// The arrow keys move through the hits and back up to the input;
	// typing on a hit goes on typing in the input.
	if err := chromedp.Do(ctx, chromedp.Focus("#lore-search-dialog input")); err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, k := range []string{kb.ArrowDown, kb.ArrowDown, kb.ArrowUp, kb.ArrowUp} {
		press(t, ctx, k)
		got = append(got, evalT[string](t, ctx, focused))
	}
	if want := "hit0 hit1 hit0 input"; strings.Join(got, " ") != want {
		t.Errorf("Down Down Up Up visits %s, want %s", strings.Join(got, " "), want)
	}
	press(t, ctx, kb.ArrowDown)
	typeChar(t, ctx, 's')
	if got := evalT[string](t, ctx, focused+` + " " + document.querySelector("#lore-search-dialog input").value`); got != "input deploys" {
		t.Errorf("typing s on a hit: focus and query %q, want input deploys", got)
	}
	press(t, ctx, kb.Escape)
	if got := evalT[string](t, ctx, focused); got != "button#b" {
		t.Errorf("Escape left focus on %s, want the button that had it", got)
	}

	// Enter straight after typing, before any hit was picked or even
	// shown, opens the first hit.
	want, err := x.Search(context.Background(), "deploy*", Filters{}, 8)
	if err != nil || len(want.Hits) == 0 {
		t.Fatalf("Go search deploy*: %v, %d hits", err, len(want.Hits))
	}
	openDialog(t, ctx, srvURL, "deploy")
	press(t, ctx, kb.Enter)
	waitLocation(t, ctx, "Enter opens the first hit", "/wiki"+want.Hits[0].URL)

	// With nothing found, Enter goes on to the search page, under the base path.
	openDialog(t, ctx, srvURL, "zzxqvv")
	poll(t, ctx, "no results", `/No results/.test(document.querySelector("#lore-search-dialog .lore-search-status").textContent)`)
	press(t, ctx, kb.Enter)
	waitLocation(t, ctx, "Enter with no hits opens the search page", "/wiki/search/?q=zzxqvv")
}

// TestSearchPageKeyboard checks that the search page's results are
// ordinary links in a list: Tab reaches them after the filters, and
// nothing wraps them in listbox roles.
func TestSearchPageKeyboard(t *testing.T) {
	ctx := newBrowser(t)
	srvURL, _ := serveUI(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(srvURL+"/wiki/search/?q=deploy"), chromedp.WaitVisible(`#lore-search-results li a`)); err != nil {
		t.Fatal(err)
	}
	if n := evalT[int](t, ctx, nestedInteractive); n > 0 {
		t.Errorf("%d options hold a link or are focusable themselves (axe nested-interactive)", n)
	}
	if roles := evalT[string](t, ctx, `[...document.querySelectorAll(".lore-search-page [role]")].map(e => e.getAttribute("role")).join(" ")`); roles != "search status" {
		t.Errorf("roles on the search page: %q, want only the form's search and the status", roles)
	}
	if err := chromedp.Do(ctx, chromedp.Focus("#lore-search-q")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := 0; i < 7; i++ {
		press(t, ctx, kb.Tab)
		got = append(got, evalT[string](t, ctx, focused))
	}
	if want := "type team tag author year hit0 hit1"; strings.Join(got, " ") != want {
		t.Errorf("Tab from the search box visits %s, want %s", strings.Join(got, " "), want)
	}
}
