// Package builder turns a content folder into a static site.
//
// The build is a pipeline of named stages, each a function from one value
// to the next, so a page can be followed from file to HTML:
//
//	load          walk the content folder: Markdown sources and assets
//	history-start start the one git log in the background (gitdates.go)
//	parse         front matter and Markdown -> *page.Page with body HTML (parallel)
//	history       dates and contributors from git, under front matter
//	assemble      sections, tags, types, URL collisions
//	link          resolve links, expand placeholders, backlinks, graph, previews
//	index-start   start syncing the search index in the background
//	render        learning records, then templates for every page and list (parallel)
//	write         assets, theme files, feeds, sitemap
//	index         wait for the search index and export it as static files
//
// Problems in single files are collected as diagnostics and the build goes
// on, so one bad page never hides the others; the caller decides whether
// the output is committed.
package builder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/theme"
)

// Options control one build.
type Options struct {
	Config *config.Config
	// Output receives the files; nil builds in memory and keeps nothing.
	Output Output
	// Drafts includes pages with draft: true.
	Drafts bool
	// Check builds only to find problems; nothing is published.
	Check bool
	// Dev marks a build for `lore serve` (templates may add the reload script).
	Dev bool
	// Theme overrides the embedded default theme (tests).
	Theme fs.FS
	// Now is the build's clock; zero means time.Now.
	Now func() time.Time
	// Exclude lists absolute folders never read as content (the destination).
	Exclude []string
	// Workers bounds parallel work; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is told how far the build is.
	Progress func(stage string, done, total int)
	// Logf receives notices that are not problems in files (a search
	// index being rebuilt, git history being unavailable).
	Logf func(format string, args ...any)
	// NoSearch skips the search index stage only: the pages keep their
	// search box (lore serve answers searches from an index of its own).
	// A site without search sets Config.Search.Disabled instead.
	NoSearch bool
}

// Stats counts what a build did.
type Stats struct {
	Pages     int
	Generated int
	Assets    int
	Duration  time.Duration
}

// ErrBuildFailed is returned (wrapped) when a build found errors in files.
var ErrBuildFailed = errors.New("build failed")

// Build runs the whole pipeline. It returns the site even when files had
// errors (see Site.Diagnostics); the error is non-nil when the site must not
// be published: errors in files, a broken theme, or a cancelled context.
func Build(ctx context.Context, opt Options) (*Site, error) {
	b, err := newBuild(opt)
	if err != nil {
		return nil, err
	}
	b.oneShot = true
	return b.run(ctx)
}

// build holds one build's inputs and the stages' results.
type build struct {
	opt   Options
	cfg   *config.Config
	site  *Site
	theme *theme.Theme
	start time.Time
	// keepRecords is set by a rebuild whose changes cannot change the
	// records (rebuild.go), so that views() reuses site.Records.
	keepRecords bool
	// search is the index syncing in the background (searchindex.go).
	search *searchSync
	// history receives the git history read in the background while
	// pages parse (gitdates.go).
	history chan historyResult
	// oneShot is set for a Build that will not be rebuilt: data only a
	// later rebuild needs can be dropped as soon as the pipeline is past it.
	oneShot bool
	// fragments caches partialCached output for the current render pass.
	fragments *fragments
	// templateErrors groups the current render pass's template errors.
	templateErrors *templateErrors
}

func newBuild(opt Options) (*build, error) {
	if opt.Config == nil {
		return nil, errors.New("builder: no config")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Output == nil {
		opt.Output = Discard()
	}
	if opt.Progress == nil {
		opt.Progress = func(string, int, int) {}
	}
	if opt.Logf == nil {
		opt.Logf = func(string, ...any) {}
	}
	return &build{opt: opt, cfg: opt.Config}, nil
}

func (b *build) run(ctx context.Context) (*Site, error) {
	b.start = b.opt.Now()
	site, err := newSite(b.cfg, b.opt)
	if err != nil {
		return nil, err
	}
	b.site = site
	defer b.stopIndex()
	for _, s := range b.stages() {
		if err := ctx.Err(); err != nil {
			return site, err
		}
		if err := s.fn(ctx); err != nil {
			var d *diag.Diagnostic
			if !errors.As(err, &d) || d.Severity != diag.Error {
				return site, fmt.Errorf("%s: %w", s.name, err)
			}
			// A file that stops the build (a template that does not parse)
			// is reported with the other problems found so far.
			site.report(d, d.File, d.Code)
			break
		}
	}
	site.Diagnostics.Sort()
	site.Stats.Duration = b.opt.Now().Sub(b.start)
	if n := site.Diagnostics.Errors(); n > 0 {
		return site, fmt.Errorf("%w: %d error(s)", ErrBuildFailed, n)
	}
	return site, nil
}

// stage is one named step of the pipeline.
type stage struct {
	name string
	fn   func(context.Context) error
}

// stages lists the pipeline in order; Build runs them all, and a Session
// (rebuild.go) runs them once and then reruns parts of them on a subset.
func (b *build) stages() []stage {
	return []stage{
		{"load", b.load},
		{"history-start", b.startHistory},
		{"parse", b.parse},
		{"history", b.readHistory},
		{"assemble", b.assemble},
		{"link", b.link},
		{"index-start", b.startIndex},
		{"render", b.render},
		{"write", b.write},
		{"index", b.index},
	}
}

// report records a file's problem; diagnostics pass through, other errors
// are wrapped with the stage and file.
func (s *Site) report(err error, file, code string) {
	var d *diag.Diagnostic
	var list []error
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		list = u.Unwrap()
	} else {
		list = []error{err}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range list {
		if errors.As(e, &d) {
			s.Diagnostics = append(s.Diagnostics, d)
			continue
		}
		s.Diagnostics = append(s.Diagnostics, diag.Errorf(file, 0, 0, code, "%v", e))
	}
}
