package records_test

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/gittest"
	"github.com/lore-wiki/lore/builder/history"
	"github.com/lore-wiki/lore/cmd/lore-corpus/corpus"
)

const (
	benchFiles   = 10_000
	benchCommits = 20_000
)

// BenchmarkHistoryShare builds a wiki of 10,000 pages whose repository has
// 20,000 commits by 40 authors (edits of one to three pages, a rename every
// 50 commits), and reports how much of a full build the history stage
// takes: history-ms is history.Load alone, build-ms a whole build with
// history, nohistory-ms the same build with history disabled, and
// share-% is history-ms / build-ms.
//
// It runs twice: with short stub pages (about 1.5 kB of words, a build
// made mostly of overheads, where history weighs most) and with the
// pages of the generated corpus that make bench builds (about 6 kB with
// code, tables and links, like a real wiki's).
//
//	go test ./builder/records -run '^$' -bench HistoryShare -benchtime 3x
func BenchmarkHistoryShare(b *testing.B) {
	gittest.Isolate(b)
	b.Run("stub-pages", func(b *testing.B) { historyShare(b, stubPages()) })
	b.Run("corpus-pages", func(b *testing.B) {
		pages, err := corpusPages()
		if err != nil {
			b.Fatal(err)
		}
		historyShare(b, pages)
	})
}

func historyShare(b *testing.B, pages benchPages) {
	dir := b.TempDir()
	start := time.Now()
	if err := makeBenchWiki(dir, pages); err != nil {
		b.Fatal(err)
	}
	b.Logf("made a %d-page, %d-commit repository in %v", benchFiles, benchCommits, time.Since(start).Round(time.Millisecond))
	cfg, err := config.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	off := *cfg
	off.History.Disabled = true
	now := func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }
	// One untimed build first: the very first build also creates the
	// search index and the rest of the cache folder, which would otherwise
	// land on the first cold build and be counted as history's cost.
	if _, err := builder.Build(context.Background(), builder.Options{Config: &off, Now: now}); err != nil {
		b.Fatal(err)
	}
	var hist, full, warm, without time.Duration
	for b.Loop() {
		t0 := time.Now()
		h, err := history.Load(context.Background(), cfg.ContentPath(), history.Options{})
		if err != nil {
			b.Fatal(err)
		}
		hist += time.Since(t0)
		if len(h.Commits()) != benchCommits {
			b.Fatalf("%d commits, want %d", len(h.Commits()), benchCommits)
		}
		// Cold: no history cache, as in a fresh CI checkout.
		os.Remove(filepath.Join(cfg.CachePath(), "history.gob"))
		t0 = time.Now()
		site, err := builder.Build(context.Background(), builder.Options{Config: cfg, Now: now})
		if err != nil {
			b.Fatalf("build: %v %v", err, site.Diagnostics)
		}
		full += time.Since(t0)
		// Warm: the same commit is checked out, so the cache answers.
		t0 = time.Now()
		if _, err := builder.Build(context.Background(), builder.Options{Config: cfg, Now: now}); err != nil {
			b.Fatal(err)
		}
		warm += time.Since(t0)
		if site.Records == nil || !site.History.Available() || len(site.Pages) != benchFiles {
			b.Fatalf("build without history or records: %d pages", len(site.Pages))
		}
		t0 = time.Now()
		if _, err := builder.Build(context.Background(), builder.Options{Config: &off, Now: now}); err != nil {
			b.Fatal(err)
		}
		without += time.Since(t0)
	}
	n := float64(b.N)
	b.ReportMetric(float64(hist.Milliseconds())/n, "history-ms")
	b.ReportMetric(float64(full.Milliseconds())/n, "build-ms")
	b.ReportMetric(float64(without.Milliseconds())/n, "nohistory-ms")
	b.ReportMetric(100*float64(hist)/float64(full), "share-%")
	// What history really adds to a build's wall time: git runs while pages
	// parse, and contributors feed people pages and calendars.
	b.ReportMetric(100*float64(full-without)/float64(full), "added-%")
	b.ReportMetric(float64(warm.Milliseconds())/n, "warm-build-ms")
	b.ReportMetric(100*float64(warm-without)/float64(warm), "warm-added-%")
}

var (
	benchTeams  = []string{"payments", "platform", "mobile", "search", "data"}
	benchTags   = []string{"postgres", "ci", "kubernetes", "go", "rust", "on-call", "testing", "mobile", "security", "process", "architecture", "observability"}
	benchFolder = []string{"retros", "journals", "howtos", "meetings", "notes", "mentoring"}
	benchWords  = strings.Fields("the deploy check queue replica ledger payout refund runner cluster alert budget latency cache index schema migration incident review sprint owner goal session driver invoice carrier shipment")
)

// benchPages is what a bench repository holds: the first commit's files
// and the content of page i at a revision.
type benchPages struct {
	paths []string // under content/
	body  func(i, rev int) []byte
	// extra files of the first commit (images the pages embed).
	extra map[string][]byte
}

func stubPages() benchPages {
	paths := make([]string, benchFiles)
	for i := range paths {
		folder := benchFolder[i%len(benchFolder)]
		paths[i] = fmt.Sprintf("content/%s/%s/2025-%02d-%02d-page-%05d.md", folder, benchTeams[(i+1)%len(benchTeams)], 1+(i+1)%12, 1+(i+1)%28, i+1)
	}
	return benchPages{paths: paths, body: func(i, rev int) []byte {
		return []byte(benchBody(paths[i], uint64(i), rev))
	}}
}

// corpusPages are the pages (and images) of the generated 10k corpus; an
// edit adds a line to the end of a page.
func corpusPages() (benchPages, error) {
	c, err := corpus.New(corpus.Config{Pages: benchFiles, Seed: 1})
	if err != nil {
		return benchPages{}, err
	}
	bp := benchPages{paths: make([]string, benchFiles), extra: map[string][]byte{}}
	src := make([][]byte, benchFiles)
	for i := range benchFiles {
		rel, md, _ := c.Page(i)
		bp.paths[i], src[i] = "content/"+rel, md
	}
	for j := range c.Images() {
		rel, data, err := c.Image(j)
		if err != nil {
			return benchPages{}, err
		}
		bp.extra["content/"+rel] = data
	}
	bp.body = func(i, rev int) []byte {
		if rev == 0 {
			return src[i]
		}
		return fmt.Appendf(slices.Clip(src[i]), "\nRevision %d.\n", rev)
	}
	return bp, nil
}

// makeBenchWiki writes the repository with git fast-import, then lore.yaml.
func makeBenchWiki(dir string, pages benchPages) error {
	write := func(w *bufio.Writer) error { return writeBenchWiki(w, pages) }
	if err := gittest.FastImport(dir, write); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "lore.yaml"), []byte("title: Bench wiki\n"), 0o644)
}

func writeBenchWiki(w *bufio.Writer, bp benchPages) error {
	rng := rand.New(rand.NewPCG(7, 11))
	when := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC).Unix()
	paths := slices.Clone(bp.paths)
	renamed := 0
	file := func(path string, data []byte) {
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(data), data)
	}
	for c := range benchCommits {
		who := rng.IntN(40)
		when += int64(300 + rng.IntN(3600))
		msg := fmt.Sprintf("commit %d", c)
		fmt.Fprintf(w, "commit refs/heads/main\nauthor Writer %d <w%d@example.com> %d +0000\ncommitter Writer %d <w%d@example.com> %d +0000\ndata %d\n%s\n",
			who, who, when, who, who, when, len(msg), msg)
		switch {
		case c == 0:
			for i, p := range paths {
				file(p, bp.body(i, 0))
			}
			for _, p := range slices.Sorted(maps.Keys(bp.extra)) {
				file(p, bp.extra[p])
			}
		case c%50 == 0:
			i := rng.IntN(len(paths))
			renamed++
			to := fmt.Sprintf("%s/renamed-%05d.md", path.Dir(paths[i]), renamed)
			fmt.Fprintf(w, "R %s %s\n", paths[i], to)
			paths[i] = to
		default:
			for range 1 + rng.IntN(3) {
				i := rng.IntN(len(paths))
				file(paths[i], bp.body(i, c))
			}
		}
		w.WriteString("\n")
	}
	return w.Flush()
}

// benchBody is a page of about 1.5 kB: front matter by folder, headings,
// paragraphs and, in retros, action items.
func benchBody(path string, seed uint64, rev int) string {
	r := rand.New(rand.NewPCG(seed, 3))
	folder := strings.Split(path, "/")[1]
	team := strings.Split(path, "/")[2]
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: \"%s %d\"\nteam: %s\ntags: [%s, %s]\n", folder, seed, team,
		benchTags[r.IntN(len(benchTags))], benchTags[r.IntN(len(benchTags))])
	switch folder {
	case "retros":
		fmt.Fprintf(&b, "participants: [w%d, w%d]\n", r.IntN(40), r.IntN(40))
	case "mentoring":
		fmt.Fprintf(&b, "mentor: w%d\nmentee: w%d\ngoals: [\"goal %d\", \"goal %d\"]\n", r.IntN(40), r.IntN(40), r.IntN(5), r.IntN(5))
	case "meetings":
		fmt.Fprintf(&b, "attendees: [w%d, w%d, w%d]\n", r.IntN(40), r.IntN(40), r.IntN(40))
	}
	b.WriteString("---\n\n")
	for s := range 3 {
		fmt.Fprintf(&b, "## Section %d\n\n", s)
		for range 3 {
			for range 12 + r.IntN(10) {
				b.WriteString(benchWords[r.IntN(len(benchWords))])
				b.WriteByte(' ')
			}
			b.WriteString("\n\n")
		}
	}
	if folder == "retros" {
		b.WriteString("## Action items\n\n")
		for i := range 3 {
			fmt.Fprintf(&b, "- [ ] @w%d fix the %s %d (due 2026-0%d-1%d)\n", r.IntN(40), benchWords[r.IntN(len(benchWords))], i, 1+r.IntN(9), r.IntN(10))
		}
	}
	fmt.Fprintf(&b, "\nRevision %d.\n", rev)
	return b.String()
}
