package builder

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/search"
)

// lore build while lore serve holds the site's search index: the build
// indexes into a temporary folder and publishes a whole search index,
// instead of waiting forever for the lock or deleting the other's index.
func TestBuildWhileIndexHeld(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: Held\n")
	writeFile(t, filepath.Join(dir, "content/a.md"), "# Alpha\n\nZeppelins over the harbour.\n")
	writeFile(t, filepath.Join(dir, "content/b.md"), "# Beta\n\nNothing to see.\n")
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	held, err := search.Open(SearchDir(cfg.CachePath()), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()

	var mu sync.Mutex
	var logs []string
	_, out, err := buildFixture(t, dir, func(o *Options) {
		o.Logf = func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			logs = append(logs, format)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out.Files[search.ExportDir+"/manifest.json"]; !ok {
		t.Error("no search index published")
	}
	if !strings.Contains(strings.Join(logs, "\n"), "open in another lore") {
		t.Errorf("logs %q do not say why the build indexed everything", logs)
	}
	if n := held.Len(); n != 0 {
		t.Errorf("the held index changed: %d pages", n)
	}
	res, err := held.Search(context.Background(), "zeppelins", search.Filters{}, 5)
	if err != nil || res.Total != 0 {
		t.Errorf("held index answers %+v, %v; want it untouched", res, err)
	}
}

// Search text names a linked page by its title, as the page does, and a
// serve rebuild hands the search index the pages whose text that changes.
func TestSearchTextNamesLinkedPages(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: Names\n")
	writeFile(t, filepath.Join(dir, "content/a.md"), "# Alpha\n\nIntro.\n\n## Notes\n\nSee [[2026-01-02-b]] and [[nowhere]].\n")
	writeFile(t, filepath.Join(dir, "content/2026-01-02-b.md"), "---\ntitle: Bravo review\n---\nB.\n")
	s := newTestSession(t, dir)
	text := func() string {
		for _, p := range s.Site().Pages {
			if p.Path == "a.md" {
				var b strings.Builder
				for _, sec := range SearchDocument(p).Sections {
					b.WriteString(sec.Text)
				}
				return b.String()
			}
		}
		t.Fatal("no a.md")
		return ""
	}
	if got := text(); !strings.Contains(got, "See Bravo review and nowhere.") {
		t.Errorf("search text %q", got)
	}
	writeFile(t, filepath.Join(dir, "content/2026-01-02-b.md"), "---\ntitle: Bravo retro\n---\nB.\n")
	res := rebuild(t, s, Changes{Content: []string{"2026-01-02-b.md"}})
	if !slices.ContainsFunc(res.Pages, func(p *page.Page) bool { return p.Path == "a.md" }) {
		t.Errorf("rebuild does not hand a.md to the search index: %v", res.Pages)
	}
	if got := text(); !strings.Contains(got, "See Bravo retro and nowhere.") {
		t.Errorf("after the rename: search text %q", got)
	}
}

// author:alice finds what Alice's person page lists: her journal entries
// too, which say whose they are by their folder, not by authors:.
func TestSearchAuthorsIncludeJournalOwner(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: Journals\n")
	writeFile(t, filepath.Join(dir, "content/journals/alice/2026-03-06-cafe.md"), "# Cafe\n\nNotes.\n")
	writeFile(t, filepath.Join(dir, "content/notes/shared.md"), "---\nauthors: [bob, alice]\n---\nShared.\n")
	s := newTestSession(t, dir)
	got := map[string][]string{}
	for _, p := range s.Site().Pages {
		got[p.Path] = SearchDocument(p).Authors
	}
	if a := got["journals/alice/2026-03-06-cafe.md"]; !slices.Contains(a, "alice") {
		t.Errorf("alice's journal entry has authors %v", a)
	}
	if a := got["notes/shared.md"]; !slices.Equal(a, []string{"bob", "alice"}) {
		t.Errorf("a note keeps its authors: %v", a)
	}
}
