package builder

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/maphash"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/markdown"
	"github.com/lore-wiki/lore/builder/page"
)

// A Session is a build that stays alive between changes, for `lore serve`.
// Build runs the whole pipeline once; Rebuild then redoes only what a set of
// changed files touches and reports which outputs changed.
//
// Dependencies are explicit and come from the default theme's use of the
// data (a theme that shows more on every page may need a template change,
// which re-renders everything, to catch up):
//
//	changed page      its own page; pages linking to it or embedding it (they
//	                  show its title and its URL); pages whose backlink list
//	                  changed; when its title, date, type or summary changed,
//	                  its section page, its siblings (the sidebar lists them),
//	                  its tag and type pages, and the home page when it is among
//	                  the recent pages
//	tags or types     old and new term pages, the taxonomy pages and home
//	added, removed or moved page, draft toggled, URL collision won or lost
//	                  the page; pages whose links or backlinks now resolve
//	                  differently; its old and new section pages and their
//	                  ancestors; its tag and type pages; home; the pages of
//	                  its folders whose sidebar window (View.NearbyPages)
//	                  gained or lost it; series neighbours and records views
//	                  whose digest changed
//	folder added or removed, section title changed, preview shard count
//	                  changed
//	                  every page (the sidebar lists the top-level folders
//	                  and the current folder's subfolders; every page names
//	                  the shard count)
//	attachment        that file; when one is added or removed, links are
//	                  resolved again and pages whose links changed re-render
//	template          every page (base and partials are used by all)
//	theme or static file  that file alone
//	lore.yaml         a full build
//
// Files are compared by content hash, never by mtime, both on the way in
// (a save that does not change a file's bytes does nothing) and on the way
// out (Result.Changed lists outputs whose bytes differ).
type Session struct {
	mu     sync.Mutex
	opt    Options
	reload func() (*config.Config, error)
	seed   maphash.Seed

	b    *build
	md   *markdown.Markdown
	popt page.Options

	// files is the published output; a map is never changed once published.
	files  map[string][]byte
	hashes map[string]uint64

	pages     map[string]*page.Page // by source path: published, drafts and colliding pages
	srcHash   map[string]uint64     // by source path, pages and attachments
	pageFiles map[string]string     // Markdown source path -> file to read
	assets    map[string]string     // attachment source path -> file to read
	owned     map[string]string     // outputs copied from static/ ("static") or the theme ("theme")
	viewPaths map[string]bool       // HTML outputs of the last render
	views     []*View               // the views of the last render
	digests   map[string]uint64     // by URL, what the last render of a generated view showed
	metaPaths map[string]bool       // nav, feeds, sitemap
	diags     map[string]map[string][]*diag.Diagnostic
	failed    bool            // the last full build could not load the theme or config
	published map[string]bool // optional theme folders the site has (see optionalAssets)
}

// Changes are the files a watcher saw change, grouped by what they are.
// Paths are slash-separated; a path may be a folder, meaning everything
// under it.
type Changes struct {
	// Content paths are relative to the content folder.
	Content []string
	// Static paths are relative to the static folder.
	Static []string
	// Theme paths are relative to the site folder (layouts/..., themes/...).
	Theme []string
	// Config is set when lore.yaml changed.
	Config bool
}

// Empty reports whether there is nothing to do.
func (c Changes) Empty() bool {
	return len(c.Content) == 0 && len(c.Static) == 0 && len(c.Theme) == 0 && !c.Config
}

// Result tells what a Build or Rebuild did.
type Result struct {
	// Full is set when everything was built again.
	Full bool
	// Changed lists output paths that are new or whose content hash changed;
	// Removed lists outputs that are gone. Both are sorted.
	Changed []string
	Removed []string
	// Parsed counts Markdown files parsed; Rendered lists the views rendered.
	Parsed   int
	Rendered []Rendered
	// Pages are the pages whose source changed or that are new, or whose
	// text names a page whose title changed, and RemovedURLs the URLs of
	// pages that are gone: what the search index needs to hear about (see
	// search.(*Index).Update).
	Pages       []*page.Page
	RemovedURLs []string
	// Diagnostics are all current problems of the site, not only new ones.
	Diagnostics diag.List
	Duration    time.Duration
	// Unseen is set when only files beside the notes that no page links
	// to changed: nothing a reader sees changed. (A log that lore serve
	// writes into the folder it watches, through a pipe: saying so would
	// change it again.)
	Unseen bool
}

// Rendered is one view a rebuild rendered.
type Rendered struct {
	Kind string
	URL  string
}

// NewSession prepares a session. reload reads lore.yaml again when it
// changes; nil keeps opt.Config for good.
func NewSession(opt Options, reload func() (*config.Config, error)) (*Session, error) {
	if opt.Config == nil {
		return nil, errors.New("builder: no config")
	}
	return &Session{opt: opt, reload: reload, seed: maphash.MakeSeed(), files: map[string][]byte{}}, nil
}

// Files returns the current output. The map is never modified afterwards;
// a rebuild publishes a new one, so readers may keep using it.
func (s *Session) Files() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files
}

// Site is the current site. Do not use it while a Rebuild runs.
func (s *Session) Site() *Site {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b == nil {
		return nil
	}
	return s.b.site
}

// Build builds the whole site.
func (s *Session) Build(ctx context.Context) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.full(ctx, s.opt.Config)
}

// Rebuild brings the site up to date with the changed files.
func (s *Session) Rebuild(ctx context.Context, ch Changes) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch.Config || s.failed || s.b == nil {
		cfg := s.opt.Config
		if s.reload != nil {
			c, err := s.reload()
			if err != nil {
				return s.configFailed(err), nil
			}
			cfg = c
		}
		return s.full(ctx, cfg)
	}
	if homeChanged(ch) || categoryChanged(ch) {
		// Whether Home.md is the front page, and how every title reads,
		// hangs on the top folder's index files (see wikiHome); a folder's
		// name and place in every sidebar on its _category_ file.
		return s.full(ctx, s.b.cfg)
	}
	return s.incremental(ctx, ch)
}

// homeChanged reports a change to a top-level index.md, README.md or
// Home.md, which may make a GitHub wiki's Home.md the front page or not.
func homeChanged(ch Changes) bool {
	for _, rel := range ch.Content {
		switch strings.ToLower(rel) {
		case "index.md", "readme.md", "_index.md", "home.md":
			return true
		}
	}
	return false
}

// categoryChanged reports a change to a Docusaurus _category_ file.
func categoryChanged(ch Changes) bool {
	for _, rel := range ch.Content {
		if slices.Contains(categoryFiles, path.Base(rel)) {
			return true
		}
	}
	return false
}

// configFailed keeps the last good site and reports the broken lore.yaml.
func (s *Session) configFailed(err error) *Result {
	var d *diag.Diagnostic
	if !errors.As(err, &d) {
		// "/abs/site/lore.yaml:3: message" -> lore.yaml, line 3, message.
		line, msg := 0, err.Error()
		if m := configLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		d = diag.Errorf(config.FileName, line, 0, diag.CodeConfig, "%s", msg)
	}
	s.setDiags("config", nil, []*diag.Diagnostic{d}, true)
	return &Result{Diagnostics: s.allDiags()}
}

// full runs the pipeline from scratch and diffs its output with the last.
func (s *Session) full(ctx context.Context, cfg *config.Config) (*Result, error) {
	start := time.Now()
	opt := s.opt
	opt.Config = cfg
	b, err := newBuild(opt)
	if err != nil {
		return nil, err
	}
	defer b.stopIndex()
	site, err := newSite(cfg, b.opt)
	if err != nil {
		return s.configFailed(err), nil
	}
	b.site = site
	b.start = b.opt.Now()
	out := &nextWrite{files: map[string][]byte{}, written: map[string]bool{}, removed: map[string]bool{}}
	b.opt.Output = out
	diags := map[string]map[string][]*diag.Diagnostic{}
	var parsed []*page.Page
	for _, st := range b.stages() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		mark := len(site.Diagnostics)
		err := st.fn(ctx)
		byFile := map[string][]*diag.Diagnostic{}
		for _, d := range site.Diagnostics[mark:] {
			byFile[d.File] = append(byFile[d.File], d)
		}
		diags[st.name] = byFile
		if st.name == "parse" {
			// Before assemble drops pages that lose a URL collision.
			parsed = append(slices.Clone(site.Pages), site.Drafts...)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// A broken theme or content folder: keep serving the last good
			// site and show the problem until a change fixes it.
			s.failed = true
			s.setDiags("config", nil, []*diag.Diagnostic{asDiag(err, cfg)}, true)
			return &Result{Full: true, Diagnostics: s.allDiags(), Duration: time.Since(start)}, nil
		}
	}
	s.failed = false
	s.opt.Config = cfg
	s.b = b
	s.published = map[string]bool{}
	for _, a := range optionalAssets {
		s.published[a.dir] = site.uses(a.dir)
	}
	s.md, s.popt = b.parser()
	s.diags = diags
	s.pages = map[string]*page.Page{}
	s.pageFiles = map[string]string{}
	s.assets = map[string]string{}
	s.srcHash = map[string]uint64{}
	for _, p := range parsed {
		s.pages[p.Path] = p
	}
	// Each file's hash is of the bytes built, not read again now: a save
	// made while this build ran would be taken as built, and lost.
	for _, src := range site.sources {
		s.pageFiles[src.rel] = src.abs
		if p := s.pages[src.rel]; p != nil {
			s.srcHash[src.rel] = pageSum(p)
		}
	}
	for _, src := range site.assetFiles {
		s.assets[src.rel] = src.abs
		if data, ok := out.files[strings.TrimPrefix(assetURL(src.rel), "/")]; ok {
			s.srcHash[src.rel] = maphash.Bytes(s.seed, data)
		}
	}
	// Pages that lost a URL collision are parsed but not in site.Pages.
	s.viewPaths = map[string]bool{}
	b.keepRecords = true // the render stage just built them
	s.views = b.views()
	b.keepRecords = false
	for _, v := range s.views {
		s.viewPaths[viewOutput(v)] = true
	}
	s.digests = s.recordDigests(s.views)
	// Learn which files the list writers own, to remove those they stop
	// writing (the feed of a folder that is gone).
	mo := &trackWrite{next: &nextWrite{files: map[string][]byte{}, written: map[string]bool{}, removed: map[string]bool{}}}
	b.opt.Output = mo
	for _, step := range b.listWriters() {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	b.opt.Output = out
	s.metaPaths = mo.wrote
	s.ownFiles()
	res := &Result{Full: true, Parsed: len(s.pages), Pages: slices.Clone(site.Pages)}
	for _, v := range s.views {
		res.Rendered = append(res.Rendered, Rendered{Kind: v.Kind, URL: v.URL})
	}
	// A full build replaces every output.
	s.publish(out, res, true)
	res.Diagnostics = s.allDiags()
	res.Duration = time.Since(start)
	return res, nil
}

// plan is what a rebuild decided to redo.
type plan struct {
	all       bool // re-render every view
	pages     map[*page.Page]bool
	sections  map[string]bool
	terms     map[string]bool
	taxonomy  map[string]bool
	home      bool
	meta      bool // nav.json, feeds, sitemap
	relinkAll bool
	placed    bool // a published page came, went or moved (see placed)
	inPlace   bool // changed pages were updated in place (see contentChanges)
	records   bool // the records (people, teams, series) must be built again
	// relabelled are pages relinked, not changed, whose summary names a
	// linked page whose title changed.
	relabelled []*page.Page
	oldTop     map[string]bool
	oldTerms   map[string]int
	changed    []change
}

func (s *Session) incremental(ctx context.Context, ch Changes) (*Result, error) {
	start := time.Now()
	b := s.b
	out := s.newWrite()
	b.opt.Output = out
	res := &Result{}
	pl := &plan{pages: map[*page.Page]bool{}, sections: map[string]bool{}, terms: map[string]bool{}, taxonomy: map[string]bool{}}

	if err := s.themeChanges(ctx, ch.Theme, ch.Static, pl, out); err != nil {
		return nil, err
	}
	if len(ch.Content) > 0 {
		if err := s.contentChanges(ctx, ch.Content, pl, res); err != nil {
			return nil, err
		}
	}
	if err := s.render(ctx, pl, res); err != nil {
		return nil, err
	}
	for _, a := range optionalAssets {
		if uses := b.site.uses(a.dir); uses != s.published[a.dir] {
			if err := b.writeOptionalDir(a.dir, uses, out); err != nil {
				return nil, err
			}
			s.published[a.dir] = uses
		}
	}
	if pl.meta || pl.all {
		b.site.Diagnostics = nil
		mo := &trackWrite{next: out}
		b.opt.Output = mo
		for _, step := range b.listWriters() {
			if err := step(ctx); err != nil {
				return nil, err
			}
		}
		b.opt.Output = out
		for p := range s.metaPaths {
			if !mo.wrote[p] {
				out.remove(p)
			}
		}
		s.metaPaths = mo.wrote
	}
	s.publish(out, res, false)
	res.Diagnostics = s.allDiags()
	res.Duration = time.Since(start)
	res.Unseen = res.Parsed == 0 && len(res.Rendered) == 0 && len(res.Removed) == 0 && s.unseen(res.Changed)
	return res, nil
}

// sourceSum identifies a page's source bytes as page.Parse's Hash does,
// so the hash of the bytes a page was built from (pageSum) and of the
// file now on disk compare.
func sourceSum(data []byte) uint64 {
	sum := sha256.Sum256(data)
	return binary.BigEndian.Uint64(sum[:8])
}

func pageSum(p *page.Page) uint64 {
	b, err := hex.DecodeString(p.Hash[:16])
	if err != nil {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// unseen reports whether every output in changed is a file beside the
// notes that no page links to, so no page shows the change.
func (s *Session) unseen(changed []string) bool {
	if len(changed) == 0 {
		return false
	}
	attachments := make(map[string]bool, len(s.assets))
	for rel := range s.assets {
		attachments[strings.TrimPrefix(assetURL(rel), "/")] = true
	}
	for _, c := range changed {
		if !attachments[c] {
			return false
		}
	}
	for _, p := range s.b.site.Pages {
		for _, l := range p.Links {
			if l.Asset != "" && slices.Contains(changed, strings.TrimPrefix(l.Asset, "/")) {
				return false
			}
		}
	}
	// Raw HTML (<img src="../files/x.png">) and templates (an image named
	// in front matter) show files no link records: a page that names the
	// file anywhere shows it.
	var names [][]byte
	for _, c := range changed {
		names = append(names, []byte(c), []byte((&url.URL{Path: c}).EscapedPath()))
	}
	for out, data := range s.files {
		if !strings.HasSuffix(out, ".html") {
			continue
		}
		for _, n := range names {
			if bytes.Contains(data, n) {
				return false
			}
		}
	}
	return true
}

// render renders the views the plan selects and drops outputs of views
// that no longer exist.
func (s *Session) render(ctx context.Context, pl *plan, res *Result) error {
	b := s.b
	if !pl.all && !pl.records && len(pl.pages) == 0 && !pl.home && len(pl.sections)+len(pl.terms)+len(pl.taxonomy) == 0 {
		return nil
	}
	views := s.views
	same := pl.inPlace && !pl.records && !pl.all && views != nil
	if !same {
		// Pages changed place or the records changed: list the views again.
		b.site.Diagnostics = nil
		b.keepRecords = !pl.records && !pl.all
		views = b.views()
		b.keepRecords = false
		s.views = views
	}
	if pl.records {
		for _, c := range pl.changed {
			if c.new != nil {
				s.seriesPages(b.site.Records, c.new, pl)
			}
		}
	}
	paths := s.viewPaths
	if !same {
		paths = make(map[string]bool, len(views))
		for _, v := range views {
			paths[viewOutput(v)] = true
		}
	}
	var digests map[string]uint64
	if pl.records && !pl.all {
		// Generated views render again only when what they show changed.
		digests = s.recordDigests(views)
	}
	var todo []*View
	var files []string
	for _, v := range views {
		want := pl.wants(v, same || s.viewPaths[viewOutput(v)])
		if want && digests != nil && !knownKinds[v.Kind] {
			old, ok := s.digests[v.URL]
			want = !ok || old != digests[v.URL]
		}
		if want {
			todo = append(todo, v)
			files = append(files, viewFile(v))
			res.Rendered = append(res.Rendered, Rendered{Kind: v.Kind, URL: v.URL})
		}
	}
	if same {
		b.site.Diagnostics = nil
	}
	if err := b.renderViews(ctx, todo); err != nil {
		return err
	}
	s.setDiags("render", files, b.site.Diagnostics, pl.all)
	if digests != nil {
		s.digests = digests
	} else if pl.all {
		s.digests = s.recordDigests(views)
	}
	for p := range s.viewPaths {
		if !paths[p] {
			b.opt.Output.(*nextWrite).remove(p)
		}
	}
	s.viewPaths = paths
	return nil
}

func (pl *plan) wants(v *View, existed bool) bool {
	if pl.all || !existed {
		return true
	}
	if v.Page != nil && pl.pages[v.Page] {
		return true
	}
	switch v.Kind {
	case "page", "404", "search":
		return false
	case "section":
		return v.Section != nil && pl.sections[v.Section.Path]
	case "term":
		return pl.terms[v.URL]
	case "taxonomy":
		return pl.taxonomy[v.URL]
	case "home":
		return pl.home
	}
	// Generated views this file does not know (people, teams: records)
	// follow every change of the records.
	return pl.records
}

// viewOutput is the file a view is written to (as renderView does).
func viewOutput(v *View) string {
	if v.Kind == "404" {
		return "404.html"
	}
	return outputPath(v.URL)
}

// viewFile is the file renderView names in a template diagnostic.
func viewFile(v *View) string {
	if v.Page != nil {
		return v.Page.Path
	}
	return v.URL
}
