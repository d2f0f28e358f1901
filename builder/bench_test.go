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
			dir := b.TempDir()
			c, err := corpus.New(corpus.Config{Pages: n, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.WriteSite(context.Background(), filepath.Join(dir, "site"), corpus.Lore); err != nil {
				b.Fatal(err)
			}
			cfg, err := config.Load(filepath.Join(dir, "site"))
			if err != nil {
				b.Fatal(err)
			}
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
