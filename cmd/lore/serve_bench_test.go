package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/cmd/lore-corpus/corpus"
)

// BenchmarkServeSaveToEvent measures, on a generated wiki (10,000 pages;
// LORE_BENCH_PAGES changes it), the time from saving a page to a browser
// receiving its reload event: fsnotify, batching, the incremental rebuild,
// the atomic swap and the SSE write, as `lore serve` runs them. Each
// iteration edits another page's body. Run it as
//
//	go test ./cmd/lore -run '^$' -bench ServeSaveToEvent -benchtime 25x
//
// and read ms-median (the budget is 50 ms) and ms-p90.
func BenchmarkServeSaveToEvent(b *testing.B) {
	l := serveCorpus(b)
	// Notes and how-tos by default: pages in no series, the common edit.
	// LORE_BENCH_TYPES=journal,retro measures pages whose edits rebuild
	// the people and team pages too.
	types := []string{"note", "howto"}
	if v := os.Getenv("LORE_BENCH_TYPES"); v != "" {
		types = strings.Split(v, ",")
	}
	var pages []*page.Page
	for _, p := range l.srv.sess.Site().Pages {
		if slices.Contains(types, p.Type) {
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		b.Fatal("no pages to edit")
	}
	ev := l.listen()
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[(i*7919)%len(pages)]
		file := filepath.Join(l.dir, "content", filepath.FromSlash(p.Path))
		src, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		src = append(src, fmt.Sprintf("\n\nEdited in benchmark iteration %d.\n", i)...)
		t0 := time.Now()
		if err := os.WriteFile(file, src, 0o644); err != nil {
			b.Fatal(err)
		}
		ev.waitFor(b, `"`+p.URL+`"`)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	med := lat[len(lat)/2]
	p90 := lat[min(len(lat)-1, len(lat)*9/10)]
	b.ReportMetric(float64(med.Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(p90.Microseconds())/1000, "ms-p90")
	b.Logf("save to reload event over %d edits: median %s, p90 %s, min %s, max %s", len(lat), med, p90, lat[0], lat[len(lat)-1])
	// The rebuild's own share, from the lines lore serve prints.
	var rebuilds []time.Duration
	for _, line := range strings.Split(l.stdout.String(), "\n") {
		if i := strings.LastIndex(line, " changed in "); i >= 0 {
			if d, err := time.ParseDuration(line[i+len(" changed in "):]); err == nil {
				rebuilds = append(rebuilds, d)
			}
		}
	}
	if len(rebuilds) > 0 {
		slices.Sort(rebuilds)
		b.ReportMetric(float64(rebuilds[len(rebuilds)/2].Microseconds())/1000, "ms-rebuild-median")
		b.Logf("rebuild alone: median %s over %d rebuilds", rebuilds[len(rebuilds)/2], len(rebuilds))
	}
}

// BenchmarkServeAddPage is BenchmarkServeSaveToEvent for a new page: each
// iteration adds a note to the folder of an existing note (never a new
// top-level folder) and waits for the reload event naming it. Run it as
//
//	go test ./cmd/lore -run '^$' -bench ServeAddPage -benchtime 15x
func BenchmarkServeAddPage(b *testing.B) {
	l := serveCorpus(b)
	var pages []*page.Page
	for _, p := range l.srv.sess.Site().Pages {
		if p.Type == "note" && strings.Contains(p.Dir, "/") {
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		b.Fatal("no folders to add to")
	}
	ev := l.listen()
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[(i*7919)%len(pages)]
		name := fmt.Sprintf("bench-added-%d", i)
		file := filepath.Join(l.dir, "content", filepath.FromSlash(p.Dir), name+".md")
		src := fmt.Sprintf("---\ntitle: Added %d\ndate: 2024-06-01\n---\nA page added in benchmark iteration %d.\n", i, i)
		t0 := time.Now()
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
		ev.waitWithin(b, "/"+name+"/", time.Minute)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*9/10)].Microseconds())/1000, "ms-p90")
	b.Logf("add to reload event over %d pages added: median %s, min %s, max %s", len(lat), lat[len(lat)/2], lat[0], lat[len(lat)-1])
}

// serveCorpus generates a wiki of LORE_BENCH_PAGES pages (10,000 by
// default) and serves it as `lore serve` does.
func serveCorpus(b *testing.B) *live {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("LORE_BENCH_PAGES")); err == nil {
		n = v
	}
	dir := filepath.Join(b.TempDir(), "site")
	if err := corpus.Write(context.Background(), dir, corpus.Config{Pages: n, Seed: 1}, corpus.Lore); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	l := startServe(b, dir)
	b.Logf("%d pages built and served in %s", n, time.Since(start).Round(time.Millisecond))
	return l
}
