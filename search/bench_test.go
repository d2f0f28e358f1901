package search_test

import (
	"context"
	"path/filepath"
	"testing"

	. "github.com/lore-wiki/lore/search"
	"github.com/lore-wiki/lore/search/internal/corpus"
)

// BenchmarkIndexExport indexes and exports 1000 synthetic 5 KB pages from scratch.
func BenchmarkIndexExport(b *testing.B) {
	docs := corpus.Pages(1000, 1)
	for b.Loop() {
		dir := b.TempDir()
		x, err := Open(filepath.Join(dir, "c"), nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := x.Sync(context.Background(), docs); err != nil {
			b.Fatal(err)
		}
		if err := x.Export(context.Background(), filepath.Join(dir, "site")); err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

// BenchmarkSearch runs warm queries against 2000 pages.
func BenchmarkSearch(b *testing.B) {
	x, err := Open(filepath.Join(b.TempDir(), "c"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	x.Sync(context.Background(), corpus.Pages(2000, 1))
	for _, q := range []string{"kafka", "flaky tests", `"connection pool"`, "dep*", "flakey", "type:retro payments"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := x.Search(context.Background(), q, Filters{}, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
