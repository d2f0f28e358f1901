// Command lore-bench times `lore build` (and, when it is installed, Hugo)
// on generated wikis of several sizes.
//
//	go build -o bin/lore ./cmd/lore
//	go run ./cmd/lore-bench [-sizes 1000,10000] [-runs 5] [-lore bin/lore] [-hugo hugo] [-extra-args --no-search] [-cold]
//
// For each size it writes a corpus with package corpus (the generator behind
// lore-corpus), runs one warm-up build and then -runs timed builds into a
// fresh output directory, alternating between the tools, and reports the median wall time, pages per
// second, median peak RSS, output size against input size and the number of
// output files: a table for people and one JSON line per size for
// machines. If Hugo is found, the same Markdown is built with
// `hugo --quiet -s DIR -d OUT` and the lore/hugo ratios are reported too.
//
// Lore keeps its search index and git history in <site>/.lore between
// builds, so by default the timed runs reuse what the warm-up left there,
// as a wiki built on one machine does; -cold removes it before every run,
// as a fresh CI checkout without a restored cache has it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/lore-wiki/lore/cmd/lore-corpus/corpus"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type options struct {
	sizes     []int
	runs      int
	seed      uint64
	lore      string
	hugo      string // resolved path, or "" to skip Hugo
	extra     []string
	hugoExtra []string
	dir       string
	keep      bool
	jsonOnly  bool
	cold      bool
}

// measure is the result of timing one tool on one corpus.
type measure struct {
	Tool        string    `json:"tool"`
	Runs        int       `json:"runs"`
	WallMedianS float64   `json:"wall_median_s"`
	WallS       []float64 `json:"wall_s"`
	PagesPerS   float64   `json:"pages_per_s"`
	RSSMedianKB int64     `json:"rss_median_kb"`
	RSSKB       []int64   `json:"rss_kb"`
	OutBytes    int64     `json:"out_bytes"`
	OutDiskKB   int64     `json:"out_disk_kb"` // what du reports
	OutFiles    int       `json:"out_files"`
	OutRatio    float64   `json:"out_ratio"` // OutBytes / input bytes
	Error       string    `json:"error,omitempty"`
}

// result is one JSON line: one corpus size, both tools.
type result struct {
	Pages         int      `json:"pages"`
	Images        int      `json:"images"`
	Seed          uint64   `json:"seed"`
	InputBytes    int64    `json:"input_bytes"`
	GenerateS     float64  `json:"generate_s"`
	Lore          measure  `json:"lore"`
	Hugo          *measure `json:"hugo,omitempty"`
	TimeRatio     float64  `json:"lore_hugo_time_ratio,omitempty"`
	MemRatio      float64  `json:"lore_hugo_mem_ratio,omitempty"`
	ExtraLoreArgs []string `json:"extra_lore_args,omitempty"`
	Cold          bool     `json:"cold,omitempty"` // lore ran without its .lore cache
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "generate" {
		return generate(ctx, args[1:], stderr)
	}
	fset := flag.NewFlagSet("lore-bench", flag.ContinueOnError)
	fset.SetOutput(stderr)
	sizes := fset.String("sizes", "1000,10000", "comma-separated corpus sizes in pages")
	runs := fset.Int("runs", 5, "timed runs per tool and size, after one warm-up run")
	seed := fset.Uint64("seed", 1, "corpus seed")
	lore := fset.String("lore", "bin/lore", "path to the lore binary (any command taking `build -s DIR -d OUT` will do)")
	hugo := fset.String("hugo", "hugo", "hugo binary to compare against; \"\" or \"none\" to skip")
	extra := fset.String("extra-args", "", "extra arguments for `lore build`, split on spaces (e.g. \"--no-search\")")
	hugoExtra := fset.String("hugo-extra-args", "", "extra arguments for hugo, split on spaces")
	dir := fset.String("dir", "", "keep corpora and output in `dir` and reuse corpora already there (default: a temporary directory)")
	keep := fset.Bool("keep", false, "keep the temporary directory")
	jsonOnly := fset.Bool("json", false, "print only the JSON lines")
	cold := fset.Bool("cold", false, "remove the site's .lore cache before every lore run (a fresh CI checkout: no search index, no history cache)")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if fset.NArg() > 0 || *runs < 1 {
		fmt.Fprintln(stderr, "usage: lore-bench [-sizes 1000,10000] [-runs 5] [-lore bin/lore] [-hugo hugo] [-extra-args ARGS] [-dir DIR] [-keep]")
		return 2
	}
	o := options{runs: *runs, seed: *seed, extra: strings.Fields(*extra), hugoExtra: strings.Fields(*hugoExtra), dir: *dir, keep: *keep, jsonOnly: *jsonOnly, cold: *cold}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "lore-bench: bad size %q in -sizes\n", s)
			return 2
		}
		o.sizes = append(o.sizes, n)
	}
	var err error
	if o.lore, err = exec.LookPath(*lore); err != nil {
		fmt.Fprintf(stderr, "lore-bench: -lore %s: %v (build it with `go build -o bin/lore ./cmd/lore`)\n", *lore, err)
		return 1
	}
	if o.lore, err = filepath.Abs(o.lore); err != nil {
		fmt.Fprintln(stderr, "lore-bench:", err)
		return 1
	}
	if *hugo != "" && *hugo != "none" {
		if o.hugo, err = exec.LookPath(*hugo); err != nil {
			fmt.Fprintf(stderr, "lore-bench: %s not found, skipping the Hugo comparison\n", *hugo)
			o.hugo = ""
		}
	}
	if o.dir == "" {
		tmp, err := os.MkdirTemp("", "lore-bench-")
		if err != nil {
			fmt.Fprintln(stderr, "lore-bench:", err)
			return 1
		}
		o.dir = tmp
		if o.keep {
			fmt.Fprintln(stderr, "lore-bench: keeping", tmp)
		} else {
			defer os.RemoveAll(tmp)
		}
	}

	var results []result
	failed := false
	for _, n := range o.sizes {
		res, err := benchSize(ctx, o, n, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "lore-bench: %d pages: %v\n", n, err)
			return 1
		}
		if res.Lore.Error != "" || res.Hugo != nil && res.Hugo.Error != "" {
			failed = true
		}
		line, _ := json.Marshal(res)
		fmt.Fprintf(stdout, "%s\n", line)
		results = append(results, res)
	}
	if !o.jsonOnly {
		printTable(stdout, results)
	}
	if failed {
		return 1
	}
	return 0
}

// benchSize generates (or reuses) the corpus for n pages and times both
// tools on it. Tool failures are recorded in the result; only setup
// failures are returned as errors.
func benchSize(ctx context.Context, o options, n int, stderr io.Writer) (result, error) {
	res := result{Pages: n, Seed: o.seed, ExtraLoreArgs: o.extra, Cold: o.cold}
	base := filepath.Join(o.dir, fmt.Sprintf("corpus-%d-seed%d", n, o.seed))
	loreSite, hugoSite := filepath.Join(base, "lore"), filepath.Join(base, "hugo")
	res.Images = max(1, n/50) // as corpus.New plans it
	start := time.Now()
	if err := generateIn(ctx, o, n, loreSite, hugoSite); err != nil {
		return res, err
	}
	res.GenerateS = time.Since(start).Seconds()
	in, err := du(filepath.Join(loreSite, "content"))
	if err != nil {
		return res, err
	}
	res.InputBytes = in.bytes

	out := filepath.Join(base, "out-lore")
	args := append([]string{"build", "-s", loreSite, "-d", out}, o.extra...)
	lore := &timing{m: measure{Tool: "lore", Runs: o.runs}, bin: o.lore, args: args, out: out}
	if o.cold {
		cache := filepath.Join(loreSite, ".lore")
		lore.before = func() error { return os.RemoveAll(cache) }
	}
	tools := []*timing{lore}
	var hugo *timing
	if o.hugo != "" {
		out := filepath.Join(base, "out-hugo")
		args := append([]string{"--quiet", "-s", hugoSite, "-d", out}, o.hugoExtra...)
		hugo = &timing{m: measure{Tool: "hugo", Runs: o.runs}, bin: o.hugo, args: args, out: out}
		tools = append(tools, hugo)
	}
	fmt.Fprintf(stderr, "lore-bench: %d pages: %d runs of %s\n", n, o.runs, toolNames(tools))
	// Runs alternate between the tools, so a shared machine that slows
	// down half-way through slows both alike and the ratios stay fair.
	for i := 0; i <= o.runs; i++ {
		for _, t := range tools {
			t.run(ctx, i == 0)
		}
	}
	res.Lore = lore.finish(n, in.bytes)
	if hugo != nil {
		h := hugo.finish(n, in.bytes)
		res.Hugo = &h
		if h.Error == "" && res.Lore.Error == "" && h.WallMedianS > 0 && h.RSSMedianKB > 0 {
			res.TimeRatio = res.Lore.WallMedianS / h.WallMedianS
			res.MemRatio = float64(res.Lore.RSSMedianKB) / float64(h.RSSMedianKB)
		}
	}
	return res, nil
}

// generateIn writes the corpora that are not there yet. It runs the
// generator in a child process: on Linux a child started by os/exec
// inherits this process's peak RSS into its own ru_maxrss (the kernel
// records the old address space's high-water mark at exec, and Go starts
// children with vfork), so the bench process must stay small for the
// builds' peak RSS to mean anything.
func generateIn(ctx context.Context, o options, n int, loreSite, hugoSite string) error {
	args := []string{"generate", "-n", strconv.Itoa(n), "-seed", strconv.FormatUint(o.seed, 10)}
	if _, err := os.Stat(filepath.Join(loreSite, "lore.yaml")); err != nil {
		args = append(args, "-o", loreSite)
	}
	if _, err := os.Stat(filepath.Join(hugoSite, "hugo.toml")); o.hugo != "" && err != nil {
		args = append(args, "-hugo", hugoSite)
	}
	if len(args) == 5 {
		return nil // both already there
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, self, args...)
	var tail tailBuffer
	cmd.Stdout, cmd.Stderr = &tail, &tail
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("generate corpus: %w\n%s", err, tail.String())
	}
	return nil
}

// generate is the child side of generateIn.
func generate(ctx context.Context, args []string, stderr io.Writer) int {
	fset := flag.NewFlagSet("lore-bench generate", flag.ContinueOnError)
	fset.SetOutput(stderr)
	n := fset.Int("n", 1000, "pages")
	seed := fset.Uint64("seed", 1, "seed")
	out := fset.String("o", "", "Lore site dir")
	hugo := fset.String("hugo", "", "Hugo site dir")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	c, err := corpus.New(corpus.Config{Pages: *n, Seed: *seed})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, t := range []struct {
		dir    string
		layout corpus.Layout
	}{{*out, corpus.Lore}, {*hugo, corpus.Hugo}} {
		if t.dir == "" {
			continue
		}
		if _, err := c.WriteSite(ctx, t.dir, t.layout); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	return 0
}

// timing is one tool's runs on one corpus: out is removed before each
// run, and before, if set, runs before every run (warm-up included).
type timing struct {
	m      measure
	bin    string
	args   []string
	out    string
	before func() error
}

// run builds once and records its wall time and peak RSS, unless it is the
// warm-up. After a failure the tool is not run again.
func (t *timing) run(ctx context.Context, warmUp bool) {
	if t.m.Error != "" {
		return
	}
	if err := os.RemoveAll(t.out); err != nil {
		t.m.Error = err.Error()
		return
	}
	if t.before != nil {
		if err := t.before(); err != nil {
			t.m.Error = err.Error()
			return
		}
	}
	wall, rss, err := runOnce(ctx, t.bin, t.args)
	if err != nil {
		t.m.Error = err.Error()
		return
	}
	if !warmUp {
		t.m.WallS = append(t.m.WallS, wall.Seconds())
		t.m.RSSKB = append(t.m.RSSKB, rss)
	}
}

// finish computes the medians and measures the last run's output.
func (t *timing) finish(pages int, inBytes int64) measure {
	m := t.m
	if m.Error != "" {
		return m
	}
	m.WallMedianS = median(m.WallS)
	m.RSSMedianKB = int64(median(m.RSSKB))
	if m.WallMedianS > 0 {
		m.PagesPerS = float64(pages) / m.WallMedianS
	}
	u, err := du(t.out)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		m.Error = err.Error()
		return m
	}
	m.OutBytes, m.OutDiskKB, m.OutFiles = u.bytes, u.diskKB, u.files
	if inBytes > 0 {
		m.OutRatio = float64(u.bytes) / float64(inBytes)
	}
	return m
}

func toolNames(tools []*timing) string {
	names := make([]string, len(tools))
	for i, t := range tools {
		names[i] = t.m.Tool
	}
	return strings.Join(names, " and ")
}

// runOnce runs one build and returns its wall time and peak RSS in KB.
func runOnce(ctx context.Context, bin string, args []string) (time.Duration, int64, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var tail tailBuffer
	cmd.Stdout, cmd.Stderr = &tail, &tail
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%s %s: %w\n%s", filepath.Base(bin), strings.Join(args, " "), err, tail.String())
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // KB on Linux
	}
	return wall, rss, nil
}

// tailBuffer keeps the last 4 KB written to it, for error messages.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = t.b[len(t.b)-4096:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return strings.TrimSpace(string(t.b)) }

type usage struct {
	bytes  int64 // sum of file sizes
	diskKB int64 // allocated blocks, as du reports
	files  int
}

func du(dir string) (usage, error) {
	var u usage
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			u.diskKB += st.Blocks / 2 // 512-byte blocks
		}
		if d.Type().IsRegular() {
			u.bytes += info.Size()
			u.files++
		}
		return nil
	})
	if err != nil {
		return u, fmt.Errorf("du %s: %w", dir, err)
	}
	return u, nil
}

func median[T int64 | float64](xs []T) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return float64(s[len(s)/2])
	}
	return (float64(s[len(s)/2-1]) + float64(s[len(s)/2])) / 2
}

func printTable(w io.Writer, results []result) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "pages\ttool\tmedian\tpages/s\tpeak RSS\tinput\toutput\tout/in\tfiles\tvs hugo (time, mem)\t")
	for _, r := range results {
		ms := []*measure{&r.Lore}
		if r.Hugo != nil {
			ms = append(ms, r.Hugo)
		}
		for _, m := range ms {
			if m.Error != "" {
				fmt.Fprintf(tw, "%d\t%s\tFAILED\t\t\t\t\t\t\t\t\n", r.Pages, m.Tool)
				continue
			}
			vs := ""
			if m.Tool == "lore" && r.TimeRatio > 0 {
				vs = fmt.Sprintf("%.2fx, %.2fx", r.TimeRatio, r.MemRatio)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%.0f\t%s\t%s\t%s\t%.2f\t%d\t%s\t\n",
				r.Pages, m.Tool, time.Duration(m.WallMedianS*float64(time.Second)).Round(time.Millisecond),
				m.PagesPerS, mb(m.RSSMedianKB*1024), mb(r.InputBytes), mb(m.OutBytes), m.OutRatio, m.OutFiles, vs)
		}
	}
	tw.Flush()
	for _, r := range results {
		for _, m := range []*measure{&r.Lore, r.Hugo} {
			if m != nil && m.Error != "" {
				fmt.Fprintf(w, "\n%d pages, %s failed: %s\n", r.Pages, m.Tool, m.Error)
			}
		}
	}
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
