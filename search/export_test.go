package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
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

// TestExportCache checks that an export made from an unchanged index is
// replayed from the cache byte for byte, that a damaged cached file is
// noticed, and that a changed index is exported again.
func TestExportCache(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	var logs []string
	x := openT(t, dir, &logs)
	defer x.Close()
	docs := corpus.Pages(60, 3)
	if _, err := x.Sync(ctx, docs); err != nil {
		t.Fatal(err)
	}
	export := func() map[string][]byte {
		t.Helper()
		got := map[string][]byte{}
		var order []string
		if err := x.ExportTo(ctx, func(name string, data []byte) error {
			got[name] = bytes.Clone(data)
			order = append(order, name)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if order[len(order)-1] != "manifest.json" {
			t.Fatalf("manifest.json is not written last: %q", order)
		}
		return got
	}
	first := export()
	if _, err := x.Sync(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if again := export(); !maps.EqualFunc(first, again, bytes.Equal) {
		t.Fatal("replayed export differs from the first")
	}
	// Damage one cached file: the export is made again, and still the same.
	ents, _ := os.ReadDir(filepath.Join(dir, "export"))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "s-") {
			os.WriteFile(filepath.Join(dir, "export", e.Name()), []byte("torn"), 0o644)
		}
	}
	if again := export(); !maps.EqualFunc(first, again, bytes.Equal) {
		t.Fatal("export after a damaged cache differs")
	}
	if !slices.ContainsFunc(logs, func(l string) bool { return strings.Contains(l, "damaged") }) {
		t.Errorf("damaged cache not reported: %q", logs)
	}
	// A changed page changes the export.
	docs[0].Title, docs[0].Hash = "Platypus", "changed"
	if _, err := x.Sync(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if again := export(); bytes.Equal(again["manifest.json"], first["manifest.json"]) {
		t.Fatal("export not redone after the index changed")
	}
}
