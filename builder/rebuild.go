package builder

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/markdown"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
	"github.com/lore-wiki/lore/builder/slug"
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

// asDiag turns a stage's fatal error into a diagnostic naming file and
// line when the message has them ("template layouts/page.html:12: ...",
// "template: themes/mine/layouts/page.html:2: ...").
func asDiag(err error, cfg *config.Config) *diag.Diagnostic {
	var d *diag.Diagnostic
	if errors.As(err, &d) {
		return d
	}
	if m := fileLine.FindStringSubmatchIndex(err.Error()); m != nil {
		msg := err.Error()
		file, n := msg[m[2]:m[3]], 0
		if m[4] >= 0 {
			n, _ = strconv.Atoi(msg[m[4]:m[5]])
		}
		// "template: layouts/page.html:2: missing value for if": the file
		// and line are the diagnostic's own.
		if rest := strings.TrimLeft(msg[m[1]:], ": "); rest != "" {
			msg = rest
		}
		return diag.Errorf(file, n, 0, diag.CodeTemplate, "%s", msg)
	}
	return diag.Errorf(config.FileName, 0, 0, diag.CodeConfig, "%v", err)
}

var configLine = regexp.MustCompile(regexp.QuoteMeta(config.FileName) + `:(\d+): (.*)$`)

var fileLine = regexp.MustCompile(`((?:layouts|themes)/[^\s:]+\.html)(?::(\d+))?`)

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

// themeChanges reloads templates when a layout changed and copies changed
// theme and static files.
func (s *Session) themeChanges(ctx context.Context, themePaths, staticPaths []string, pl *plan, out *nextWrite) error {
	b := s.b
	var themeStatic []string
	templates := false
	prefix := "themes/" + b.cfg.Theme + "/"
	for _, p := range themePaths {
		switch {
		case strings.HasPrefix(p, prefix+"static/"):
			themeStatic = append(themeStatic, strings.TrimPrefix(p, prefix+"static/"))
		case strings.HasPrefix(p, prefix+"static") || p == "themes" || p == strings.TrimSuffix(prefix, "/"):
			templates = true // a whole theme folder moved
			themeStatic = append(themeStatic, ".")
		case strings.HasPrefix(p, "layouts") || strings.HasPrefix(p, prefix):
			templates = true
		}
	}
	if !b.opt.Dev && len(themeStatic)+len(staticPaths) > 0 {
		templates = true // asset versions in every page change
	}
	if templates {
		b.site.Diagnostics = nil
		t, err := b.loadTheme()
		if err != nil {
			s.setDiags("theme", nil, []*diag.Diagnostic{asDiag(err, b.cfg)}, true)
		} else {
			b.theme = t
			s.setDiags("theme", nil, nil, true)
			pl.all = true
			themeStatic = append(themeStatic, ".")
		}
	}
	b.site.Diagnostics = nil
	for _, rel := range themeStatic {
		s.copyTree(ctx, out, "theme", "_lore/", rel, b.theme.Static(), nil)
	}
	if len(staticPaths) > 0 {
		dir := b.cfg.StaticPath()
		root, err := os.OpenRoot(dir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("static folder: %w", err)
		}
		var files []string
		for _, rel := range staticPaths {
			s.copyTree(ctx, out, "static", "", rel, nil, root)
			files = append(files, path.Join(b.cfg.StaticDir, rel))
			// With a site layouts/ folder, the site folder is a theme
			// layer too, and its static/ files are served under /_lore/.
			s.copyTree(ctx, out, "theme", "_lore/", rel, b.theme.Static(), nil)
		}
		if root != nil {
			root.Close()
		}
		s.setDiags("write", files, b.site.Diagnostics, false)
	}
	return nil
}

// copyTree publishes prefix+rel (a file, or every file of a folder) from
// fsys, or from root when it is set (the static folder, read confined),
// and removes the files it published there before that are gone.
func (s *Session) copyTree(ctx context.Context, out *nextWrite, kind, prefix, rel string, fsys fs.FS, root *os.Root) {
	if root != nil {
		fsys = root.FS()
	}
	found := map[string]bool{}
	if fsys != nil {
		_ = fs.WalkDir(fsys, rel, func(p string, d fs.DirEntry, err error) error {
			if err != nil || ctx.Err() != nil {
				return nil
			}
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if dir := optionalDir(p); kind == "theme" && dir != "" && !s.published[dir] {
				return nil // published with the first page that needs it
			}
			var data []byte
			if root != nil {
				var ok bool
				if data, ok = s.b.readStatic(root, p); !ok {
					return nil
				}
			} else if data, err = fs.ReadFile(fsys, p); err != nil {
				return nil
			}
			found[prefix+p] = true
			s.owned[prefix+p] = kind
			out.WriteFile(prefix+p, data)
			return nil
		})
	}
	top := prefix + rel
	for p, k := range s.owned {
		if k == kind && !found[p] && (rel == "." && strings.HasPrefix(p, prefix) || p == top || strings.HasPrefix(p, top+"/")) {
			delete(s.owned, p)
			out.remove(p)
		}
	}
}

// ownFiles records which outputs came from the static folder and the
// theme, so that a rebuild can remove them when their source goes.
func (s *Session) ownFiles() {
	s.owned = map[string]string{}
	if st := s.b.theme.Static(); st != nil {
		_ = fs.WalkDir(st, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				s.owned["_lore/"+p] = "theme"
			}
			return nil
		})
	}
	if root, err := os.OpenRoot(s.b.cfg.StaticPath()); err == nil {
		_ = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				s.owned[p] = "static"
			}
			return nil
		})
		root.Close()
	}
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

// publish hashes what the rebuild wrote, keeps only real changes in the
// result and swaps in the new file map.
func (s *Session) publish(out *nextWrite, res *Result, full bool) {
	next := out.files
	hashes := s.hashes
	if full || hashes == nil {
		hashes = make(map[string]uint64, len(next))
	}
	for p := range out.written {
		h := maphash.Bytes(s.seed, next[p])
		if old, ok := s.hashes[p]; !ok || old != h {
			res.Changed = append(res.Changed, p)
		}
		hashes[p] = h
	}
	if full {
		for p := range s.hashes {
			if _, ok := next[p]; !ok {
				res.Removed = append(res.Removed, p)
			}
		}
	} else {
		for p := range out.removed {
			if _, ok := next[p]; !ok {
				res.Removed = append(res.Removed, p)
				delete(hashes, p)
			}
		}
	}
	slices.Sort(res.Changed)
	slices.Sort(res.Removed)
	s.hashes = hashes
	s.files = next
}

// nextWrite collects a rebuild's output on top of a copy of the current
// files, so the published map is never written to.
type nextWrite struct {
	mu      sync.Mutex
	files   map[string][]byte
	written map[string]bool
	removed map[string]bool
}

func (s *Session) newWrite() *nextWrite {
	return &nextWrite{files: maps.Clone(s.files), written: map[string]bool{}, removed: map[string]bool{}}
}

func (w *nextWrite) WriteFile(p string, data []byte) error {
	w.mu.Lock()
	w.files[p] = data
	w.written[p] = true
	delete(w.removed, p)
	w.mu.Unlock()
	return nil
}

func (w *nextWrite) remove(p string) {
	w.mu.Lock()
	if _, ok := w.files[p]; ok {
		delete(w.files, p)
		w.removed[p] = true
	}
	delete(w.written, p)
	w.mu.Unlock()
}

// trackWrite records which paths one step wrote.
type trackWrite struct {
	next  *nextWrite
	mu    sync.Mutex
	wrote map[string]bool
}

func (t *trackWrite) WriteFile(p string, data []byte) error {
	t.mu.Lock()
	if t.wrote == nil {
		t.wrote = map[string]bool{}
	}
	t.wrote[p] = true
	t.mu.Unlock()
	return t.next.WriteFile(p, data)
}

// setDiags replaces a stage's diagnostics for the given files (all of the
// stage's when all is set) with the new ones.
func (s *Session) setDiags(stage string, files []string, ds []*diag.Diagnostic, all bool) {
	if s.diags == nil {
		s.diags = map[string]map[string][]*diag.Diagnostic{}
	}
	m := s.diags[stage]
	if m == nil || all {
		m = map[string][]*diag.Diagnostic{}
		s.diags[stage] = m
	}
	for _, f := range files {
		delete(m, f)
	}
	for _, d := range ds {
		if !slices.ContainsFunc(m[d.File], func(e *diag.Diagnostic) bool { return *e == *d }) {
			m[d.File] = append(m[d.File], d)
		}
	}
}

func isError(d *diag.Diagnostic) bool { return d.Severity == diag.Error }

// dropDiags removes a stage's diagnostics for files under dir.
func (s *Session) dropDiags(stage, dir string) {
	for f := range s.diags[stage] {
		if f == dir || strings.HasPrefix(f, dir+"/") || dir == "." {
			delete(s.diags[stage], f)
		}
	}
}

func (s *Session) allDiags() diag.List {
	var all diag.List
	for _, m := range s.diags {
		for _, ds := range m {
			all = append(all, ds...)
		}
	}
	all.Sort()
	if s.b != nil {
		s.b.site.Diagnostics = all
	}
	return all
}

// contentChanges re-reads the changed content paths, parses pages whose
// bytes changed, and works out what depends on them.
func (s *Session) contentChanges(ctx context.Context, paths []string, pl *plan, res *Result) error {
	b := s.b
	site := b.site
	root := b.cfg.ContentPath()
	skip := b.skipDirs()

	// 1. What is there now under each changed path.
	foundPages := map[string]string{}
	foundAssets := map[string]string{}
	looked := map[string]bool{} // source paths looked at again
	b.site.Diagnostics = nil
	for _, rel := range paths {
		rel = path.Clean(rel)
		if hiddenPath(rel) || skippedPath(filepath.Join(root, filepath.FromSlash(rel)), skip) {
			continue
		}
		s.dropDiags("load", rel)
		abs := filepath.Join(root, filepath.FromSlash(rel))
		st, statErr := os.Lstat(abs)
		_, isPage := s.pageFiles[rel]
		_, isAsset := s.assets[rel]
		if (isPage || isAsset) && statErr == nil && st.Mode().IsRegular() {
			looked[rel] = true // a known file saved again: the common case
		} else {
			// A folder, or a path that came or went: everything under it.
			for src := range s.pageFiles {
				if under(src, rel) {
					looked[src] = true
				}
			}
			for src := range s.assets {
				if under(src, rel) {
					looked[src] = true
				}
			}
		}
		if statErr != nil {
			continue // gone
		}
		err := b.walkContent(ctx, abs, func(r, a string) {
			looked[r] = true
			if isMarkdown(r) {
				foundPages[r] = a
			} else {
				foundAssets[r] = a
			}
		})
		if err != nil {
			return err
		}
	}
	s.setDiags("load", nil, b.site.Diagnostics, false)

	// 2. Attachments: copy changed ones; added or removed ones change how
	// links resolve.
	out := b.opt.Output.(*nextWrite)
	var writeFiles []string
	b.site.Diagnostics = nil
	for src := range looked {
		if isMarkdown(src) {
			continue
		}
		writeFiles = append(writeFiles, src)
		abs, now := foundAssets[src]
		_, before := s.assets[src]
		if !now {
			if before {
				out.remove(strings.TrimPrefix(assetURL(src), "/"))
				delete(s.assets, src)
				delete(s.srcHash, src)
				pl.relinkAll = true
			}
			continue
		}
		data, err := readSource(abs)
		if err != nil {
			site.report(diag.Errorf(src, 0, 0, diag.CodeRead, "cannot read: %v", unwrapPath(err)), src, diag.CodeRead)
			continue
		}
		h := maphash.Bytes(s.seed, data)
		if before && s.srcHash[src] == h && s.assets[src] == abs {
			continue
		}
		if !before {
			pl.relinkAll = true
		}
		s.assets[src] = abs
		s.srcHash[src] = h
		out.WriteFile(strings.TrimPrefix(assetURL(src), "/"), data)
	}
	s.setDiags("write", writeFiles, b.site.Diagnostics, false)

	// 3. Pages: parse the ones whose bytes changed, in parallel.
	var changes []change
	var parseSrcs []source
	var parseFiles []string
	for src := range looked {
		if !isMarkdown(src) {
			continue
		}
		abs, now := foundPages[src]
		if !now {
			if _, before := s.pageFiles[src]; before {
				if old := s.pages[src]; old != nil {
					changes = append(changes, change{old: old})
					res.RemovedURLs = append(res.RemovedURLs, old.URL)
				}
				delete(s.pages, src)
				delete(s.pageFiles, src)
				delete(s.srcHash, src)
				parseFiles = append(parseFiles, src)
			}
			continue
		}
		s.pageFiles[src] = abs
		parseSrcs = append(parseSrcs, source{rel: src, abs: abs})
	}
	slices.SortFunc(parseSrcs, func(a, b source) int { return comparePaths(a.rel, b.rel) })
	parsed := make([]*page.Page, len(parseSrcs))
	hashes := make([]uint64, len(parseSrcs))
	b.site.Diagnostics = nil
	var wg sync.WaitGroup
	sem := make(chan struct{}, b.opt.Workers)
	for i, src := range parseSrcs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			data, err := readSource(src.abs)
			if err != nil {
				site.report(diag.Errorf(src.rel, 0, 0, diag.CodeRead, "cannot read: %v", unwrapPath(err)), src.rel, diag.CodeRead)
				return
			}
			h := sourceSum(data)
			hashes[i] = h
			if old, ok := s.srcHash[src.rel]; ok && old == h && s.pages[src.rel] != nil {
				return // saved without a change
			}
			p, err := parseOne(s.md, src, s.popt)
			if err != nil {
				site.report(err, src.rel, diag.CodeRead)
				return
			}
			b.reportWarnings(p)
			parsed[i] = p
		}()
	}
	wg.Wait()
	for i, src := range parseSrcs {
		p := parsed[i]
		if p == nil {
			switch {
			case hashes[i] != s.srcHash[src.rel]:
				// A parse error: the last good version stays published.
				parseFiles = append(parseFiles, src.rel)
				res.Parsed++
			case slices.ContainsFunc(s.diags["parse"][src.rel], isError):
				// Back to the bytes of the last good version (an undo, a
				// git checkout): nothing to render, but its error is gone.
				parseFiles = append(parseFiles, src.rel)
			}
			continue
		}
		res.Parsed++
		parseFiles = append(parseFiles, src.rel)
		old := s.pages[src.rel]
		// Git history does not change with a save: apply what the build read.
		if h := site.History; h != nil && h.Available() && !h.Shallow() {
			applyHistory(p, h, records.NewDirectory(b.cfg.People))
		}
		s.pages[src.rel] = p
		s.srcHash[src.rel] = pageSum(p) // the bytes parsed, which may be newer than hashes[i]
		changes = append(changes, change{old: old, new: p})
		res.Pages = append(res.Pages, p)
	}
	s.setDiags("parse", parseFiles, b.site.Diagnostics, false)
	if len(changes) == 0 && !pl.relinkAll {
		return nil
	}
	if !pl.relinkAll && sameShape(changes) {
		// The common save: same place, title, date, tags. The new version
		// takes the old one's place in memory, so everything pointing at
		// the page (sections, terms, the link index, records, other pages'
		// links) stays valid; c.old becomes a copy of the old version.
		pl.inPlace = true
		for i, c := range changes {
			was := *c.old
			live := c.old
			*live = *c.new
			live.Backlinks = was.Backlinks
			s.pages[live.Path] = live
			changes[i] = change{old: &was, new: live}
			if j := slices.Index(res.Pages, c.new); j >= 0 {
				res.Pages[j] = live
			}
		}
	}
	if err := s.reassemble(ctx, changes, pl); err != nil {
		return err
	}
	if err := s.relink(changes, pl); err != nil {
		return err
	}
	// Their search text names a page whose title changed.
	for _, p := range pl.relabelled {
		if !slices.Contains(res.Pages, p) {
			res.Pages = append(res.Pages, p)
		}
	}
	s.listDeps(changes, pl)
	s.recordDeps(changes, pl)
	return nil
}

// change is one page whose source changed: old is nil for a new page,
// new is nil for a page that is gone.
type change struct{ old, new *page.Page }

// reassemble puts the changed pages in place and groups pages again:
// sections, terms and collisions are cheap to recompute and depend on
// every page. A change to the folder tree or the preview shard count is
// structural, after which every page is rendered (each page's sidebar
// lists folders, each page names the shard count); a page that came, went
// or moved marks what shows it (see placed).
func (s *Session) reassemble(ctx context.Context, changes []change, pl *plan) error {
	b := s.b
	site := b.site
	oldPublished := make(map[*page.Page]bool, len(site.Pages))
	for _, p := range site.Pages {
		oldPublished[p] = true
	}
	pl.oldTop = topPaths(site.Pages, homeRecent)
	pl.oldTerms = termCounts(site)
	if pl.inPlace {
		// Nothing that sections, terms or URLs depend on changed, and the
		// pages are where they were.
		return nil
	}
	oldSecs := sectionsByPath(site.Root)
	oldShards := site.PreviewShards()
	s.rebuildSources()
	site.Pages, site.Drafts = nil, nil
	for _, src := range site.sources {
		p := s.pages[src.rel]
		switch {
		case p == nil:
		case p.Unpublished || (p.Draft || p.OutOfSchedule(b.start)) && !b.opt.Drafts:
			site.Drafts = append(site.Drafts, p)
		default:
			site.Pages = append(site.Pages, p)
		}
	}
	sortPages(site.Pages)
	site.Diagnostics = nil
	if err := b.assemble(ctx); err != nil {
		return err
	}
	s.setDiags("assemble", nil, site.Diagnostics, true)
	for _, c := range changes {
		o, n := c.old, c.new
		wasPub, isPub := o != nil && oldPublished[o], n != nil && site.ByURL[n.URL] == n
		switch {
		case o == nil || n == nil, wasPub != isPub, isPub && (o.URL != n.URL || o.IsIndex != n.IsIndex),
			!slices.Equal(o.Aliases, n.Aliases) || o.Draft != n.Draft || o.Unpublished != n.Unpublished || !o.PublishDate.Equal(n.PublishDate) || !o.ExpiryDate.Equal(n.ExpiryDate):
			// A page or draft came, went or moved: links may resolve
			// differently.
			pl.relinkAll = true
		}
	}
	newSecs := sectionsByPath(site.Root)
	if !maps.EqualFunc(oldSecs, newSecs, func(a, b *Section) bool { return a.Title == b.Title }) ||
		oldShards != site.PreviewShards() {
		pl.all = true
		return nil
	}
	s.placed(oldPublished, oldSecs, newSecs, pl)
	return nil
}

// placed marks what shows a published page that came, went or moved (a
// new page, a deleted one, a new URL or folder, a draft toggled, a URL
// collision won or lost), given the published pages and sections before:
// the page, the section pages of its old and new folders and their
// ancestors (they count pages), home, its tag and type pages, and the
// pages of those folders whose sidebar window changed. A page parsed
// again with other list data counts too: it is a new object. Links,
// backlinks and records follow in relink, listDeps and recordDeps.
func (s *Session) placed(oldPublished map[*page.Page]bool, oldSecs, newSecs map[string]*Section, pl *plan) {
	site := s.b.site
	dirs := map[string]bool{}
	mark := func(p *page.Page) {
		dirs[p.Dir] = true
		if p.IsIndex {
			dirs[parentDir(p.Dir)] = true // a page bundle is listed there (foldBundle)
		}
		for _, t := range termURLs(p) {
			pl.terms[t] = true
		}
	}
	published := make(map[*page.Page]bool, len(site.Pages))
	for _, p := range site.Pages {
		published[p] = true
		if !oldPublished[p] {
			pl.pages[p] = true
			mark(p)
		}
	}
	for p := range oldPublished {
		if !published[p] {
			mark(p)
		}
	}
	if len(dirs) == 0 {
		return
	}
	pl.placed, pl.home, pl.meta = true, true, true
	for dir := range dirs {
		for d := dir; ; d = path.Dir(d) {
			if d == "." {
				d = ""
			}
			pl.sections[d] = true
			if d == "" {
				break
			}
		}
		old, cur := oldSecs[dir], newSecs[dir]
		if old == nil || cur == nil {
			continue
		}
		for _, p := range cur.Pages {
			if sidebarWindow(old.Pages, p.URL) != sidebarWindow(cur.Pages, p.URL) {
				pl.pages[p] = true
			}
		}
	}
}

// sidebarNearby is how many pages around the current one the default
// theme's sidebar lists (partials/sidebar.html: NearbyPages 7).
const sidebarNearby = 7

// sidebarWindow is what the sidebar of the page at url shows of its
// folder's pages ps: the titles and URLs of its window, and whether there
// are more.
func sidebarWindow(ps []*page.Page, url string) string {
	var b strings.Builder
	w := nearby(ps, url, sidebarNearby)
	for _, p := range w {
		b.WriteString(p.URL)
		b.WriteByte(0)
		b.WriteString(p.Title)
		b.WriteByte(0)
	}
	if len(ps) > len(w) {
		b.WriteByte(1)
	}
	return b.String()
}

// sameShape reports whether every change keeps the page where it was, with
// the same title, date, tags, type and summary.
func sameShape(changes []change) bool {
	for _, c := range changes {
		o, n := c.old, c.new
		if o == nil || n == nil || !listedSame(o, n) || o.Draft != n.Draft || o.Unpublished != n.Unpublished || !o.PublishDate.Equal(n.PublishDate) || !o.ExpiryDate.Equal(n.ExpiryDate) || o.IsIndex != n.IsIndex ||
			!slices.Equal(o.Aliases, n.Aliases) || o.Slug != n.Slug {
			return false
		}
	}
	return true
}

// relink resolves the links of the changed pages, of the pages that
// pointed at an old version of one, and of pages embedding those (through
// any number of embeds: an embed shows the embedded page's content); then
// it updates the backlinks of the pages those links point to.
func (s *Session) relink(changes []change, pl *plan) error {
	b := s.b
	site := b.site
	if !pl.inPlace {
		site.links = b.linkIndex()
	}
	relink := map[*page.Page]bool{}
	prev := map[*page.Page]*page.Page{} // new version -> old version
	// A changed page's title and anchors show in the links of every page
	// linking to it; a page relinked for that shows them too, through
	// embeds, in every page embedding it, and so on up.
	type item struct {
		p          *page.Page
		embedsOnly bool
	}
	var queue []item
	for _, c := range changes {
		if c.new != nil && site.ByURL[c.new.URL] == c.new {
			relink[c.new] = true
			if c.old != nil {
				prev[c.new] = c.old
			}
		}
		if c.old != nil {
			queue = append(queue, item{c.old, false})
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		for _, bl := range it.p.Backlinks {
			from := s.current(bl.From)
			if from == nil || it.embedsOnly && !bl.Embed || relink[from] {
				continue
			}
			relink[from] = true
			queue = append(queue, item{from, true})
		}
	}
	var todo []*page.Page
	if pl.relinkAll {
		todo = site.Pages
	} else {
		for p := range relink {
			todo = append(todo, p)
		}
		slices.SortFunc(todo, pageOrder)
	}

	// Pages whose backlinks may change: what the changed pages, and pages
	// whose links now resolve differently, linked to before and after.
	targets := map[*page.Page]bool{}
	before := make(map[*page.Page]string, len(todo))
	wasOut := make(map[*page.Page]string, len(todo))
	oldTargets := func(p *page.Page) {
		was := p
		if o := prev[p]; o != nil {
			was = o
		}
		for _, l := range was.Links {
			if t := s.current(l.To); t != nil {
				targets[t] = true
			}
		}
	}
	// A page's summary and excerpts name the pages it links to by title.
	shown := make(map[*page.Page]string, len(todo))
	for _, p := range todo {
		was := p
		if o := prev[p]; o != nil {
			was = o
			oldTargets(p)
		}
		before[p] = string(was.Content)
		wasOut[p] = outgoing(was)
		shown[p] = plainLabels(was)
	}

	site.Diagnostics = nil
	linkOut := &trackWrite{next: b.opt.Output.(*nextWrite)}
	b.opt.Output = linkOut
	var linkFiles []string
	var again []*page.Page
	for _, p := range todo {
		b.linkPage(p)
		linkFiles = append(linkFiles, p.Path)
		if hasEmbeds(p) {
			again = append(again, p)
		}
	}
	// An embed shows the embedded page's links, which may have been
	// resolved after the embedding page was expanded.
	for _, p := range again {
		b.linkPage(p)
	}
	b.opt.Output = linkOut.next
	graph := false
	for _, p := range todo {
		// Pages linking to a changed page show its title and URL in their
		// links: they render again only when their HTML changed.
		if before[p] != string(p.Content) {
			pl.pages[p] = true
		}
		changedLinks := wasOut[p] != outgoing(p)
		if changedLinks {
			graph = true
			oldTargets(p)
		}
		relabelled := shown[p] != plainLabels(p)
		if relabelled && prev[p] == nil {
			// Lists show its summary; listDeps sees only changed files.
			pl.relabelled = append(pl.relabelled, p)
		}
		if changedLinks || relabelled || prev[p] != nil || !pl.inPlace {
			for _, l := range p.Links {
				if l.To != nil {
					targets[l.To] = true
				}
			}
		}
	}
	for _, c := range changes {
		if c.old != nil && c.new == nil {
			linkFiles = append(linkFiles, c.old.Path)
		}
		if c.old == nil || c.new == nil || c.old.Title != c.new.Title || c.old.Type != c.new.Type || c.old.URL != c.new.URL {
			graph = true
		}
		if c.new != nil {
			targets[c.new] = true
		}
	}
	s.setDiags("link", linkFiles, site.Diagnostics, pl.relinkAll)

	if pl.relinkAll {
		for _, p := range site.Pages {
			targets[p] = true
		}
	}
	s.backlinks(targets, relink, prev, pl)
	if graph || pl.all || pl.placed {
		// The link graph lists every page and link (graph.go).
		if err := b.writeGraph(); err != nil {
			return err
		}
	}
	return s.updatePreviews(b, linkOut.next, todo, changes)
}

// updatePreviews rewrites the preview shards holding pages that changed
// (graph.go); when the page count moved the shard count, all of them, and
// shards beyond the new count are removed.
func (s *Session) updatePreviews(b *build, next *nextWrite, todo []*page.Page, changes []change) error {
	n := b.site.PreviewShards()
	if _, ok := next.files[PreviewFile(n-1)]; !ok || hasFile(next, PreviewFile(n)) {
		for k := n; hasFile(next, PreviewFile(k)); k++ {
			next.remove(PreviewFile(k))
		}
		return b.writePreviews(nil)
	}
	pages := append([]*page.Page(nil), todo...)
	for _, c := range changes {
		for _, p := range []*page.Page{c.old, c.new} {
			if p != nil {
				pages = append(pages, p)
			}
		}
	}
	if len(pages) == 0 {
		return nil
	}
	return b.writePreviews(pages)
}

func hasFile(w *nextWrite, p string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.files[p]
	return ok
}

// backlinks recomputes the backlinks of the target pages: the links from
// pages not linked again stay, those of relinked pages are added anew, in
// page order, as the link stage does.
func (s *Session) backlinks(targets, relinked map[*page.Page]bool, prev map[*page.Page]*page.Page, pl *plan) {
	site := s.b.site
	all := pl.relinkAll
	incoming := map[*page.Page][]*page.Page{}
	from := relinked
	if all {
		from = nil
	}
	collect := func(p *page.Page) {
		for _, l := range p.Links {
			if l.To != nil && l.To != p && targets[l.To] {
				if in := incoming[l.To]; len(in) == 0 || in[len(in)-1] != p {
					incoming[l.To] = append(in, p)
				}
			}
		}
	}
	if all {
		for _, p := range site.Pages {
			collect(p)
		}
	} else {
		for p := range from {
			collect(p)
		}
	}
	for t := range targets {
		if site.ByURL[t.URL] != t {
			continue
		}
		old := t.Backlinks
		if o := prev[t]; o != nil {
			old = o.Backlinks
		}
		var list []*page.Backlink
		if !all {
			for _, bl := range old {
				if f := s.current(bl.From); f != nil && !relinked[f] && site.ByURL[f.URL] == f {
					list = append(list, &page.Backlink{From: f, Excerpt: bl.Excerpt, Embed: bl.Embed})
				}
			}
		}
		for _, p := range incoming[t] {
			var one []*page.Backlink
			for _, l := range p.Links {
				if l.To == t {
					one = appendBacklink(one, p, l)
				}
			}
			list = append(list, one...)
		}
		slices.SortStableFunc(list, func(a, b *page.Backlink) int { return pageOrder(a.From, b.From) })
		if !sameBacklinks(old, list) {
			pl.pages[t] = true
		}
		t.Backlinks = list
	}
}

func sameBacklinks(a, b []*page.Backlink) bool {
	return slices.EqualFunc(a, b, func(x, y *page.Backlink) bool {
		return x.From.Path == y.From.Path && x.Excerpt == y.Excerpt && x.Embed == y.Embed
	})
}

// listDeps marks the lists that show a changed page.
func (s *Session) listDeps(changes []change, pl *plan) {
	site := s.b.site
	secs := sectionsByPath(site.Root)
	newTop := topPaths(site.Pages, homeRecent)
	for _, c := range changes {
		o, n := c.old, c.new
		if n != nil {
			pl.pages[n] = true
		}
		if o == nil || n == nil {
			continue
		}
		if o.Title != n.Title || !o.Date.Equal(n.Date) {
			// Its siblings show its title in the sidebar, in date order.
			if sec := secs[n.Dir]; sec != nil {
				for _, p := range sec.Pages {
					pl.pages[p] = true
				}
				if sec.Index != nil {
					pl.pages[sec.Index] = true
				}
			}
		}
		if o.Title != n.Title {
			// Pages it links to show its title in their backlinks.
			for _, l := range n.Links {
				if l.To != nil {
					pl.pages[l.To] = true
				}
			}
			for _, l := range o.Links {
				if t := s.current(l.To); t != nil {
					pl.pages[t] = true
				}
			}
			pl.meta = true
		}
		if !listedSame(o, n) {
			markLists(o, n, pl, newTop)
		}
		// Feeds list authors and update dates; teams have feeds of their own.
		if !slices.Equal(o.Authors, n.Authors) || !o.Updated.Equal(n.Updated) || o.Team != n.Team {
			pl.meta = true
		}
	}
	for _, p := range pl.relabelled {
		markLists(p, p, pl, newTop)
	}
	if !maps.Equal(pl.oldTop, newTop) {
		pl.home = true
	}
	if nt := termCounts(site); !maps.Equal(pl.oldTerms, nt) {
		for t := range nt {
			if pl.oldTerms[t] != nt[t] {
				pl.terms[t] = true
			}
		}
		pl.taxonomy["/tags/"], pl.taxonomy["/types/"], pl.home = true, true, true
	}
	if pl.all {
		pl.meta = true
	}
	if pl.sections["."] {
		pl.sections[""] = true
	}
	delete(pl.pages, nil)
}

// plainLabels is the page's summary and link excerpts, which relinking
// changes when a linked page's title changes.
func plainLabels(p *page.Page) string {
	var b strings.Builder
	b.WriteString(p.Summary)
	for _, l := range p.Links {
		b.WriteByte(0)
		b.WriteString(l.Excerpt)
	}
	return b.String()
}

const homeRecent = 10

// outgoing is a page's resolved link targets, to tell whether the link
// graph changed.
func outgoing(p *page.Page) string {
	var b strings.Builder
	for _, l := range p.Links {
		if l.To != nil && l.Problem == "" {
			b.WriteString(l.To.Path)
			b.WriteByte(0)
		}
	}
	return b.String()
}

func hasEmbeds(p *page.Page) bool {
	for _, l := range p.Links {
		if l.Kind == page.Embed && l.To != nil {
			return true
		}
	}
	return false
}

// current maps a page object to the page now published at its path (the
// object itself unless it was parsed again).
func (s *Session) current(p *page.Page) *page.Page {
	if p == nil {
		return nil
	}
	if n := s.pages[p.Path]; n != nil {
		return n
	}
	return nil
}

// rebuildSources lists sources in the order a walk finds them.
func (s *Session) rebuildSources() {
	site := s.b.site
	site.sources = site.sources[:0]
	for rel, abs := range s.pageFiles {
		site.sources = append(site.sources, source{rel: rel, abs: abs})
	}
	slices.SortFunc(site.sources, func(a, b source) int { return comparePaths(a.rel, b.rel) })
	site.assetFiles = site.assetFiles[:0]
	for rel, abs := range s.assets {
		site.assetFiles = append(site.assetFiles, source{rel: rel, abs: abs})
	}
	slices.SortFunc(site.assetFiles, func(a, b source) int { return comparePaths(a.rel, b.rel) })
	site.Assets = site.Assets[:0]
	for _, a := range site.assetFiles {
		site.Assets = append(site.Assets, &links.Asset{Path: a.rel, URL: assetURL(a.rel)})
	}
}

// comparePaths orders slash paths as filepath.WalkDir visits them.
func comparePaths(a, b string) int {
	for {
		ai, bi := strings.IndexByte(a, '/'), strings.IndexByte(b, '/')
		ae, be := a, b
		if ai >= 0 {
			ae = a[:ai]
		}
		if bi >= 0 {
			be = b[:bi]
		}
		if c := strings.Compare(ae, be); c != 0 {
			return c
		}
		switch {
		case ai < 0 && bi < 0:
			return 0
		case ai < 0:
			return -1
		case bi < 0:
			return 1
		}
		a, b = a[ai+1:], b[bi+1:]
	}
}

func under(p, dir string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

func hiddenPath(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			return true
		}
	}
	return false
}

func skippedPath(abs string, skip map[string]bool) bool {
	for p := abs; ; {
		if skip[p] {
			return true
		}
		parent := filepath.Dir(p)
		if parent == p {
			return false
		}
		p = parent
	}
}

// markLists marks the lists showing a page that was o and is now n.
func markLists(o, n *page.Page, pl *plan, newTop map[string]bool) {
	pl.sections[o.Dir], pl.sections[n.Dir] = true, true
	if n.IsIndex {
		// Its summary shows in the parent's folder list.
		pl.sections[path.Dir(n.Dir)] = true
		if path.Dir(n.Dir) == "." || n.Dir == "" {
			pl.home = true
		}
	}
	for _, t := range append(termURLs(o), termURLs(n)...) {
		pl.terms[t] = true
	}
	if pl.oldTop[n.Path] || newTop[n.Path] {
		pl.home = true
	}
	pl.meta = true
}

// listedSame reports whether lists showing the page (section, term and
// home lists, feeds) would show it the same.
func listedSame(a, b *page.Page) bool {
	return a.Title == b.Title && a.URL == b.URL && a.Type == b.Type && a.Date.Equal(b.Date) &&
		a.Summary == b.Summary && slices.Equal(a.Tags, b.Tags) && a.Dir == b.Dir
}

func topPaths(pages []*page.Page, n int) map[string]bool {
	out := map[string]bool{}
	for i, p := range pages {
		if i == n {
			break
		}
		out[p.Path] = true
	}
	return out
}

func termCounts(site *Site) map[string]int {
	out := map[string]int{}
	for _, t := range site.Tags {
		out[t.URL] = len(t.Pages)
	}
	for _, t := range site.Types {
		out[t.URL] = len(t.Pages)
	}
	return out
}

func termURLs(p *page.Page) []string {
	var out []string
	for _, t := range p.TagTerms() {
		out = append(out, tagURL(t))
	}
	return append(out, "/types/"+slug.Make(p.Type)+"/")
}

func sectionsByPath(root *Section) map[string]*Section {
	out := map[string]*Section{}
	var walk func(*Section)
	walk = func(sec *Section) {
		out[sec.Path] = sec
		for _, c := range sec.Children {
			walk(c)
		}
	}
	walk(root)
	return out
}
