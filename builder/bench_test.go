package builder

import (
	"context"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/cmd/lore-corpus/corpus"
)

// BenchmarkBuild builds a generated 1,000-page wiki in memory with the
// default theme (nothing written to disk). `make bench` also times whole
// `lore build` runs of 1k and 10k pages against Hugo.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000} {
		b.Run(strconv.Itoa(n)+"-pages", func(b *testing.B) {
			cfg := corpusSite(b, n)
			b.ResetTimer()
			for b.Loop() {
				if _, err := Build(context.Background(), Options{Config: cfg, Output: Discard()}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		})
	}
}

// BenchmarkRenderPages renders the Markdown pages of a generated
// 1,000-page wiki with the default theme, again and again on one worker,
// after one build: the theme's own cost per page, without parsing. A
// theme that prints only the title and the body takes about a tenth of
// the default theme's time (items.go says what that measured).
func BenchmarkRenderPages(b *testing.B) {
	cfg := corpusSite(b, 1000)
	cfg.Search.Disabled = true
	bd, err := newBuild(Options{Config: cfg, Output: Discard()})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bd.run(context.Background()); err != nil {
		b.Fatal(err)
	}
	var pages []*View
	for _, v := range bd.views() {
		if v.Kind == "page" {
			pages = append(pages, v)
		}
	}
	bd.opt.Workers = 1
	b.ResetTimer()
	for b.Loop() {
		if err := bd.renderViews(context.Background(), pages); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(pages)), "µs/page")
}

// corpusSite writes a generated wiki of n pages and loads its config.
func corpusSite(b *testing.B, n int) *config.Config {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	if err := corpus.Write(context.Background(), dir, corpus.Config{Pages: n, Seed: 1}, corpus.Lore); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}
