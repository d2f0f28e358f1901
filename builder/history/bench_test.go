package history

import (
	"bufio"
	"context"
	"fmt"
	"github.com/lore-wiki/lore/builder/gittest"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

const (
	benchFiles   = 10_000
	benchCommits = 20_000
)

// BenchmarkLoad measures Load on a repository of 10,000 pages and 20,000
// commits: one commit adding every page, then edits of one to three pages
// each, with a rename every 50 commits and a delete-and-add every 200.
// The repository is built once per run with git fast-import, which takes
// seconds where 20,000 `git commit` processes would take minutes.
func BenchmarkLoad(b *testing.B) {
	gittest.Isolate(b)
	dir := b.TempDir()
	start := time.Now()
	if err := makeBenchRepo(dir); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d-file, %d-commit repository in %v", benchFiles, benchCommits, time.Since(start).Round(time.Millisecond))

	var h *History
	for b.Loop() {
		var err error
		h, err = Load(context.Background(), dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	if n := len(h.Commits()); n != benchCommits {
		b.Fatalf("loaded %d commits, want %d", n, benchCommits)
	}
	if n := len(h.files); n != benchFiles {
		b.Fatalf("loaded %d files, want %d", n, benchFiles)
	}
}

func makeBenchRepo(dir string) error { return gittest.FastImport(dir, writeBenchStream) }

// writeBenchStream writes a fast-import stream; see git-fast-import(1).
func writeBenchStream(w *bufio.Writer) error {
	rng := rand.New(rand.NewPCG(1, 2))
	when := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC).Unix()
	pages := make([]string, benchFiles)
	nextID := 0
	newPage := func() string {
		nextID++
		return fmt.Sprintf("wiki/section-%02d/page-%05d.md", nextID%100, nextID)
	}
	blob := func(path string, rev int) {
		body := fmt.Sprintf("# %s\n\nRevision %d.\n", path, rev)
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(body), body)
	}
	for c := 0; c < benchCommits; c++ {
		who := rng.IntN(40)
		when += int64(600 + rng.IntN(7200))
		msg := fmt.Sprintf("commit %d", c)
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter Writer %d <w%d@example.com> %d +0000\ndata %d\n%s\n",
			who, who, when, len(msg), msg)
		switch {
		case c == 0:
			for i := range pages {
				pages[i] = newPage()
				blob(pages[i], c)
			}
		case c%200 == 0:
			i := rng.IntN(len(pages))
			fmt.Fprintf(w, "D %s\n", pages[i])
			pages[i] = newPage()
			blob(pages[i], c)
		case c%50 == 0:
			i := rng.IntN(len(pages))
			renamed := newPage()
			fmt.Fprintf(w, "R %s %s\n", pages[i], renamed)
			pages[i] = renamed
		default:
			for range 1 + rng.IntN(3) {
				blob(pages[rng.IntN(len(pages))], c)
			}
		}
		w.WriteString("\n")
	}
	return w.Flush()
}

// BenchmarkLoadMonorepo measures Load on docs/ in a code monorepo: 40,000
// commits, nine in ten editing some of 20,000 files under src/, one in ten
// a page among 1,000 under docs/. Here the pathspec must win (see readLog).
func BenchmarkLoadMonorepo(b *testing.B) {
	gittest.Isolate(b)
	dir := b.TempDir()
	if err := gittest.FastImport(dir, writeMonorepoStream); err != nil {
		b.Fatal(err)
	}
	var h *History
	for b.Loop() {
		var err error
		h, err = Load(context.Background(), filepath.Join(dir, "docs"), Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	if n := len(h.Commits()); n != 3999 {
		b.Fatalf("loaded %d commits, want 3999", n)
	}
}

func writeMonorepoStream(w *bufio.Writer) error {
	rng := rand.New(rand.NewPCG(3, 4))
	when := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC).Unix()
	const code, docs, commits = 20_000, 1_000, 40_000
	file := func(path string, rev int) {
		body := fmt.Sprintf("// %s, revision %d\n", path, rev)
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(body), body)
	}
	src := func(i int) string { return fmt.Sprintf("src/pkg%03d/mod%02d/file%05d.go", i%200, i%17, i) }
	doc := func(i int) string { return fmt.Sprintf("docs/sec%02d/page%04d.md", i%20, i) }
	for c := range commits {
		who := rng.IntN(40)
		when += int64(600 + rng.IntN(7200))
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter W%d <w%d@example.com> %d +0000\ndata 1\nx\n", who, who, when)
		switch {
		case c == 0:
			for i := range code {
				file(src(i), c)
			}
		case c%10 == 0:
			file(doc(rng.IntN(docs)), c)
		default:
			for range 1 + rng.IntN(5) {
				file(src(rng.IntN(code)), c)
			}
		}
		w.WriteString("\n")
	}
	return w.Flush()
}
