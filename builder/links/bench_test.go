package links_test

import (
	"context"
	"errors"
	"flag"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/cmd/lore-corpus/corpus"
)

var benchPages = flag.Int("bench-pages", 10000, "pages in the corpus BenchmarkLinkShare builds")

// BenchmarkLinkShare builds a generated team wiki (cmd/lore-corpus, 10k
// pages by default) in memory and reports which share of the build the
// link stage takes:
//
//	resolve+backlinks-%  resolving every link and computing backlinks
//	link-stage-%         the whole stage: the above, plus expanding every
//	                     page's placeholders (with transclusion); hover
//	                     previews and graph.json are written while pages
//	                     render, and are not counted
//
// go test ./builder/links -run '^$' -bench LinkShare -benchtime 3x
func BenchmarkLinkShare(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	if err := corpus.Write(context.Background(), dir, corpus.Config{Pages: *benchPages, Seed: 1}, corpus.Lore); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	var total, resolve, stage time.Duration
	b.ResetTimer()
	for range b.N {
		var mu sync.Mutex
		phase := map[int]time.Time{}
		start := time.Now()
		_, err := builder.Build(context.Background(), builder.Options{
			Config: cfg, Output: builder.NewMemOutput(),
			Progress: func(name string, done, _ int) {
				if name == "link" {
					mu.Lock()
					phase[done] = time.Now()
					mu.Unlock()
				}
			},
		})
		if err != nil && !errors.Is(err, builder.ErrBuildFailed) {
			b.Fatal(err)
		}
		total += time.Since(start)
		resolve += phase[2].Sub(phase[0])
		// link.go reports 0/3 at its start and 3/3 when expansion ends.
		stage += phase[3].Sub(phase[0])
	}
	b.ReportMetric(100*float64(resolve)/float64(total), "resolve+backlinks-%")
	b.ReportMetric(100*float64(stage)/float64(total), "link-stage-%")
	b.ReportMetric(float64(resolve.Milliseconds())/float64(b.N), "resolve+backlinks-ms")
	b.ReportMetric(float64(stage.Milliseconds())/float64(b.N), "link-stage-ms")
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "build-ms")
}
