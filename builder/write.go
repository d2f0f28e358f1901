package builder

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/markdown"
	"github.com/lore-wiki/lore/builder/page"
	"golang.org/x/sync/errgroup"
)

// write publishes everything that is not a rendered page: attachments, the
// site's static/ folder, the theme's files, the highlighting stylesheet,
// the navigation tree, feeds, the sitemap, robots.txt and .nojekyll.
func (b *build) write(ctx context.Context) error {
	steps := []func(context.Context) error{b.writeAssets, b.writeStatic, b.writeThemeStatic, b.writeHighlightCSS}
	steps = append(steps, b.listWriters()...)
	steps = append(steps, b.writeRobots, b.writeNoJekyll)
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	b.site.Stats.Pages = len(b.site.Pages)
	b.site.Stats.Assets = len(b.site.Assets)
	return nil
}

// listWriters are the write steps whose files list pages (the nav tree,
// feeds, the sitemap); a rebuild reruns them when a page's listing changes.
func (b *build) listWriters() []func(context.Context) error {
	return []func(context.Context) error{b.writeNav, b.writeFeeds, b.writeRecordFeeds, b.writeSitemap}
}

func (b *build) writeAssets(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(b.opt.Workers)
	for i, a := range b.site.Assets {
		src := b.site.assetFiles[i]
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			data, err := readSource(src.abs)
			if err != nil {
				b.site.report(diag.Errorf(src.rel, 0, 0, diag.CodeRead, "cannot read: %v", unwrapPath(err)), src.rel, diag.CodeRead)
				return nil
			}
			return b.opt.Output.WriteFile(strings.TrimPrefix(a.URL, "/"), data)
		})
	}
	return g.Wait()
}

// writeStatic copies the site's static/ folder to the site root. Files are
// read through an os.Root, so a symlink leading outside the folder is
// skipped with a warning instead of publishing what it points to.
func (b *build) writeStatic(ctx context.Context) error {
	dir := b.cfg.StaticPath()
	if !hasDir(dir, ".") {
		return nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("static folder: %w", err)
	}
	defer root.Close()
	return fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if strings.HasPrefix(d.Name(), ".") && p != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if data, ok := b.readStatic(root, p); ok {
			return b.opt.Output.WriteFile(p, data)
		}
		return nil
	})
}

// readStatic reads one file of the static folder, reporting (and refusing)
// files that cannot be read, that are symlinks leading outside it, or that
// are named pipes, sockets or devices (reading those blocks).
func (b *build) readStatic(root *os.Root, rel string) ([]byte, bool) {
	file := path.Join(b.cfg.StaticDir, rel)
	st, err := root.Stat(rel)
	if err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		b.reportSpecial(file, st.Mode())
		return nil, false
	}
	var data []byte
	if err == nil {
		data, err = root.ReadFile(rel)
	}
	if err == nil {
		return data, true
	}
	if st, lerr := root.Lstat(rel); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
		msg := "symlink points outside the static folder or is broken; skipped"
		if errors.Is(err, syscall.ELOOP) {
			msg = "symlink loop skipped: following it never reaches a file"
		}
		b.site.report(diag.Warnf(file, 0, 0, diag.CodeSymlink, "%s", msg), file, diag.CodeSymlink)
		return nil, false
	}
	b.site.report(diag.Errorf(file, 0, 0, diag.CodeRead, "cannot read: %v", unwrapPath(err)), file, diag.CodeRead)
	return nil, false
}

func (b *build) writeThemeStatic(ctx context.Context) error {
	st := b.theme.Static()
	if st == nil {
		return nil
	}
	skip := func(p string) bool {
		dir := optionalDir(p)
		return dir != "" && !b.site.uses(dir)
	}
	skipped := func(p string) {
		file := path.Join("themes", b.cfg.Theme, "static", p)
		b.site.report(diag.Warnf(file, 0, 0, diag.CodeSymlink, "symlink points outside the site folder or is broken; skipped"), file, diag.CodeSymlink)
	}
	return copyFS(ctx, st, "_lore/", b.opt.Output, skip, skipped)
}

// optionalAssets are theme folders that only a site using them publishes:
// mermaid.js is 5.5 MB and KaTeX 0.6 MB, and most wikis need neither.
var optionalAssets = []struct {
	dir  string
	uses func(*page.Page) bool
}{
	{"js/mermaid/", func(p *page.Page) bool { return p.Diagrams }},
	{"katex/", func(p *page.Page) bool { return p.Math }},
}

// optionalDir is the optional folder a theme file belongs to, or "".
func optionalDir(p string) string {
	for _, a := range optionalAssets {
		if strings.HasPrefix(p, a.dir) {
			return a.dir
		}
	}
	return ""
}

// uses reports whether any page needs the optional theme folder dir.
func (s *Site) uses(dir string) bool {
	for _, a := range optionalAssets {
		if a.dir != dir {
			continue
		}
		for _, p := range s.Pages {
			if a.uses(p) {
				return true
			}
		}
	}
	return false
}

// writeOptionalDir publishes an optional theme folder, or withdraws it,
// when a serve session gains its first page that needs it or loses its
// last.
func (b *build) writeOptionalDir(dir string, publish bool, out *nextWrite) error {
	st := b.theme.Static()
	if st == nil {
		return nil
	}
	root := strings.TrimSuffix(dir, "/")
	if _, err := fs.Stat(st, root); err != nil {
		return nil
	}
	return fs.WalkDir(st, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !publish {
			out.remove("_lore/" + p)
			return nil
		}
		data, err := fs.ReadFile(st, p)
		if err != nil {
			return err
		}
		return out.WriteFile("_lore/"+p, data)
	})
}

// copyFS writes every file of fsys under prefix, but dot-files and the
// files skip names (nil skips none). Symlinks that lead out of fsys, or
// nowhere, are passed to skipped.
func copyFS(ctx context.Context, fsys fs.FS, prefix string, out Output, skip func(path string) bool, skipped func(path string)) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() && p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if skip != nil && skip(p) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// WalkDir does not walk into a linked folder, and reading it as
			// a file failed the build.
			st, err := fs.Stat(fsys, p)
			if err == nil && st.IsDir() {
				return nil
			}
			if err != nil {
				// fsys is read confined to the site: the link leads out.
				skipped(p)
				return nil
			}
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return out.WriteFile(prefix+p, data)
	})
}

// highlightCSS is the theme path of the code highlighting stylesheet,
// which Lore generates from the configured chroma styles.
const highlightCSS = "css/chroma.css"

func (b *build) highlightStylesheet() ([]byte, error) {
	return markdown.HighlightCSS(b.cfg.Markup.HighlightStyle, b.cfg.Markup.HighlightDarkStyle)
}

func (b *build) writeHighlightCSS(context.Context) error {
	css, err := b.highlightStylesheet()
	if err != nil {
		key := "markup.highlightStyle"
		if strings.Contains(err.Error(), fmt.Sprintf("%q", b.cfg.Markup.HighlightDarkStyle)) {
			key = "markup.highlightDarkStyle"
		}
		b.site.report(diag.Errorf(config.FileName, b.cfg.Line(key), 0, diag.CodeConfig, "markup: %v", err), config.FileName, diag.CodeConfig)
		return nil
	}
	return b.opt.Output.WriteFile("_lore/"+highlightCSS, css)
}

// navNode is one folder or page in nav.json, the whole tree that the
// sidebar loads once and the browser caches, so that pages carry only
// their own neighbourhood and output does not grow with pages squared.
type navNode struct {
	Title string `json:"t"`
	URL   string `json:"u"`
	// Count is a folder's number of pages, its own and below (pages show
	// no counts inline: adding a page would change every page).
	Count    int        `json:"n,omitempty"`
	Children []*navNode `json:"c,omitempty"`
}

func (b *build) writeNav(context.Context) error {
	var build func(*Section) *navNode
	build = func(sec *Section) *navNode {
		n := &navNode{Title: sec.Title, URL: sec.URL, Count: sec.Count}
		for _, c := range sec.Children {
			n.Children = append(n.Children, build(c))
		}
		for _, p := range sec.Pages {
			n.Children = append(n.Children, &navNode{Title: p.Title, URL: p.URL})
		}
		return n
	}
	data, err := json.Marshal(build(b.site.Root))
	if err != nil {
		return err
	}
	return b.opt.Output.WriteFile("_lore/nav.json", data)
}

// ownFile reports whether the site publishes a file of its own at rel (in
// static/ or beside the notes). Such a file replaces the one Lore would
// generate there: an internal wiki's robots.txt that keeps crawlers out.
func (b *build) ownFile(rel string) bool {
	if st, err := os.Stat(filepath.Join(b.cfg.StaticPath(), filepath.FromSlash(rel))); err == nil && st.Mode().IsRegular() {
		return true
	}
	for _, a := range b.site.Assets {
		if strings.TrimPrefix(a.URL, "/") == rel {
			return true
		}
	}
	return false
}

func (b *build) writeRobots(context.Context) error {
	if b.ownFile("robots.txt") {
		return nil
	}
	body := "User-agent: *\nAllow: /\n"
	if abs := b.cfg.AbsBaseURL(); abs != "" {
		body += "Sitemap: " + abs + "sitemap.xml\n"
	}
	return b.opt.Output.WriteFile("robots.txt", []byte(body))
}

// writeNoJekyll writes an empty .nojekyll. GitHub Pages runs a site
// published from a branch (gh-pages) through Jekyll, which drops folders
// whose names start with "_": without it, every page would lose _lore/,
// its stylesheets, scripts, navigation and search.
func (b *build) writeNoJekyll(context.Context) error {
	return b.opt.Output.WriteFile(".nojekyll", nil)
}

// absURL is the full URL of a site-relative path when baseURL has a host,
// else the path under the base path (feeds and sitemaps want absolute URLs;
// without a host the best we can do is root-relative).
func (b *build) absURL(p string) string {
	u := b.site.URL(p)
	if abs := b.cfg.AbsBaseURL(); abs != "" {
		return strings.TrimSuffix(abs, b.site.BasePath) + u
	}
	return u
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func (b *build) writeSitemap(context.Context) error {
	type urlset struct {
		XMLName xml.Name     `xml:"urlset"`
		NS      string       `xml:"xmlns,attr"`
		URLs    []sitemapURL `xml:"url"`
	}
	if b.ownFile("sitemap.xml") {
		return nil
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	set.URLs = append(set.URLs, sitemapURL{Loc: b.absURL("/")})
	for _, p := range b.site.Pages {
		if p.URL == "/" {
			continue
		}
		u := sitemapURL{Loc: b.absURL(p.URL)}
		if t := p.LastChange(); !t.IsZero() {
			u.LastMod = t.Format("2006-01-02")
		}
		set.URLs = append(set.URLs, u)
	}
	// Readers land on tag and folder pages from search engines too.
	for _, u := range b.site.lists {
		set.URLs = append(set.URLs, sitemapURL{Loc: b.absURL(u)})
	}
	data, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return err
	}
	return b.opt.Output.WriteFile("sitemap.xml", append([]byte(xml.Header), data...))
}

const feedSize = 30

// writeFeeds writes an Atom feed for the site and one per section.
func (b *build) writeFeeds(context.Context) error {
	if err := b.writeFeed("feed.xml", b.cfg.Title, "/", b.site.Pages); err != nil {
		return err
	}
	for _, sec := range b.site.Root.Children {
		var pages []*page.Page
		collect(sec, &pages)
		sortPages(pages)
		file := strings.TrimPrefix(sec.URL, "/") + "feed.xml"
		if err := b.writeFeed(file, b.cfg.Title+": "+sec.Title, sec.URL, pages); err != nil {
			return err
		}
	}
	return nil
}

func collect(sec *Section, out *[]*page.Page) {
	*out = append(*out, sec.Pages...)
	for _, c := range sec.Children {
		collect(c, out)
	}
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	Title   string       `xml:"title"`
	ID      string       `xml:"id"`
	Link    atomLink     `xml:"link"`
	Updated string       `xml:"updated"`
	Authors []atomAuthor `xml:"author"`
	Summary string       `xml:"summary,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Links   []atomLink  `xml:"link"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

func (b *build) writeFeed(file, title, pageURL string, pages []*page.Page) error {
	if b.ownFile(file) {
		return nil
	}
	// Atom requires an author for every entry; the feed's stands in for
	// pages that name none.
	f := atomFeed{NS: "http://www.w3.org/2005/Atom", Title: title, ID: b.absURL(pageURL),
		Links:  []atomLink{{Href: b.absURL(pageURL)}, {Href: b.absURL("/" + file), Rel: "self"}},
		Author: atomAuthor{Name: b.cfg.Title}}
	var newest time.Time
	for _, p := range pages {
		// A page with no date of its own still has one from git or
		// "updated:"; only a page with none at all cannot be an entry.
		if p.LastChange().IsZero() {
			continue
		}
		if len(f.Entries) == feedSize {
			break
		}
		updated := p.LastChange()
		if updated.After(newest) {
			newest = updated
		}
		e := atomEntry{Title: p.Title, ID: b.absURL(p.URL), Link: atomLink{Href: b.absURL(p.URL)},
			Updated: updated.UTC().Format(time.RFC3339), Summary: p.Summary}
		for _, a := range p.Authors {
			e.Authors = append(e.Authors, atomAuthor{Name: a})
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		// Atom requires a date. Without dated entries, take the site's
		// newest date: output must not depend on when the build ran.
		newest = b.newestDate()
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	data, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("feed %s: %w", file, err)
	}
	return b.opt.Output.WriteFile(file, append([]byte(xml.Header), data...))
}

func hasDir(dir, sub string) bool {
	st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(sub)))
	return err == nil && st.IsDir()
}

var _ = path.Join

// newestDate is the latest date of any page, or the Unix epoch.
func (b *build) newestDate() time.Time {
	t := time.Unix(0, 0)
	for _, p := range b.site.Pages {
		if c := p.LastChange(); c.After(t) {
			t = c
		}
	}
	return t
}
