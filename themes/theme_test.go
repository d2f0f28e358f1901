package themes_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/themes"
	"github.com/rogpeppe/go-internal/txtar"
)

// overheadBudget is how many bytes the default theme may add to a page's
// own content. Every page carries the base layout, so this bounds what a
// wiki's output costs beyond its content (make bench reports the ratio).
const overheadBudget = 6 * 1024

// bigFolder is a folder with more pages than the sidebar lists inline.
const bigFolder = 40

// buildFixture builds testdata/site.txtar, plus a folder of bigFolder
// pages, with the embedded default theme.
func buildFixture(t *testing.T) (*builder.Site, *builder.MemOutput) {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := txtar.Write(ar, dir); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= bigFolder; i++ {
		write(fmt.Sprintf("content/big/entry-%02d.md", i),
			[]byte(fmt.Sprintf("---\ntitle: Entry %02d\n---\nEntry number %d.\n", i, i)))
	}
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := builder.NewMemOutput()
	site, err := builder.Build(context.Background(), builder.Options{
		Config: cfg,
		Output: out,
		Theme:  themes.Default(),
		Now:    func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) },
	})
	if err != nil && !errors.Is(err, builder.ErrBuildFailed) {
		t.Fatal(err)
	}
	for _, d := range site.Diagnostics {
		if d.Severity == "error" {
			t.Errorf("diagnostic: %v", d)
		}
	}
	return site, out
}

func file(t *testing.T, out *builder.MemOutput, name string) string {
	t.Helper()
	data, ok := out.Files[name]
	if !ok {
		t.Fatalf("%s not written", name)
	}
	return string(data)
}

// TestAccessibleSkeleton checks every HTML page for the landmarks, the skip
// link, labelled controls and unique IDs that the theme promises.
func TestAccessibleSkeleton(t *testing.T) {
	_, out := buildFixture(t)
	ids := regexp.MustCompile(`\sid="([^"]+)"`)
	n := 0
	for name, data := range out.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		n++
		html := string(data)
		for _, want := range []string{
			`<html lang="en"`,
			`<meta name="viewport"`,
			`<a class="skip-link" href="#lore-main">`,
			`<header class="site-header">`,
			`<main id="lore-main" tabindex="-1">`,
			`<footer class="site-footer">`,
			`<nav class="top-nav" aria-label="Browse">`,
			`<aside id="lore-sidebar"`,
			`<nav class="tree" aria-label="Site">`,
			`aria-controls="lore-sidebar" aria-expanded="false" aria-label="Show navigation"`,
			`class="icon-button theme-toggle" type="button" aria-label="Dark mode" aria-pressed="false"`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: missing %s", name, want)
			}
		}
		// The skip link comes first, so keyboard users meet it at once.
		if i, j := strings.Index(html, "skip-link"), strings.Index(html, "<a "); i < 0 || j < i-10 {
			t.Errorf("%s: the skip link is not the first link", name)
		}
		seen := map[string]bool{}
		for _, m := range ids.FindAllStringSubmatch(html, -1) {
			if seen[m[1]] {
				t.Errorf("%s: duplicate id %q", name, m[1])
			}
			seen[m[1]] = true
		}
		for _, m := range regexp.MustCompile(`aria-(?:labelledby|controls)="([^"]+)"`).FindAllStringSubmatch(html, -1) {
			if !seen[m[1]] {
				t.Errorf("%s: aria reference to missing id %q", name, m[1])
			}
		}
		// Named for screen readers where only an icon shows (phones).
		for _, a := range regexp.MustCompile(`<a class="search-button"[^>]*>`).FindAllString(html, -1) {
			if !strings.Contains(a, `aria-label="Search"`) {
				t.Errorf("%s: search button without a name: %s", name, a)
			}
		}
		// A code block that scrolls sideways must be reachable by keyboard.
		for _, pre := range regexp.MustCompile(`<pre[ >][^>]*>?`).FindAllString(html, -1) {
			if !strings.Contains(pre, `tabindex="0"`) {
				t.Errorf("%s: code block not focusable: %s", name, pre)
			}
		}
		for _, box := range regexp.MustCompile(`<input [^>]*type="checkbox"[^>]*>`).FindAllString(html, -1) {
			if !strings.Contains(box, `aria-label="`) {
				t.Errorf("%s: task box without a name: %s", name, box)
			}
		}
		for _, img := range regexp.MustCompile(`<img [^>]*>`).FindAllString(html, -1) {
			if !strings.Contains(img, ` alt=`) {
				t.Errorf("%s: image without alt: %s", name, img)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d HTML files", n)
	}

	page := file(t, out, "notes/2026-03-01-first/index.html")
	for _, want := range []string{
		`<nav class="breadcrumbs" aria-label="Breadcrumb">`,
		`<li><a href="/team/notes/">Notes</a></li>`,
		`<nav class="toc" aria-labelledby="lore-toc">`,
		`<a href="/team/notes/2026-03-01-first/" aria-current="page">First note</a>`,
		`<time datetime="2026-03-01">1 Mar 2026</time>`,
		`<a href="/team/people/alice/">Alice Martin</a>, <a href="/team/people/bob/">bob</a>`,
		`<a class="type-badge" href="/team/types/note/">note</a>`,
		`<ul class="tags" aria-label="Tags">`,
		`<a href="/team/tags/testing/">testing</a>`,
		`Edit this page`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("first note: missing %s", want)
		}
	}
	home := file(t, out, "index.html")
	for _, want := range []string{`Newest pages`, `class="section-list"`, `class="term-cloud"`, `class="type-list"`, `Welcome to the fixture wiki.`} {
		if !strings.Contains(home, want) {
			t.Errorf("home: missing %s", want)
		}
	}
}

// TestSidebarIsANeighbourhood checks that a page in a big folder lists only
// the pages around it, links to the folder for the rest, and names the
// shared nav.json that holds the full tree.
func TestSidebarIsANeighbourhood(t *testing.T) {
	_, out := buildFixture(t)
	html := file(t, out, "big/entry-20/index.html")
	listed := regexp.MustCompile(`href="/team/big/entry-\d\d/"`).FindAllString(html, -1)
	if len(listed) > 7 {
		t.Errorf("sidebar lists %d pages of the big folder, want at most 7", len(listed))
	}
	if !strings.Contains(html, `aria-current="page">Entry 20</a>`) {
		t.Error("the current page is not in its sidebar neighbourhood")
	}
	if !strings.Contains(html, `<a class="tree-more" href="/team/big/">All pages in Big</a>`) {
		t.Error("no link to the whole folder")
	}
	if !strings.Contains(html, `data-nav="/team/_lore/nav.json"`) {
		t.Error("sidebar does not name nav.json")
	}
	if _, ok := out.Files["_lore/nav.json"]; !ok {
		t.Error("nav.json not written")
	}
}

// TestPageOverhead measures what the theme adds around each page's content
// and keeps it under overheadBudget.
func TestPageOverhead(t *testing.T) {
	site, out := buildFixture(t)
	worst, worstPage := 0, ""
	for _, p := range site.Pages {
		if p.IsIndex {
			continue
		}
		html := file(t, out, strings.TrimPrefix(p.URL, "/")+"index.html")
		overhead := len(html) - len(p.Content)
		if overhead > worst {
			worst, worstPage = overhead, p.Path
		}
	}
	t.Logf("largest per-page overhead: %d bytes (%s)", worst, worstPage)
	if worst > overheadBudget {
		t.Errorf("per-page overhead %d bytes on %s, budget %d", worst, worstPage, overheadBudget)
	}
}

// TestBylines checks that a page's authors link to their people pages
// under the display name lore.yaml gives them, whichever alias the page
// used, and that people lore.yaml does not describe keep their handle.
func TestBylines(t *testing.T) {
	_, out := buildFixture(t)
	byline := regexp.MustCompile(`<span class="authors">by (.*?)</span>`)
	for page, want := range map[string]string{
		"notes/2026-03-01-first/index.html":         `<a href="/team/people/alice/">Alice Martin</a>, <a href="/team/people/bob/">bob</a>`,
		"notes/deeper/2026-03-02-second/index.html": `<a href="/team/people/alice/">Alice Martin</a>`,
	} {
		m := byline.FindStringSubmatch(file(t, out, page))
		if m == nil || m[1] != want {
			t.Errorf("%s: byline %q, want %q", page, m, want)
		}
		for _, href := range regexp.MustCompile(`href="/team/(people/[^"]+)"`).FindAllStringSubmatch(m[1], -1) {
			file(t, out, href[1]+"index.html") // every byline link has a page
		}
	}
}

// TestHomeWeek checks the home page's week: a page written long ago and
// updated this week is listed as updated, with the date of the update.
func TestHomeWeek(t *testing.T) {
	_, out := buildFixture(t)
	home := file(t, out, "index.html")
	_, week, ok := strings.Cut(home, "<h3>Updated</h3>")
	if !ok {
		t.Fatal("home page lists no pages updated this week")
	}
	week, _, _ = strings.Cut(week, "</ul>")
	want := `<a href="/team/notes/runbook/">Runbook</a> <span class="rec-meta"><span class="type-badge">note</span> updated <time datetime="2026-11-26">26 Nov 2026</time></span>`
	if !strings.Contains(week, want) {
		t.Errorf("updated this week:\n%s\nwant an entry\n%s", week, want)
	}
}

// TestFeedsAdvertised checks that the pages of a top-level folder, a type
// and a person name their own feed in the head, besides the site's, and
// that the feed is written.
func TestFeedsAdvertised(t *testing.T) {
	_, out := buildFixture(t)
	alternate := regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="/team/([^"]*)">`)
	for page, want := range map[string]string{
		"notes/index.html":        "notes/feed.xml",
		"types/note/index.html":   "types/note/feed.xml",
		"people/alice/index.html": "people/alice/feed.xml",
		"notes/deeper/index.html": "",
	} {
		var feeds []string
		for _, m := range alternate.FindAllStringSubmatch(file(t, out, page), -1) {
			if m[1] != "feed.xml" {
				feeds = append(feeds, m[1])
			}
		}
		if want == "" {
			if len(feeds) != 0 {
				t.Errorf("%s advertises %v; only top-level folders have feeds", page, feeds)
			}
			continue
		}
		if len(feeds) != 1 || feeds[0] != want {
			t.Errorf("%s advertises %v, want [%s]", page, feeds, want)
			continue
		}
		file(t, out, want)
	}
}

// TestAssetsVersioned checks that every stylesheet and script the theme
// links under /_lore/ carries a version, the generated highlighting
// stylesheet included, so a new build is never served stale from a cache.
func TestAssetsVersioned(t *testing.T) {
	_, out := buildFixture(t)
	html := file(t, out, "notes/maths/index.html")
	refs := regexp.MustCompile(`(?:href|src)="(/team/_lore/[^"]+\.(?:css|js)[^"]*)"`).FindAllStringSubmatch(html, -1)
	if len(refs) < 5 {
		t.Fatalf("found %d stylesheets and scripts, want the theme's", len(refs))
	}
	versioned := regexp.MustCompile(`\?v=[0-9a-f]{8}$`)
	for _, r := range refs {
		if !versioned.MatchString(r[1]) {
			t.Errorf("%s has no version", r[1])
		}
	}
}

// TestStylesheetURLsExist checks that every file a theme stylesheet points
// at with url() is in the theme: a link checker run over a published site
// reports each missing one (KaTeX's stylesheet named fonts in three
// formats, and the theme ships one).
func TestStylesheetURLsExist(t *testing.T) {
	fsys := themes.Default()
	ref := regexp.MustCompile(`url\(["']?([^"')]+)["']?\)`)
	checked := 0
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".css") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		for _, m := range ref.FindAllStringSubmatch(string(data), -1) {
			u := m[1]
			if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "#") {
				continue
			}
			checked++
			target := path.Join(path.Dir(p), strings.SplitN(u, "?", 2)[0])
			if _, err := fs.Stat(fsys, target); err != nil {
				t.Errorf("%s: url(%s): %s is not in the theme", p, u, target)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no url() references checked")
	}
}

// TestHugoStylePartial checks that a site's own partial written as Hugo
// writes them, a file whose content is the template, replaces the theme's
// template of that name.
func TestHugoStylePartial(t *testing.T) {
	out := buildFiles(t, map[string]string{
		"lore.yaml":                    "title: Partials\n",
		"content/a.md":                 "# A\n\nBody.\n",
		"layouts/partials/footer.html": `<footer class="site-footer"><p>Ours, {{.Site.Config.Title}}</p></footer>` + "\n",
	})
	if html := file(t, out, "a/index.html"); !strings.Contains(html, "<p>Ours, Partials</p>") || strings.Contains(html, "Built with Lore") {
		t.Errorf("the site's footer partial was not used:\n%s", html[strings.LastIndex(html, "<footer"):])
	}
}

// TestSearchOff checks that a site without search has nothing that leads
// to it: no header button (its /search/ would be a 404), no dialog, no
// search stylesheet or script (so Ctrl-K and / do nothing), no search link
// on the 404 page; and that a site with search has all of them.
func TestSearchOff(t *testing.T) {
	marks := []string{
		`<a class="search-button" href="/search/" data-search-open`,
		`id="lore-search-dialog"`,
		`href="/_lore/css/search.css?v=`,
		`src="/_lore/js/search.js?v=`,
		`data-search-open`, // the 404 page's "Search the wiki" too
	}
	for _, tc := range []struct {
		yaml string
		on   bool
	}{
		{"title: On\n", true},
		{"title: Off\nsearch:\n  disabled: true\n", false},
	} {
		out := buildFiles(t, map[string]string{
			"lore.yaml":        tc.yaml,
			"content/index.md": "Home.\n",
			"content/a.md":     "# A\n\nBody.\n",
		})
		for _, name := range []string{"index.html", "a/index.html", "404.html"} {
			html := file(t, out, name)
			for _, mark := range marks {
				if strings.Contains(html, mark) != tc.on {
					t.Errorf("search on=%v: %s has %s = %v, want %v", tc.on, name, mark, !tc.on, tc.on)
				}
			}
		}
		if _, ok := out.Files["search/index.html"]; ok != tc.on {
			t.Errorf("search on=%v: search page written = %v", tc.on, ok)
		}
	}
}

// buildFiles builds a site made of files (path -> content) with the
// embedded default theme.
func buildFiles(t *testing.T, files map[string]string) *builder.MemOutput {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := builder.NewMemOutput()
	site, err := builder.Build(context.Background(), builder.Options{Config: cfg, Output: out, Theme: themes.Default()})
	if err != nil {
		t.Fatalf("%v: %v", err, site.Diagnostics)
	}
	return out
}
