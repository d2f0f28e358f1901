// Command lore-corpus writes a realistic, deterministic team wiki for
// benchmarking Lore.
//
//	go run ./cmd/lore-corpus -n 10000 -o /tmp/wiki [-seed 1] [-hugo /tmp/wiki-hugo]
//
// DIR gets lore.yaml and content/; -hugo also writes the same Markdown as a
// minimal Hugo site so both tools can be compared on the same input.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/lore-wiki/lore/cmd/lore-corpus/corpus"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lore-corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "number of Markdown pages")
	out := fs.String("o", "", "output `dir` for the Lore site (must not exist or be empty)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives byte-identical output")
	hugo := fs.String("hugo", "", "also write the same Markdown as a minimal Hugo site into `dir`")
	quiet := fs.Bool("q", false, "do not print statistics")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" && *hugo == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: lore-corpus -n PAGES -o DIR [-seed N] [-hugo DIR]")
		return 2
	}
	start := time.Now()
	c, err := corpus.New(corpus.Config{Pages: *n, Seed: *seed})
	if err != nil {
		fmt.Fprintln(stderr, "lore-corpus:", err)
		return 1
	}
	var st *corpus.Stats
	for _, t := range []struct {
		dir    string
		layout corpus.Layout
	}{{*out, corpus.Lore}, {*hugo, corpus.Hugo}} {
		if t.dir == "" {
			continue
		}
		if st, err = c.WriteSite(ctx, t.dir, t.layout); err != nil {
			fmt.Fprintln(stderr, "lore-corpus:", err)
			return 1
		}
	}
	if !*quiet {
		fmt.Fprintf(stdout, "wrote %d pages in %v\n%s", c.Pages(), time.Since(start).Round(time.Millisecond), st)
	}
	return 0
}
