package builder

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/theme"
	"github.com/lore-wiki/lore/themes"
	"golang.org/x/sync/errgroup"
)

// layoutsOnly is the site's layouts/ folder as a theme layer, under its
// name: the site's static/ is published at the site root (copyStatic);
// seen as a theme's static/ it was published under /_lore/ a second time.
type layoutsOnly struct{ layouts fs.FS }

func (l layoutsOnly) Open(name string) (fs.File, error) {
	rest, ok := inLayouts(name)
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return l.layouts.Open(rest)
}

// Stat is the folder's own, which does not open the file: opening a named
// pipe in layouts/ to stat it would hang the build.
func (l layoutsOnly) Stat(name string) (fs.FileInfo, error) {
	rest, ok := inLayouts(name)
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fs.Stat(l.layouts, rest)
}

// inLayouts is name inside layouts/, if it is there.
func inLayouts(name string) (string, bool) {
	if name == "layouts" {
		return ".", true
	}
	rest, ok := strings.CutPrefix(name, "layouts/")
	return rest, ok
}

// siteFolderFS is the folder dir of the site (layouts, themes/<name>),
// read through an os.Root: a symlink in it that leads out of the site
// would publish, or show in a page through a template, a file from
// anywhere. A folder that is itself a symlink out of the site (a theme
// shared by the sites of a monorepo) is the site's choice, as a content/
// symlink is, and is read confined to where it leads.
func siteFolderFS(site *os.Root, siteDir, dir string) (fs.FS, error) {
	if real, err := filepath.EvalSymlinks(filepath.Join(siteDir, filepath.FromSlash(dir))); err == nil && !config.Within(real, siteDir) {
		r, err := os.OpenRoot(real)
		if err != nil {
			return nil, err
		}
		return r.FS(), nil
	}
	return subdir{site.FS(), dir}, nil
}

// subdir is the folder dir of fsys. Unlike fs.Sub's, its Stat does not
// open the file (see layoutsOnly.Stat).
type subdir struct {
	fsys fs.FS
	dir  string
}

func (s subdir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return s.fsys.Open(path.Join(s.dir, name))
}

func (s subdir) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	return fs.Stat(s.fsys, path.Join(s.dir, name))
}

func (s subdir) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	return fs.ReadDir(s.fsys, path.Join(s.dir, name))
}

// loadTheme stacks the site's layouts/, its themes/<name>/ and the default
// theme, and parses the templates once.
func (b *build) loadTheme() (*theme.Theme, error) {
	var layers []theme.Layer
	root, err := os.OpenRoot(b.cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if hasDir(b.cfg.Dir, "layouts") {
		layouts, err := siteFolderFS(root, b.cfg.Dir, "layouts")
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		layers = append(layers, theme.Layer{FS: layoutsOnly{layouts}})
	}
	if dir := "themes/" + b.cfg.Theme; hasDir(b.cfg.Dir, dir) {
		sub, err := siteFolderFS(root, b.cfg.Dir, dir)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		layers = append(layers, theme.Layer{FS: sub, Dir: dir})
	} else if b.cfg.Theme != "default" {
		// Named from the site folder, as every diagnostic names its file.
		return nil, &diag.Diagnostic{File: config.FileName, Severity: diag.Error, Code: diag.CodeConfig,
			Line: b.cfg.Line("theme"), Message: fmt.Sprintf("theme %q not found in themes/%s", b.cfg.Theme, b.cfg.Theme)}
	}
	def := b.opt.Theme
	if def == nil {
		def = themes.Default()
	}
	// Named as in Lore's source, so that an error in a built-in template
	// is not mistaken for one in the site's own layouts/.
	layers = append(layers, theme.Layer{FS: def, Dir: "themes/default"})
	versions := &assetVersions{} // stays empty in lore serve: see below
	funcs := b.site.funcs(versions.of)
	// The cache behind partialCached belongs to the render pass running
	// when the template calls it (renderViews).
	funcs["partialCached"] = func(name string, data any, variants ...any) (template.HTML, error) {
		return b.fragments.partialCached(name, data, variants...)
	}
	t, err := theme.Load(layers, funcs)
	if err != nil {
		return nil, err
	}
	if err := b.checkTypeLayouts(t); err != nil {
		return nil, err
	}
	// `lore serve` sends no-cache headers instead, so that a stylesheet edit
	// changes that file alone and not every page that links it.
	if st := t.Static(); st != nil && !b.opt.Dev {
		*versions = assetVersions{fsys: st, sums: map[string]string{}, generated: map[string]func() ([]byte, error){
			highlightCSS: b.highlightStylesheet,
		}}
	}
	return t, nil
}

// assetVersions are the cache-busting versions of theme files: the first
// bytes of a hash of the file, computed the first time a template links it,
// so that files no page links (the 5.5 MB diagram library on a site
// without diagrams) are never read.
type assetVersions struct {
	fsys fs.FS
	mu   sync.Mutex
	sums map[string]string
	// generated are files Lore writes under /_lore/ itself, by theme path.
	generated map[string]func() ([]byte, error)
}

// of is the version of theme file p, "" when there is none.
func (v *assetVersions) of(p string) string {
	if v.fsys == nil {
		return ""
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if sum, ok := v.sums[p]; ok {
		return sum
	}
	read := func() ([]byte, error) { return fs.ReadFile(v.fsys, p) }
	if gen, ok := v.generated[p]; ok {
		read = gen
	}
	data, err := read()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(data)
	v.sums[p] = hex.EncodeToString(sum[:4])
	return v.sums[p]
}

// render executes a layout for every page and every generated list page,
// in parallel, and writes the HTML to the output.
func (b *build) render(ctx context.Context) error {
	t, err := b.loadTheme()
	if err != nil {
		return asDiag(err, b.cfg)
	}
	b.theme = t
	// The graph and the link previews come from the link stage's results
	// and nothing renders from them, so they are written while the pages
	// render instead of before.
	var side errgroup.Group
	if !b.opt.Check {
		side.Go(b.writeGraph)
		side.Go(func() error { return b.writePreviews(nil) })
	}
	err = b.renderViews(ctx, b.views())
	return errors.Join(err, side.Wait())
}

// renderViews renders the given views in parallel (all of them in a build,
// the ones a change touched in a rebuild).
func (b *build) renderViews(ctx context.Context, views []*View) error {
	b.fragments = newFragments(b.theme)
	// lore serve keeps each page's problems, to say when each is fixed,
	// and groups them only as it shows them (cmd/lore).
	b.templateErrors = &templateErrors{each: b.opt.Dev}
	defer b.templateErrors.report(b.site)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(b.opt.Workers)
	for i, v := range views {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			b.renderView(v)
			b.opt.Progress("render", i, len(views))
			return nil
		})
	}
	return g.Wait()
}

// templateErrors collects a render pass's template errors, which render
// in parallel and so in no fixed order, to report them sorted.
type templateErrors struct {
	mu   sync.Mutex
	ds   []*diag.Diagnostic
	each bool // report every page's error, ungrouped
}

func (t *templateErrors) add(d *diag.Diagnostic) {
	t.mu.Lock()
	t.ds = append(t.ds, d)
	t.mu.Unlock()
}

func (t *templateErrors) report(s *Site) {
	slices.SortFunc(t.ds, func(a, b *diag.Diagnostic) int {
		return cmp.Or(strings.Compare(a.Message, b.Message), strings.Compare(a.File, b.File))
	})
	ds := t.ds
	if !t.each {
		ds = GroupTemplateErrors(ds)
	}
	for _, d := range ds {
		s.report(d, d.File, diag.CodeTemplate)
	}
}

// GroupTemplateErrors shows a template error that several pages share
// once: a mistake in a partial fails every page that uses it the same
// way, and one error at the first page by name, counting the others,
// reads better than a line per page. Other diagnostics are left as they
// are. lore serve keeps each page's error (an error goes when its page
// renders again) and groups them only to show them.
func GroupTemplateErrors(ds []*diag.Diagnostic) []*diag.Diagnostic {
	byMessage := map[string][]*diag.Diagnostic{}
	for _, d := range ds {
		if d.Code == diag.CodeTemplate {
			byMessage[d.Message] = append(byMessage[d.Message], d)
		}
	}
	var out []*diag.Diagnostic
	for _, d := range ds {
		group := byMessage[d.Message]
		switch {
		case d.Code != diag.CodeTemplate || len(group) == 1:
			out = append(out, d)
		case group != nil:
			first := *slices.MinFunc(group, func(a, b *diag.Diagnostic) int { return strings.Compare(a.File, b.File) })
			first.Message += fmt.Sprintf(" (and %s)", CountNoun(len(group)-1, "other page"))
			out = append(out, &first)
			byMessage[d.Message] = nil // shown once
		}
	}
	return out
}

func (b *build) renderView(v *View) {
	if v.Kind == "redirect" {
		if err := b.opt.Output.WriteFile(outputPath(v.URL), redirectHTML(v.Title, b.site.URL(v.Page.URL), b.absURL(v.Page.URL))); err != nil {
			b.site.report(err, outputPath(v.URL), diag.CodeRead)
		}
		return
	}
	var buf bytes.Buffer
	// Most of a page is its body; the theme adds a few kilobytes. Growing
	// once avoids copying the page several times as the buffer doubles.
	if v.Page != nil {
		buf.Grow(len(v.Page.Content) + 16<<10)
	} else {
		buf.Grow(32 << 10)
	}
	if err := b.theme.Execute(&buf, v, layoutsFor(v)...); err != nil {
		file := v.URL
		if v.Page != nil {
			file = v.Page.Path
		}
		b.templateErrors.add(templateError(file, err))
		return
	}
	out := outputPath(v.URL)
	if v.Kind == "404" {
		out = "404.html"
	}
	if err := b.opt.Output.WriteFile(out, buf.Bytes()); err != nil {
		b.site.report(err, out, diag.CodeRead)
	}
}

// templateError keeps the template's own file:line ("layouts/page.html:12",
// "themes/mine/layouts/page.html:1:23") in the message and names the page
// being rendered as the file.
func templateError(file string, err error) *diag.Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	return diag.Errorf(file, 0, 0, diag.CodeTemplate, "template: %s", msg)
}

// checkTypeLayouts reports a types.<name>.layout in lore.yaml that names
// no template of the theme where it is written: falling back to page.html
// would hide the typo behind pages that merely look wrong.
func (b *build) checkTypeLayouts(t *theme.Theme) error {
	names := slices.Sorted(maps.Keys(b.cfg.Types))
	for _, name := range names {
		typ := b.cfg.Types[name]
		if typ.Layout == "" || t.Has(typ.Layout) {
			continue
		}
		return &diag.Diagnostic{File: config.FileName, Line: typ.LayoutLine, Severity: diag.Error, Code: diag.CodeConfig,
			Message: fmt.Sprintf("types.%s.layout: the theme has no layout %q (layouts/%s.html)", name, typ.Layout, typ.Layout)}
	}
	return nil
}

// layoutsFor lists the layouts to try, most specific first: the page's
// own layout: front matter, its type's layout in lore.yaml, a template
// named for its type, then page.
func layoutsFor(v *View) []string {
	switch v.Kind {
	case "page":
		var l []string
		if v.Page.Layout != "" {
			l = append(l, v.Page.Layout)
		}
		if t := v.Site.Config.Types[v.Page.Type]; t.Layout != "" {
			l = append(l, t.Layout)
		}
		return append(l, v.Page.Type, "page")
	case "section":
		return []string{"section"}
	case "term":
		return []string{"term", "section"}
	case "taxonomy":
		return []string{"taxonomy"}
	}
	return []string{v.Kind, "page"}
}

// outputPath maps a pretty URL to its file: /a/b/ -> a/b/index.html.
func outputPath(url string) string {
	p := strings.Trim(url, "/")
	if p == "" {
		return "index.html"
	}
	if strings.HasSuffix(url, "/") {
		return p + "/index.html"
	}
	return p
}

func parentDir(dir string) string {
	if d := path.Dir(dir); d != "." {
		return d
	}
	return ""
}

// views lists every HTML output of the site.
func (b *build) views() []*View {
	s := b.site
	dev := b.opt.Dev
	sections := map[string]*Section{}
	var walk func(*Section)
	var views []*View
	sectionPages := map[*page.Page]bool{}
	walk = func(sec *Section) {
		sections[sec.Path] = sec
		if sec.Index != nil {
			sectionPages[sec.Index] = true
		}
		if sec.Parent != nil {
			views = append(views, &View{Site: s, Kind: "section", Title: sec.Title, URL: sec.URL,
				Page: sec.Index, Section: sec, Pages: sec.Pages, Dev: dev})
		}
		for _, c := range sec.Children {
			walk(c)
		}
	}
	walk(s.Root)
	for _, p := range s.Pages {
		if sectionPages[p] {
			continue // rendered as its section's page
		}
		sec := sections[p.Dir]
		if p.IsIndex { // a page bundle, listed in its parent (foldBundle)
			sec = sections[parentDir(p.Dir)]
		}
		views = append(views, &View{Site: s, Kind: "page", Title: p.Title, URL: p.URL, Page: p,
			Section: sec, Dev: dev})
	}
	home := &View{Site: s, Kind: "home", Title: s.Config.Title, URL: "/", Section: s.Root, Pages: withoutHome(s.Pages), Dev: dev}
	if idx := s.Root.Index; idx != nil {
		home.Page = idx
		// A README's "# Project Docs" heads the home page, as on GitHub;
		// one titled only by its file name ("README") does not.
		if idx.HasOwnTitle() {
			home.Title = idx.Title
		}
	}
	views = append(views, home,
		&View{Site: s, Kind: "404", Title: "Page not found", URL: "/404.html", Dev: dev},
	)
	if b.theme.Has("search") && s.Search() {
		views = append(views, &View{Site: s, Kind: "search", Title: "Search", URL: "/search/", Dev: dev})
	}
	// A note at a generated list's URL (tags/food.md) wins, as with the
	// people and team pages (recordViews), and says so.
	generated := func(v *View) {
		if other, taken := s.ByURL[v.URL]; taken {
			s.report(diag.Warnf(other.Path, other.KeyLines["slug"], 0, diag.CodeDuplicateURL,
				"URL %s is also the generated page %q; the page wins and the generated one is left out", v.URL, v.Title), other.Path, diag.CodeDuplicateURL)
			return
		}
		views = append(views, v)
	}
	generated(&View{Site: s, Kind: "taxonomy", Title: "Tags", URL: "/tags/", Terms: s.Tags, Dev: dev})
	generated(&View{Site: s, Kind: "taxonomy", Title: "Types", URL: "/types/", Terms: s.Types, Dev: dev})
	for _, t := range s.Tags {
		generated(&View{Site: s, Kind: "term", Title: "Tag: " + t.Name, URL: t.URL, Term: t, Pages: t.Pages, Dev: dev})
	}
	for _, t := range s.Types {
		generated(&View{Site: s, Kind: "term", Title: typeTitle(t.Name), URL: t.URL, Term: t, Pages: t.Pages, Dev: dev})
	}
	views = append(views, b.recordViews()...)
	taken := make(map[string]bool, len(views))
	for _, v := range views {
		taken[v.URL] = true
	}
	files := b.fileAddresses(views)
	b.checkPageAddresses(views, files)
	views = append(views, b.redirectViews(taken, files)...)
	s.Stats.Generated = len(views) - len(s.Pages)
	s.lists = s.lists[:0]
	for _, v := range views {
		if v.Page == nil && v.Kind != "404" && v.Kind != "search" && v.Kind != "home" && v.Kind != "redirect" {
			s.lists = append(s.lists, v.URL)
		}
	}
	return views
}

// withoutHome drops the home page's own Markdown from lists shown on it.
func withoutHome(ps []*page.Page) []*page.Page {
	out := make([]*page.Page, 0, len(ps))
	for _, p := range ps {
		if p.URL != "/" {
			out = append(out, p)
		}
	}
	return out
}
