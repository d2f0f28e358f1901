package search_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/lore-wiki/lore/search/internal/corpus"
)

func TestExportFilesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 2000 pages")
	}
	const pages = 2000
	site, x := exportFixture(t, corpus.Pages(pages, 9))
	defer x.Close()
	dir := filepath.Join(site, "_lore", "search")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) >= pages/20 {
		t.Errorf("%d files for %d pages; want < 1 per 20 pages", len(ents), pages)
	}
	hashed := regexp.MustCompile(`^[a-z]-[0-9a-f]{12}\.bin$`)
	var total int64
	for _, e := range ents {
		info, _ := e.Info()
		total += info.Size()
		if e.Name() != "manifest.json" && !hashed.MatchString(e.Name()) {
			t.Errorf("file %s is not content-hashed", e.Name())
		}
		// Term and vocabulary shards stay small enough for one cold query.
		if n := e.Name(); (n[0] == 't' || n[0] == 'v') && info.Size() > 64<<10 {
			t.Errorf("%s is %d bytes", n, info.Size())
		}
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	var m struct {
		Docs   int
		Shards [][2]string
	}
	if err := json.Unmarshal(raw, &m); err != nil || m.Docs != pages {
		t.Fatalf("manifest: %v %+v", err, m.Docs)
	}
	if len(raw) > 16<<10 {
		t.Errorf("manifest is %d bytes", len(raw))
	}
	t.Logf("%d pages: %d files, %d KB total, manifest %d B, %d term shards", pages, len(ents), total>>10, len(raw), len(m.Shards))
}
