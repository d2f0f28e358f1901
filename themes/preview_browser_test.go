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
