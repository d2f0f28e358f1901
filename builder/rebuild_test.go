package builder

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
)

// rebuildSite writes a small wiki: two sections, links between pages, tags,
// an attachment and a static file.
func rebuildSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"lore.yaml":              "title: Test wiki\n",
		"content/index.md":       "---\ntitle: Home\n---\nWelcome. See [[alpha]].\n",
		"content/notes/alpha.md": "---\ntitle: Alpha\ndate: 2026-01-03\ntags: [x]\n---\nAlpha first paragraph.\n\nMore about [[beta]] and ![[pic.png]].\n",
		"content/notes/beta.md":  "---\ntitle: Beta\ndate: 2026-01-02\ntags: [x, y]\n---\nBeta first paragraph.\n\n## Part\n\nbody\n",
		"content/notes/gamma.md": "---\ntitle: Gamma\ndate: 2026-01-01\n---\nGamma links [[beta#Part]] and [[missing]].\n",
		"content/notes/pic.png":  "PNG",
		"content/retros/r1.md":   "---\ntitle: Retro one\ndate: 2025-12-01\ntype: retro\n---\nNothing links here.\n",
		"content/retros/r2.md":   "---\ntitle: Retro two\ndate: 2025-11-01\ntype: retro\n---\nSee [[gamma]].\n",
		"static/custom.css":      "body{color:red}\n",
	}
	for name, data := range files {
		writeFile(t, filepath.Join(dir, name), data)
	}
	return dir
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sessionOptions(t testing.TB, dir string) Options {
	t.Helper()
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	fixed := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	return Options{Config: cfg, Dev: true, Now: func() time.Time { return fixed }}
}

func newTestSession(t testing.TB, dir string) *Session {
	t.Helper()
	s, err := NewSession(sessionOptions(t, dir), func() (*config.Config, error) { return config.Load(dir) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// cleanBuild builds dir from scratch, as `lore serve` would at start.
func cleanBuild(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	opt := sessionOptions(t, dir)
	out := NewMemOutput()
	opt.Output = out
	if _, err := Build(context.Background(), opt); err != nil && !strings.Contains(err.Error(), "build failed") {
		t.Fatal(err)
	}
	return out.Files
}

// sameAsClean fails when the session's output differs from a clean build.
func sameAsClean(t testing.TB, s *Session, dir string) {
	t.Helper()
	want := cleanBuild(t, dir)
	got := maps.Clone(s.Files())
	// The search export is refreshed by the search index's hook in
	// lore serve, not by the Session (see Result.Pages).
	for _, m := range []map[string][]byte{want, got} {
		for p := range m {
			if strings.HasPrefix(p, "_lore/search/") {
				delete(m, p)
			}
		}
	}
	var diffs []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case string(g) != string(w):
			diffs = append(diffs, "differs "+p+": "+firstDiff(string(w), string(g)))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		if len(diffs) > 10 {
			diffs = diffs[:10]
		}
		t.Fatalf("incremental output differs from a clean build:\n%s", strings.Join(diffs, "\n"))
	}
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-60, 0)
	return "\n  want …" + a[lo:min(i+60, len(a))] + "\n  got  …" + b[lo:min(i+60, len(b))]
}

func renderedURLs(res *Result) []string {
	var out []string
	for _, r := range res.Rendered {
		switch r.Kind {
		case "page", "section", "home", "term", "taxonomy", "404", "search":
			out = append(out, r.URL)
		}
	}
	slices.Sort(out)
	return out
}

func rebuild(t *testing.T, s *Session, ch Changes) *Result {
	t.Helper()
	res, err := s.Rebuild(context.Background(), ch)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRebuildBodyEditRendersPageAndDependents(t *testing.T) {
	dir := rebuildSite(t)
	s := newTestSession(t, dir)
	// Below the first paragraph: the summary, title and lists stay the same.
	writeFile(t, filepath.Join(dir, "content/notes/beta.md"), "---\ntitle: Beta\ndate: 2026-01-02\ntags: [x, y]\n---\nBeta first paragraph.\n\n## Part\n\nnew body\n")
	res := rebuild(t, s, Changes{Content: []string{"notes/beta.md"}})
	// Only beta: alpha and gamma link to it and are linked again, but
	// their HTML (its title, its URL, its heading) is the same.
	want := []string{"/notes/beta/"}
	if got := renderedURLs(res); !slices.Equal(got, want) {
		t.Errorf("rendered %v, want %v", got, want)
	}
	if res.Parsed != 1 {
		t.Errorf("parsed %d files, want 1", res.Parsed)
	}
	if !slices.Equal(res.Changed, []string{"notes/beta/index.html"}) {
		t.Errorf("changed outputs %v, want only beta's page", res.Changed)
	}
	sameAsClean(t, s, dir)

	// Renaming the heading gamma links to breaks gamma's link: gamma
	// renders again, alpha (linking to the page, not the heading) does not.
	writeFile(t, filepath.Join(dir, "content/notes/beta.md"), "---\ntitle: Beta\ndate: 2026-01-02\ntags: [x, y]\n---\nBeta first paragraph.\n\n## Renamed\n\nnew body\n")
	res = rebuild(t, s, Changes{Content: []string{"notes/beta.md"}})
	if got, want := renderedURLs(res), []string{"/notes/beta/", "/notes/gamma/"}; !slices.Equal(got, want) {
		t.Errorf("after renaming a linked heading: rendered %v, want %v", got, want)
	}
	sameAsClean(t, s, dir)
}

func TestRebuildSaveWithoutChangeDoesNothing(t *testing.T) {
	dir := rebuildSite(t)
	s := newTestSession(t, dir)
	name := filepath.Join(dir, "content/notes/alpha.md")
	data, _ := os.ReadFile(name)
	writeFile(t, name, string(data)) // new mtime, same bytes
	res := rebuild(t, s, Changes{Content: []string{"notes/alpha.md"}})
	if res.Parsed != 0 || len(res.Rendered) != 0 || len(res.Changed) != 0 {
		t.Errorf("parsed %d, rendered %v, changed %v; want nothing", res.Parsed, res.Rendered, res.Changed)
	}
}

func TestRebuildTitleEditRendersListsAndLinkers(t *testing.T) {
	dir := rebuildSite(t)
	s := newTestSession(t, dir)
	writeFile(t, filepath.Join(dir, "content/notes/beta.md"), "---\ntitle: Beta renamed\ndate: 2026-01-02\ntags: [x, y]\n---\nBeta first paragraph.\n\n## Part\n\nbody\n")
	res := rebuild(t, s, Changes{Content: []string{"notes/beta.md"}})
	want := []string{"/", "/notes/", "/notes/alpha/", "/notes/beta/", "/notes/gamma/", "/tags/x/", "/tags/y/", "/types/note/"}
	if got := renderedURLs(res); !slices.Equal(got, want) {
		t.Errorf("rendered %v, want %v", got, want)
	}
	if strings.Contains(string(s.Files()["retros/r1/index.html"]), "Beta renamed") {
		t.Error("unrelated page shows the new title")
	}
	sameAsClean(t, s, dir)
}

// TestRebuildHardLineBreaksToggle: lore serve keeps parsed pages between
// rebuilds, keyed by their source; turning markup.hardLineBreaks on or off
// in lore.yaml must still render every page again with the new setting.
func TestRebuildHardLineBreaksToggle(t *testing.T) {
	dir := rebuildSite(t)
	writeFile(t, filepath.Join(dir, "content/notes/list.md"), "---\ntitle: List\n---\nMilk\nEggs\n")
	s := newTestSession(t, dir)
	const page = "notes/list/index.html"
	for _, tc := range []struct {
		yaml, want string
	}{
		{"title: Test wiki\nmarkup:\n  hardLineBreaks: true\n", "<p>Milk<br>\nEggs</p>"},
		{"title: Test wiki\n", "<p>Milk\nEggs</p>"},
	} {
		writeFile(t, filepath.Join(dir, "lore.yaml"), tc.yaml)
		res := rebuild(t, s, Changes{Config: true})
		if len(res.Diagnostics) > 0 && res.Diagnostics[0].Code == diag.CodeConfig {
			t.Fatalf("config: %v", res.Diagnostics[0])
		}
		if got := string(s.Files()[page]); !strings.Contains(got, tc.want) {
			t.Errorf("after %q, %s lacks %q", tc.yaml, page, tc.want)
		}
		sameAsClean(t, s, dir)
	}
}

func TestRebuildMatchesCleanBuild(t *testing.T) {
	dir := rebuildSite(t)
	s := newTestSession(t, dir)
	c := filepath.Join(dir, "content")
	var gammaGood []byte // what an undo puts back
	steps := []struct {
		name string
		do   func()
		ch   Changes
	}{
		{"add page linking to a broken target", func() {
			writeFile(t, filepath.Join(c, "notes/missing.md"), "---\ntitle: Missing no more\ndate: 2026-02-01\n---\nHello.\n")
		}, Changes{Content: []string{"notes/missing.md"}}},
		{"change tags", func() {
			writeFile(t, filepath.Join(c, "notes/gamma.md"), "---\ntitle: Gamma\ndate: 2026-01-01\ntags: [z]\n---\nGamma links [[beta#Part]] and [[missing]].\n")
		}, Changes{Content: []string{"notes/gamma.md"}}},
		{"remove a heading that is linked", func() {
			writeFile(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta\ndate: 2026-01-02\ntags: [x, y]\n---\nBeta first paragraph.\n")
		}, Changes{Content: []string{"notes/beta.md"}}},
		{"change the summary and date", func() {
			writeFile(t, filepath.Join(c, "retros/r1.md"), "---\ntitle: Retro one\ndate: 2026-03-01\ntype: retro\n---\nNow the newest.\n")
		}, Changes{Content: []string{"retros/r1.md"}}},
		{"delete a page", func() { os.Remove(filepath.Join(c, "notes/alpha.md")) }, Changes{Content: []string{"notes/alpha.md"}}},
		{"rename a folder", func() { os.Rename(filepath.Join(c, "retros"), filepath.Join(c, "retrospectives")) }, Changes{Content: []string{"retros", "retrospectives"}}},
		{"remove an attachment", func() { os.Remove(filepath.Join(c, "notes/pic.png")) }, Changes{Content: []string{"notes/pic.png"}}},
		{"a note beside a new folder named like it becomes its page", func() {
			writeFile(t, filepath.Join(c, "books.md"), "# Books\n\nOur reading list.\n")
			writeFile(t, filepath.Join(c, "books/dune.md"), "# Dune\n")
		}, Changes{Content: []string{"books.md", "books/dune.md"}}},
		{"and a page again when the folder goes", func() { os.RemoveAll(filepath.Join(c, "books")) }, Changes{Content: []string{"books"}}},
		{"a page bundle is a page of its parent folder", func() {
			writeFile(t, filepath.Join(c, "notes/trip/index.md"), "# Our trip\n\nPhotos.\n")
		}, Changes{Content: []string{"notes/trip/index.md"}}},
		{"and a folder once it holds another page", func() {
			writeFile(t, filepath.Join(c, "notes/trip/day-two.md"), "# Day two\n")
		}, Changes{Content: []string{"notes/trip/day-two.md"}}},
		{"add a draft and an alias", func() {
			writeFile(t, filepath.Join(c, "notes/draft.md"), "---\ntitle: D\ndraft: true\n---\nx\n")
			writeFile(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta\naliases: [B2, /old/beta/]\n---\nSee [[draft]].\n")
		}, Changes{Content: []string{"notes/draft.md", "notes/beta.md"}}},
		{"bad front matter keeps the last good page", func() {
			gammaGood, _ = os.ReadFile(filepath.Join(c, "notes/gamma.md"))
			writeFile(t, filepath.Join(c, "notes/gamma.md"), "---\ntitle: [unclosed\n---\nx\n")
		}, Changes{Content: []string{"notes/gamma.md"}}},
		{"undo back to the last good bytes clears the error", func() {
			writeFile(t, filepath.Join(c, "notes/gamma.md"), string(gammaGood))
		}, Changes{Content: []string{"notes/gamma.md"}}},
		{"fix it", func() {
			writeFile(t, filepath.Join(c, "notes/gamma.md"), "---\ntitle: Gamma fixed\n---\nLinks [[B2]].\n")
		}, Changes{Content: []string{"notes/gamma.md"}}},
		{"a page embedding a page that links to a third", func() {
			writeFile(t, filepath.Join(c, "notes/target.md"), "---\ntitle: Target one\n---\nT.\n")
			writeFile(t, filepath.Join(c, "notes/linker.md"), "---\ntitle: Linker\n---\n## Part\n\nGo to [[target]].\n")
			writeFile(t, filepath.Join(c, "notes/host.md"), "---\ntitle: Host\n---\n![[linker#Part]]\n")
		}, Changes{Content: []string{"notes/target.md", "notes/linker.md", "notes/host.md"}}},
		{"the third's new title reaches the embedding page", func() {
			writeFile(t, filepath.Join(c, "notes/target.md"), "---\ntitle: Target two\n---\nT.\n")
		}, Changes{Content: []string{"notes/target.md"}}},
		{"first diagram publishes the diagram library", func() {
			writeFile(t, filepath.Join(c, "notes/flow.md"), "---\ntitle: Flow\n---\n```mermaid\ngraph LR\n  a --> b\n```\n")
		}, Changes{Content: []string{"notes/flow.md"}}},
		{"last diagram gone withdraws it", func() {
			writeFile(t, filepath.Join(c, "notes/flow.md"), "---\ntitle: Flow\n---\nNo diagram any more.\n")
		}, Changes{Content: []string{"notes/flow.md"}}},
		{"first formula publishes KaTeX", func() {
			writeFile(t, filepath.Join(c, "notes/flow.md"), "---\ntitle: Flow\n---\nNow with $x^2$.\n")
		}, Changes{Content: []string{"notes/flow.md"}}},
		{"last formula gone withdraws it", func() {
			writeFile(t, filepath.Join(c, "notes/flow.md"), "---\ntitle: Flow\n---\nPlain again.\n")
		}, Changes{Content: []string{"notes/flow.md"}}},
		{"static file", func() { writeFile(t, filepath.Join(dir, "static/custom.css"), "body{color:blue}\n") }, Changes{Static: []string{"custom.css"}}},
		{"static file removed", func() { os.Remove(filepath.Join(dir, "static/custom.css")) }, Changes{Static: []string{"custom.css"}}},
		{"template", func() {
			writeFile(t, filepath.Join(dir, "layouts/page.html"), "{{define \"main\"}}<p class=custom>{{.Title}}</p>{{end}}\n")
		}, Changes{Theme: []string{"layouts/page.html"}}},
		{"broken config keeps the last good site", func() { writeFile(t, filepath.Join(dir, "lore.yaml"), "title: [oops\n") }, Changes{Config: true}},
		{"config", func() { writeFile(t, filepath.Join(dir, "lore.yaml"), "title: Renamed wiki\n") }, Changes{Config: true}},
	}
	for _, st := range steps {
		st.do()
		res := rebuild(t, s, st.ch)
		if st.name == "broken config keeps the last good site" {
			if !slices.ContainsFunc(res.Diagnostics, func(d *diag.Diagnostic) bool { return d.File == "lore.yaml" && d.Line == 1 }) {
				t.Fatalf("%s: no error for lore.yaml: %v", st.name, res.Diagnostics)
			}
			if len(s.Files()) == 0 || len(res.Changed) > 0 {
				t.Fatalf("%s: the site changed", st.name)
			}
			continue
		}
		if st.name == "undo back to the last good bytes clears the error" && res.Diagnostics.Errors() > 0 {
			t.Errorf("%s: errors remain: %v", st.name, res.Diagnostics)
		}
		if st.name == "bad front matter keeps the last good page" {
			if len(res.Diagnostics) == 0 || res.Diagnostics.Errors() == 0 {
				t.Fatalf("%s: no error reported: %v", st.name, res.Diagnostics)
			}
			if _, ok := s.Files()["notes/gamma/index.html"]; !ok {
				t.Fatalf("%s: the last good version is gone", st.name)
			}
			continue
		}
		if _, published := s.Files()["_lore/js/mermaid/mermaid.min.js"]; published != (st.name == "first diagram publishes the diagram library") {
			t.Errorf("%s: mermaid.js published: %v", st.name, published)
		}
		if _, published := s.Files()["_lore/katex/katex.min.js"]; published != (st.name == "first formula publishes KaTeX") {
			t.Errorf("%s: KaTeX published: %v", st.name, published)
		}
		t.Run(st.name, func(t *testing.T) { sameAsClean(t, s, dir) })
	}
}

// A GitHub wiki's Home.md is the front page until a README.md comes, and
// again when it goes; lore serve follows, as a clean build would.
func TestRebuildWikiHomeFollowsReadme(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: Wiki\n")
	writeFile(t, filepath.Join(dir, "content/Home.md"), "# Welcome\n\nSee [[Dev Setup]].\n")
	writeFile(t, filepath.Join(dir, "content/Dev-Setup.md"), "Install Go.\n")
	s := newTestSession(t, dir)
	sameAsClean(t, s, dir)
	writeFile(t, filepath.Join(dir, "content/README.md"), "# Project\n")
	rebuild(t, s, Changes{Content: []string{"README.md"}})
	sameAsClean(t, s, dir)
	os.Remove(filepath.Join(dir, "content/README.md"))
	rebuild(t, s, Changes{Content: []string{"README.md"}})
	sameAsClean(t, s, dir)
}

// A Docusaurus _category_ file names and orders its folder in every
// sidebar; lore serve follows its edits as a clean build would.
func TestRebuildCategoryFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: Docs\n")
	writeFile(t, filepath.Join(dir, "content/intro.md"), "# Intro\n")
	writeFile(t, filepath.Join(dir, "content/basics/first.md"), "# First\n")
	writeFile(t, filepath.Join(dir, "content/advanced/second.md"), "# Second\n")
	s := newTestSession(t, dir)
	writeFile(t, filepath.Join(dir, "content/basics/_category_.json"), `{"label": "The Basics", "position": 1}`)
	rebuild(t, s, Changes{Content: []string{"basics/_category_.json"}})
	sameAsClean(t, s, dir)
	if page := string(s.Files()["intro/index.html"]); !strings.Contains(page, ">The Basics<") {
		t.Errorf("the sidebar does not name the folder by its label")
	}
	os.Remove(filepath.Join(dir, "content/basics/_category_.json"))
	rebuild(t, s, Changes{Content: []string{"basics/_category_.json"}})
	sameAsClean(t, s, dir)
}

// A save made while a full build runs, after its page was parsed, is
// built by the rebuild its change brings, not taken as built already.
func TestSaveDuringFullBuildIsNotLost(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: T\n")
	writeFile(t, filepath.Join(dir, "content/a.md"), "# A\n\nFirst words.\n")
	writeFile(t, filepath.Join(dir, "content/pic.png"), "png1")
	opt := sessionOptions(t, dir)
	var save sync.Once
	saved := false
	opt.Progress = func(stage string, i, n int) {
		if stage == "render" {
			save.Do(func() {
				saved = true
				writeFile(t, filepath.Join(dir, "content/a.md"), "# A\n\nSecond words.\n")
				writeFile(t, filepath.Join(dir, "content/pic.png"), "png2")
			})
		}
	}
	s, err := NewSession(opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !saved {
		t.Fatal("no render stage")
	}
	rebuild(t, s, Changes{Content: []string{"a.md", "pic.png"}})
	if page := string(s.Files()["a/index.html"]); !strings.Contains(page, "Second words.") {
		t.Error("the save made during the build is lost")
	}
	if got := string(s.Files()["pic.png"]); got != "png2" {
		t.Errorf("pic.png = %q, want the one saved during the build", got)
	}
}

// A file saved again unchanged is not parsed again, whatever its bytes
// (a byte-order mark, old Mac line endings) that parsing normalises.
func TestRebuildUnchangedOddFileNotParsed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: T\n")
	writeFile(t, filepath.Join(dir, "content/bom.md"), "\ufeff---\ntitle: BOM\n---\nText.\n")
	writeFile(t, filepath.Join(dir, "content/mac.md"), "# Mac\rText.\r")
	s := newTestSession(t, dir)
	if res := rebuild(t, s, Changes{Content: []string{"bom.md", "mac.md"}}); res.Parsed != 0 {
		t.Errorf("unchanged files parsed again: %d", res.Parsed)
	}
}

// A file beside the notes that no page links to changes unseen (a log
// lore serve's own output is piped into); one a page shows does not.
func TestRebuildUnseenAttachment(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: T\n")
	writeFile(t, filepath.Join(dir, "content/a.md"), "# A\n\n![chart](chart.png)\n")
	writeFile(t, filepath.Join(dir, "content/chart.png"), "png1")
	writeFile(t, filepath.Join(dir, "content/serve.log"), "line 1\n")
	s := newTestSession(t, dir)
	writeFile(t, filepath.Join(dir, "content/serve.log"), "line 1\nline 2\n")
	if res := rebuild(t, s, Changes{Content: []string{"serve.log"}}); !res.Unseen || len(res.Changed) != 1 {
		t.Errorf("serve.log: unseen %v, changed %v", res.Unseen, res.Changed)
	}
	if got := string(s.Files()["serve.log"]); got != "line 1\nline 2\n" {
		t.Errorf("serve.log not published: %q", got)
	}
	writeFile(t, filepath.Join(dir, "content/chart.png"), "png2")
	if res := rebuild(t, s, Changes{Content: []string{"chart.png"}}); res.Unseen {
		t.Errorf("chart.png, shown by a.md, changed unseen: %v", res.Changed)
	}
}

// A file shown through raw HTML, which records no link, is seen too.
func TestRebuildRawHTMLImageSeen(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: T\nmarkup:\n  unsafeHTML: true\n")
	writeFile(t, filepath.Join(dir, "content/notes/a.md"), "# A\n\n<img src=\"../files/raw shot.png\" alt=\"\">\n")
	writeFile(t, filepath.Join(dir, "content/files/raw shot.png"), "png1")
	s := newTestSession(t, dir)
	writeFile(t, filepath.Join(dir, "content/files/raw shot.png"), "png2")
	if res := rebuild(t, s, Changes{Content: []string{"files/raw shot.png"}}); res.Unseen {
		t.Errorf("a file shown through raw HTML changed unseen: %v", res.Changed)
	}
}

// A long session: 1,000 edits in a row do not grow the heap.
func TestRebuildMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 rebuilds")
	}
	dir := rebuildSite(t)
	for i := range 300 {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("content/bulk/%02d/p%03d.md", i%20, i)),
			fmt.Sprintf("---\ntitle: Page %d\ndate: 2025-01-%02d\ntags: [t%d]\n---\nBody of %d, see [[p%03d]] and [[p%03d]].\n", i, i%28+1, i%9, i, (i+7)%300, i/10))
	}
	s := newTestSession(t, dir)
	name := filepath.Join(dir, "content/notes/alpha.md")
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var warm uint64
	edits := 1000
	if n, err := strconv.Atoi(os.Getenv("LORE_MEMTEST_EDITS")); err == nil {
		edits = n
	}
	for i := 1; i <= edits; i++ {
		title := "Alpha"
		if i%10 == 0 {
			title = fmt.Sprintf("Alpha %d", i) // a title change touches lists and feeds too
		}
		writeFile(t, name, fmt.Sprintf("---\ntitle: %s\ndate: 2026-01-03\ntags: [x]\n---\nAlpha first paragraph.\n\nEdit %d of [[beta]].\n", title, i))
		rebuild(t, s, Changes{Content: []string{"notes/alpha.md"}})
		if i == 100 {
			warm = heap()
		}
	}
	end := heap()
	runtime.KeepAlive(s)
	growth := float64(end)/float64(warm) - 1
	t.Logf("heap after GC: %.1f MiB after 100 edits, %.1f MiB after 1,000 (%+.1f%%)", float64(warm)/(1<<20), float64(end)/(1<<20), growth*100)
	if growth > 0.10 {
		t.Errorf("heap grew %.1f%% over 900 edits, want at most 10%%", growth*100)
	}
}

// The demo wiki, with its people, teams, action items and series: edits
// of each kind end where a clean build would.
func TestRebuildDemoWikiMatchesCleanBuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	s := newTestSession(t, dir)
	edit := func(rel string, fn func(string) string) Changes {
		name := filepath.Join(dir, rel)
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, name, fn(string(data)))
		return Changes{Content: []string{rel}}
	}
	appendText := func(s string) func(string) string { return func(d string) string { return d + s } }
	steps := []struct {
		name string
		ch   func() Changes
	}{
		{"note body", func() Changes { return edit("faq.md", appendText("\n\nOne more answer.\n")) }},
		{"retro action item", func() Changes {
			return edit("retros/2025-10-29-mobile-sprint-20.md", appendText("\n- [ ] @dara write the rollback runbook (due 2026-12-01)\n"))
		}},
		{"retro item done", func() Changes {
			return edit("retros/2025-10-29-mobile-sprint-20.md", func(d string) string { return strings.Replace(d, "- [ ]", "- [x]", 1) })
		}},
		{"journal title", func() Changes {
			return edit("journals/alice/2026-10-17-rust-error-handling.md", func(d string) string {
				lines := strings.Split(d, "\n")
				for i, l := range lines {
					if strings.HasPrefix(l, "title:") {
						lines[i] = "title: A renamed journal entry"
						break
					}
				}
				return strings.Join(lines, "\n")
			})
		}},
		{"mentoring body", func() Changes {
			return edit("mentoring/2026-03-18-alice-dara.md", appendText("\n\nFollow-up notes.\n"))
		}},
		{"journal body", func() Changes {
			return edit("journals/alice/2026-10-03-learning-rust-lifetimes.md", appendText("\n\nA thought added later.\n"))
		}},
		{"retro body counted by the records", func() Changes {
			return edit("retros/2025-08-01-sprint-08.md", appendText("\n\n## What went well\n\n- the demo\n- the docs\n"))
		}},
		{"retro moved to another team", func() Changes {
			return edit("retros/2025-10-29-mobile-sprint-20.md", func(d string) string {
				return strings.Replace(d, "\nteam: mobile\n", "\nteam: payments\n", 1)
			})
		}},
		{"new retro", func() Changes {
			writeFile(t, filepath.Join(dir, "retros/2026-11-27-sprint-99.md"), "---\ntitle: Sprint 99\ndate: 2026-11-27\nteam: payments\nauthors: [alice]\n---\n## Action items\n\n- [ ] @bob ship it\n")
			return Changes{Content: []string{"retros/2026-11-27-sprint-99.md"}}
		}},
	}
	for _, st := range steps {
		res := rebuild(t, s, st.ch())
		t.Logf("%s: parsed %d, rendered %d, changed %d", st.name, res.Parsed, len(res.Rendered), len(res.Changed))
		t.Run(st.name, func(t *testing.T) { sameAsClean(t, s, dir) })
	}
}

// pagesSite writes a 60-page wiki: three folders of 18 pages linking to
// each other, a folder of exactly 7 (the sidebar's window), tags, and a
// page linking to names that do not exist yet.
func pagesSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: Pages\n")
	writeFile(t, filepath.Join(dir, "content/index.md"), "---\ntitle: Home\n---\nStart at [[a00]].\n")
	for _, f := range []string{"a", "b", "c"} {
		for i := range 18 {
			writeFile(t, filepath.Join(dir, fmt.Sprintf("content/%s/%s%02d.md", f, f, i)),
				fmt.Sprintf("---\ntitle: %s %d\ndate: 2026-01-%02d\ntags: [t%d]\n---\nBody of %s%02d, see [[%s%02d]].\n",
					strings.ToUpper(f), i, i+1, i%3, f, i, f, (i+1)%18))
		}
	}
	for i := range 7 {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("content/d/d%d.md", i)), fmt.Sprintf("---\ntitle: D %d\ndate: 2026-02-%02d\n---\nd\n", i, i+1))
	}
	writeFile(t, filepath.Join(dir, "content/a/wanted.md"), "---\ntitle: Wanted\ndate: 2025-06-01\n---\nLinks to [[newcomer]] and [[b05]].\n")
	return dir
}

// Adding, deleting, renaming and moving a page renders the page, what
// links to it, its lists and the sidebar windows it enters or leaves:
// never the whole site, and always what a clean build would write.
func TestRebuildAddDeleteRenameRendersFew(t *testing.T) {
	dir := pagesSite(t)
	s := newTestSession(t, dir)
	all := len(s.views)
	c := filepath.Join(dir, "content")
	steps := []struct {
		name string
		do   func() Changes
		max  int      // views rendered at most (pages, lists, home)
		must []string // URLs that must be among them
		not  []string // URLs that must not
	}{
		{"add a page", func() Changes {
			writeFile(t, filepath.Join(c, "b/extra.md"), "---\ntitle: Extra\ndate: 2025-01-01\ntags: [t1]\n---\nHello.\n")
			return Changes{Content: []string{"b/extra.md"}}
		}, 14, []string{"/b/extra/", "/b/", "/", "/tags/t1/", "/types/note/", "/b/b00/"}, []string{"/b/b17/", "/a/a00/", "/c/c05/"}},
		{"add a page a link was waiting for", func() Changes {
			writeFile(t, filepath.Join(c, "c/newcomer.md"), "---\ntitle: Newcomer\ndate: 2025-01-01\n---\nHi.\n")
			return Changes{Content: []string{"c/newcomer.md"}}
		}, 14, []string{"/c/newcomer/", "/a/wanted/", "/c/", "/c/c00/"}, []string{"/c/c17/"}},
		{"delete a linked page", func() Changes {
			os.Remove(filepath.Join(c, "b/b05.md"))
			return Changes{Content: []string{"b/b05.md"}}
			// b04's and wanted's summaries named "B 5" and now say
			// "b05": their folder and tag lists show it, and so does the
			// excerpt newcomer shows of wanted's link to it.
		}, 19, []string{"/b/b04/", "/a/wanted/", "/b/b06/", "/b/", "/a/", "/tags/t1/", "/c/newcomer/"}, []string{"/a/a00/", "/c/c05/"}},
		{"rename a page", func() Changes {
			os.Rename(filepath.Join(c, "c/c10.md"), filepath.Join(c, "c/c10-renamed.md"))
			return Changes{Content: []string{"c/c10.md", "c/c10-renamed.md"}}
		}, 18, []string{"/c/c10-renamed/", "/c/c09/", "/c/"}, []string{"/a/a00/", "/b/b00/"}},
		{"move a page to another folder", func() Changes {
			os.Rename(filepath.Join(c, "a/a03.md"), filepath.Join(c, "b/a03.md"))
			return Changes{Content: []string{"a/a03.md", "b/a03.md"}}
		}, 24, []string{"/b/a03/", "/a/a02/", "/a/", "/b/"}, []string{"/c/c00/"}},
		{"an eighth page in a folder of seven", func() Changes {
			writeFile(t, filepath.Join(c, "d/d7.md"), "---\ntitle: D 7\ndate: 2024-01-01\n---\nd\n")
			return Changes{Content: []string{"d/d7.md"}}
		}, 16, []string{"/d/d0/", "/d/d7/"}, nil},
		{"hide a page as a draft", func() Changes {
			writeFile(t, filepath.Join(c, "d/d7.md"), "---\ntitle: D 7\ndate: 2024-01-01\ndraft: true\n---\nd\n")
			return Changes{Content: []string{"d/d7.md"}}
		}, 16, []string{"/d/d0/"}, []string{"/a/a00/"}},
		{"a new page wins a URL collision", func() Changes {
			writeFile(t, filepath.Join(c, "a/A01.md"), "---\ntitle: Other A 1\ndate: 2026-01-02\n---\nx\n")
			return Changes{Content: []string{"a/A01.md"}}
		}, 16, []string{"/a/a01/", "/a/"}, []string{"/b/b00/"}},
		{"the page that lost it goes", func() Changes {
			os.Remove(filepath.Join(c, "a/a01.md"))
			return Changes{Content: []string{"a/a01.md"}}
		}, 16, nil, []string{"/b/b00/"}},
		{"a new subfolder renders everything", func() Changes {
			writeFile(t, filepath.Join(c, "a/sub/deep.md"), "---\ntitle: Deep\n---\nx\n")
			return Changes{Content: []string{"a/sub/deep.md"}}
		}, -1, nil, nil},
	}
	for _, st := range steps {
		res := rebuild(t, s, st.do())
		got := renderedURLs(res)
		t.Logf("%s: rendered %d of %d views: %v", st.name, len(got), all, got)
		if st.max >= 0 && len(got) > st.max {
			t.Errorf("%s: rendered %d views, want at most %d: %v", st.name, len(got), st.max, got)
		}
		for _, u := range st.must {
			if !slices.Contains(got, u) {
				t.Errorf("%s: %s not rendered", st.name, u)
			}
		}
		for _, u := range st.not {
			if slices.Contains(got, u) {
				t.Errorf("%s: %s rendered, it does not show the page", st.name, u)
			}
		}
		t.Run(st.name, func(t *testing.T) { sameAsClean(t, s, dir) })
	}
}
