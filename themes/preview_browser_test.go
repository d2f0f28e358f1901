package themes_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
)

// TestBrowserLinkPreviews hovers and focuses internal links in headless
// Chromium on a site big enough for several preview shards, so preview.js
// must hash each target's URL to the same shard file Go wrote it to.
func TestBrowserLinkPreviews(t *testing.T) {
	const pages = 600 // three shards of about 256 pages
	dir := t.TempDir()
	var hub strings.Builder
	hub.WriteString("# Hub\n\n")
	for i := 0; i < pages; i++ {
		name := fmt.Sprintf("note-%03d", i)
		body := fmt.Sprintf("---\ntitle: Note %03d\n---\nSummary of note number %d, with détails.\n", i, i)
		if err := os.WriteFile(filepath.Join(dir, name+".md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if i%97 == 0 {
			fmt.Fprintf(&hub, "- [[%s]]\n", name)
		}
	}
	// A page whose URL is percent-encoded in href: preview.js must decode
	// it to find the page's preview.
	hub.WriteString("- [[Café crème]]\n")
	os.WriteFile(filepath.Join(dir, "Café crème.md"), []byte("Summary of the café page, with détails.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "hub.md"), []byte(hub.String()), 0o644)
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = "/team/"
	out := builder.NewMemOutput()
	site, err := builder.Build(context.Background(), builder.Options{Config: cfg, Output: out, NoSearch: true})
	if err != nil {
		t.Fatal(err)
	}
	shards := builder.PreviewShards(len(site.Pages))
	if shards < 2 {
		t.Fatalf("%d shards; the test needs several", shards)
	}
	used := map[int]bool{}
	for i := 0; i < pages; i += 97 {
		used[builder.PreviewShard(fmt.Sprintf("/note-%03d/", i), shards)] = true
	}
	if len(used) < 2 {
		t.Fatalf("the hub's links all fall in one shard")
	}

	base := serveFixture(t, out)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/hub/")); err != nil {
		t.Fatal(err)
	}
	type link struct{ sel, want string }
	var hover []link
	for i := 0; i < pages; i += 97 {
		hover = append(hover, link{fmt.Sprintf(`.content a[href="/team/note-%03d/"]`, i), fmt.Sprintf("Note %03d", i)})
	}
	hover = append(hover, link{`.content a[href="/team/caf%C3%A9-cr%C3%A8me/"]`, "Café crème"})
	for _, h := range hover {
		sel, want := h.sel, h.want
		// A real mouse moves over the link, as a reader's would.
		xy := eval[[]float64](ctx, t, fmt.Sprintf(`(function(){var r=document.querySelector(%q).getBoundingClientRect();return [r.left+r.width/2, r.top+r.height/2]})()`, sel))
		if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, xy[0], xy[1])); err != nil {
			t.Fatal(err)
		}
		waitFor(ctx, t, "preview of "+want, fmt.Sprintf(
			`(function(){var el=document.getElementById("lore-link-preview");return !!el && !el.hidden && el.textContent.indexOf(%q) >= 0 && el.textContent.indexOf("détails") >= 0})()`, want))
		if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 1, 1)); err != nil {
			t.Fatal(err)
		}
		waitFor(ctx, t, "leaving hides it", `document.getElementById("lore-link-preview").hidden`)
	}
	// Keyboard focus shows it too, and Escape hides it.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.content a[href="/team/note-000/"]`))); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "preview shown", `!document.getElementById("lore-link-preview").hidden`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "Escape hides it", `document.getElementById("lore-link-preview").hidden`)
}

// TestBrowserLinkPreviewHoverable checks WCAG 1.4.13 for hover previews:
// the pointer can cross from the link onto the preview, over the gap
// between them, and rest there without the preview disappearing; leaving
// both hides it, and Escape dismisses it while the pointer is on it.
func TestBrowserLinkPreviewHoverable(t *testing.T) {
	base := serveFixture(t, buildFiles(t, map[string]string{
		"lore.yaml":    "title: Previews\nbaseURL: /team/\n",
		"content/a.md": "# A\n\nSee [[b]] for the details of the long story.\n\nMore text below the link.\n",
		"content/b.md": "# B\n\nThe summary of page B, which the preview shows.\n",
	}))
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1300, 900), chromedp.Navigate(base+"/a/")); err != nil {
		t.Fatal(err)
	}
	const link = `document.querySelector('.content a[href="/team/b/"]')`
	const tip = `document.getElementById("lore-link-preview")`
	move := func(xy []float64) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, xy[0], xy[1])); err != nil {
			t.Fatal(err)
		}
	}
	center := func(el string) []float64 {
		t.Helper()
		return eval[[]float64](ctx, t, `(r => [r.left + r.width / 2, r.top + r.height / 2])(`+el+`.getBoundingClientRect())`)
	}
	// stillShown waits longer than any hide delay a reader would notice,
	// then says whether the preview is still there: a preview that stays
	// has no event to wait for.
	stillShown := func() bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => setTimeout(() => r(!`+tip+`.hidden), 1000))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const shown = `!!` + tip + ` && !` + tip + `.hidden && ` + tip + `.textContent.includes("summary of page B")`

	move(center(link))
	waitFor(ctx, t, "preview on hover", shown)
	// Down through the gap between link and preview, then onto it.
	gap := eval[[]float64](ctx, t, `(() => { const l = `+link+`.getBoundingClientRect(), p = `+tip+`.getBoundingClientRect();
		return [l.left + 2, p.top > l.bottom ? (l.bottom + p.top) / 2 : (p.bottom + l.top) / 2]; })()`)
	move(gap)
	move(center(tip))
	if !stillShown() {
		t.Fatal("the preview disappeared as the pointer moved onto it")
	}
	c := center(tip)
	if on := eval[bool](ctx, t, fmt.Sprintf(`%s.contains(document.elementFromPoint(%f, %f))`, tip, c[0], c[1])); !on {
		t.Error("the preview does not take the pointer (pointer-events: none?)")
	}
	// Leaving the preview hides it.
	move([]float64{1, 1})
	waitFor(ctx, t, "leaving the preview hides it", tip+`.hidden`)

	// Escape dismisses it even with the pointer on it.
	move(center(link))
	waitFor(ctx, t, "preview on hover again", shown)
	move(center(tip))
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "Escape hides it", tip+`.hidden`)
}

// Moving from one link's preview to the next link: the first preview's
// delayed hide must not cancel the second's.
func TestBrowserLinkPreviewNextLink(t *testing.T) {
	base := serveFixture(t, buildFiles(t, map[string]string{
		"lore.yaml":    "title: Previews\nbaseURL: /team/\n",
		"content/a.md": "# A\n\nSee [[b]] for the details of the long story.\n\n" + strings.Repeat("More text, well below the first link's preview.\n\n", 12) + "And much later [[c]] for the rest of it.\n",
		"content/b.md": "# B\n\nThe summary of page B, which the preview shows.\n",
		"content/c.md": "# C\n\nThe summary of page C, which the preview shows.\n",
	}))
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1300, 900), chromedp.Navigate(base+"/a/")); err != nil {
		t.Fatal(err)
	}
	const tip = `document.getElementById("lore-link-preview")`
	center := func(el string) []float64 {
		t.Helper()
		return eval[[]float64](ctx, t, `(r => [r.left + r.width / 2, r.top + r.height / 2])(`+el+`.getBoundingClientRect())`)
	}
	move := func(xy []float64) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, xy[0], xy[1])); err != nil {
			t.Fatal(err)
		}
	}
	b, c := center(`document.querySelector('.content a[href="/team/b/"]')`), center(`document.querySelector('.content a[href="/team/c/"]')`)
	move(b)
	waitFor(ctx, t, "B's preview", `!!`+tip+` && !`+tip+`.hidden && `+tip+`.textContent.includes("page B")`)
	move([]float64{1200, 800})
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => setTimeout(() => r(true), 120))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	move(c)
	waitFor(ctx, t, "C's preview after B's", `!`+tip+`.hidden && `+tip+`.textContent.includes("page C")`)
}
