package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
)

const buildUsage = `Usage: lore build [flags]

Builds the site in the source folder into the destination folder. The new
site is written to a staging folder first and replaces the destination only
when the build succeeds, so a failed build leaves the last good site as it
was. Files in the destination that Lore did not write (a CNAME, a .git
folder) are kept unless --clean-destination is given, even when the build
is killed half-way: the next build puts them back. One build at a time
writes to a destination; a second waits for the first. The destination may
not be the site folder or hold it; a destination that is a symlink is
written where it points, and keeps its permissions (a new one is 0755),
unless the symlink is inside the site folder and points out of it (a
pull request could commit one): give such a folder itself with -d.

Flags:
  -s, --source DIR          site folder (default ".")
  -d, --destination DIR     output folder (default "public", inside the site folder)
      --base-url URL        URL the site is published at, e.g. https://org.github.io/wiki/
      --drafts              include pages with draft: true
      --clean-destination   remove files in the destination that Lore did not write
      --no-search           skip the search index (faster; the site has no search)
  -q, --quiet               print nothing but errors
      --cpuprofile FILE     write a CPU profile of the build to FILE, for go tool pprof

Environment:
  GOGC=100                  collect garbage more often: about a quarter less
                            peak memory, builds 6-11% slower (the default is 200;
                            a cold 10k-page build with search peaks near 1.9 GB)

Examples:
  lore build
  lore build -s ~/notes -d /tmp/notes-site
  lore build --base-url https://acme.github.io/team-wiki/
`

// maxShown caps the problems printed, so a site with thousands of broken
// links still ends with a readable summary.
const maxShown = 50

func buildCommand() *command {
	c := &command{name: "build", summary: "build the site into a folder of static files", usage: buildUsage}
	c.run = func(ctx context.Context, e *env, args []string) int {
		var sf siteFlags
		var dest, baseURL string
		var clean, quiet, noSearch bool
		var cpuProfile string
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		sf.register(fs)
		fs.StringVar(&dest, "d", "", "")
		fs.StringVar(&dest, "destination", "", "")
		fs.StringVar(&baseURL, "base-url", "", "")
		fs.BoolVar(&clean, "clean-destination", false, "")
		fs.BoolVar(&noSearch, "no-search", false, "")
		fs.StringVar(&cpuProfile, "cpuprofile", "", "")
		fs.BoolVar(&quiet, "q", false, "")
		fs.BoolVar(&quiet, "quiet", false, "")
		if ok, code := parseFlags(fs, c, e, args); !ok {
			return code
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(e.stderr, "lore build: unexpected argument %q\n%s", fs.Arg(0), c.usage)
			return exitUsage
		}
		if baseURL != "" {
			clean, err := config.CleanBaseURL(baseURL)
			if err != nil {
				fmt.Fprintf(e.stderr, "lore build: --base-url %v\n", err)
				return exitUsage
			}
			baseURL = clean
		}
		cfg, err := loadConfig(sf.source, baseURL)
		if err != nil {
			printLoadError(e.stderr, "build", sf.source, err)
			return exitFail
		}
		if dest == "" {
			dest = filepath.Join(cfg.Dir, "public")
		}
		cfg.Search.Disabled = cfg.Search.Disabled || noSearch
		if cpuProfile != "" {
			stop, err := startCPUProfile(cpuProfile)
			if err != nil {
				fmt.Fprintf(e.stderr, "lore build: %v\n", err)
				return exitFail
			}
			defer stop()
		}
		return runBuild(ctx, e, cfg, dest, sf.drafts, clean, quiet)
	}
	return c
}

func loadConfig(source, baseURL string) (*config.Config, error) {
	cfg, err := config.Load(source)
	if err != nil {
		return nil, err
	}
	if baseURL != "" {
		cfg.BaseURL = baseURL // checked by config.CleanBaseURL
	}
	return cfg, nil
}

func runBuild(ctx context.Context, e *env, cfg *config.Config, dest string, drafts, clean, quiet bool) int {
	batchGC(e)
	if err := builder.CheckDestination(cfg.Dir, cfg.ContentPath(), dest); err != nil {
		fmt.Fprintf(e.stderr, "lore build: %v\n", err)
		return exitUsage
	}
	// Asked before staging, which may create folders on the way to dest.
	_, statErr := os.Stat(dest)
	hadSite := !errors.Is(statErr, os.ErrNotExist)
	var waiting func()
	if !quiet {
		waiting = func() { fmt.Fprintf(e.stderr, "Waiting for another lore build to finish writing %s...\n", dest) }
	}
	out, err := builder.NewStagedDirWaiting(dest, waiting)
	if err != nil {
		fmt.Fprintf(e.stderr, "lore build: %v\n", err)
		return exitFail
	}
	absDest, _ := filepath.Abs(dest)
	prog := newProgress(e.stderr, quiet)
	start := time.Now()
	site, err := builder.Build(ctx, builder.Options{
		Config: cfg, Output: out, Drafts: drafts,
		Exclude: []string{absDest}, Progress: prog.update,
		Logf: func(format string, args ...any) { prog.printf(format, args...) },
	})
	prog.stop()
	if site != nil {
		printDiagnostics(e.stderr, site.Diagnostics, quiet)
	}
	if err != nil {
		_ = out.Discard()
		if errors.Is(err, builder.ErrBuildFailed) {
			fmt.Fprintln(e.stderr, buildFailed(site.Diagnostics.Errors(), dest, hadSite))
		} else {
			fmt.Fprintf(e.stderr, "lore build: %v\n", err)
		}
		return exitFail
	}
	if err := out.Commit(clean); err != nil {
		_ = out.Discard()
		fmt.Fprintf(e.stderr, "lore build: %v\n", err)
		return exitFail
	}
	if !quiet {
		fmt.Fprintf(e.stdout, "Built %s, %s in %s\n", builder.CountNoun(site.Stats.Pages, "page"), builder.CountNoun(site.Stats.Assets, "asset"),
			roundDuration(time.Since(start)))
	}
	return exitOK
}

// buildFailed is the last line of a failed build. It says what is at dest
// now: the last good site when there was one, else nothing at all, so a
// first build that fails does not speak of a site that never existed.
func buildFailed(errs int, dest string, hadSite bool) string {
	if hadSite {
		return fmt.Sprintf("Build failed with %s; %s left unchanged.", builder.CountNoun(errs, "error"), dest)
	}
	return fmt.Sprintf("Build failed with %s; nothing was written to %s.", builder.CountNoun(errs, "error"), dest)
}

// startCPUProfile profiles the process until stop is called. `make pgo`
// turns a profile of a large build into cmd/lore/default.pgo.
func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// batchGC lets the heap grow to three times the live data between
// collections instead of twice. A build is a batch job that exits when it
// is done: on a 10k-page wiki this costs about 35% more peak memory (still
// far below Hugo's) and saves a tenth of the CPU spent on the build. A
// GOGC set by the user wins.
func batchGC(e *env) {
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
}

func roundDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	default:
		return d.Round(100 * time.Millisecond).String()
	}
}

// printDiagnostics lists problems, capped, errors before warnings; with
// errorsOnly (--quiet) it leaves the warnings out.
func printDiagnostics(w io.Writer, ds diag.List, errorsOnly bool) {
	severities := []diag.Severity{diag.Error, diag.Warning}
	if errorsOnly {
		severities = severities[:1]
		ds = slices.DeleteFunc(slices.Clone(ds), func(d *diag.Diagnostic) bool { return d.Severity != diag.Error })
	}
	shown := 0
	for _, sev := range severities {
		for _, d := range ds {
			if d.Severity != sev {
				continue
			}
			if shown == maxShown {
				fmt.Fprintf(w, "... and %d more\n", len(ds)-shown)
				return
			}
			fmt.Fprintln(w, d.Error())
			shown++
		}
	}
}

// progress prints a live one-line status on an interactive terminal when
// a build takes more than a second.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	enabled bool
	stage   string
	done    int
	total   int
	shown   bool
	quit    chan struct{}
	wg      sync.WaitGroup
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, quit: make(chan struct{})}
	f, ok := w.(*os.File)
	if quiet || !ok {
		return p
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return p
	}
	p.enabled = true
	p.wg.Add(1)
	go p.loop()
	return p
}

// printf prints a notice on its own line, clearing the progress line first.
func (p *progress) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, format+"\n", args...)
}

func (p *progress) update(stage string, done, total int) {
	p.mu.Lock()
	p.stage, p.done, p.total = stage, done, total
	p.mu.Unlock()
}

func (p *progress) loop() {
	defer p.wg.Done()
	select {
	case <-time.After(time.Second):
	case <-p.quit:
		return
	}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		p.mu.Lock()
		fmt.Fprintf(p.w, "\r\033[KBuilding: %s %s/%s", p.stage, builder.FormatCount(p.done), builder.FormatCount(p.total))
		p.shown = true
		p.mu.Unlock()
		select {
		case <-t.C:
		case <-p.quit:
			return
		}
	}
}

func (p *progress) stop() {
	if !p.enabled {
		return
	}
	close(p.quit)
	p.wg.Wait()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
