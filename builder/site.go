package builder

import (
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/history"
	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
)

// Site is a built site: its pages and what the stages derived from them.
// Templates see it as .Site.
type Site struct {
	Config *config.Config
	// BasePath is the URL path the site is served under ("/" or "/wiki/").
	BasePath string

	// Pages are the published pages, newest first (undated last, by path).
	Pages []*page.Page
	// Drafts are pages left out because they are drafts.
	Drafts []*page.Page
	// Assets are non-Markdown files under the content folder.
	Assets []*links.Asset
	// Root is the section tree; Root is the home folder.
	Root *Section
	// Tags and Types list taxonomy terms with their pages.
	Tags  []*Term
	Types []*Term

	ByURL map[string]*page.Page
	// History is the content folder's git history (unavailable outside git).
	History *history.History
	// Records are people, teams, action items and mentoring (builder/records).
	Records *records.Records
	// recordFeeds is set when there are feeds per type, team and person.
	recordFeeds bool
	// lists are the URLs of generated pages (folders without a page of
	// their own, tags, types, people, teams), for the sitemap.
	lists []string
	// RepoPrefix is the content folder's path inside its git repository.
	RepoPrefix string

	Diagnostics diag.List
	Stats       Stats

	mu         sync.Mutex
	sources    []source
	assetFiles []source
	links      *links.Index
}

// Section is a folder of the content.
type Section struct {
	// Path is the folder relative to the content root ("" for the root).
	Path  string
	Name  string
	Title string
	URL   string
	// Index is the folder's README.md/index.md, if any.
	Index    *page.Page
	Pages    []*page.Page
	Children []*Section
	Parent   *Section
	// Count is the number of pages in this section and below.
	Count int
	// Weight orders folders among their siblings, lowest first, before
	// unweighted ones: the index page's weight, or a Docusaurus
	// _category_ file's position (which may be 0, or 1.5). Weighted says
	// whether there is one.
	Weight   float64
	Weighted bool
}

// Term is one tag or type with its pages, newest first.
type Term struct {
	Name  string
	Slug  string
	URL   string
	Pages []*page.Page
}

func newSite(cfg *config.Config, opt Options) (*Site, error) {
	base, err := cfg.BasePath()
	if err != nil {
		return nil, err
	}
	return &Site{Config: cfg, BasePath: base, ByURL: map[string]*page.Page{}}, nil
}

// Search reports whether the site has search, for templates: lore.yaml's
// search.disabled (which lore build --no-search sets) means no index and no
// search page, so the theme leaves out the box, the dialog and their
// assets rather than link to a /search/ that is not there.
func (s *Site) Search() bool { return !s.Config.Search.Disabled }

// URL turns a site-relative URL path into the one to write in HTML,
// under the site's base path: escaped as net/url escapes a path, and '+'
// too.
func (s *Site) URL(p string) string {
	frag := ""
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, frag = p[:i], p[i:]
	}
	p = strings.TrimPrefix(p, "/")
	if plainPath(s.BasePath) && plainPath(p) {
		// Most paths need no escaping, and a site's pages link thousands
		// of times; url.URL would allocate for each.
		return s.BasePath + p + frag
	}
	// url.URL leaves '+' as it is, which S3's website endpoints read as a
	// space: file+plus.pdf was a 404 there.
	return strings.ReplaceAll((&url.URL{Path: s.BasePath + p}).EscapedPath(), "+", "%2B") + frag
}

// plainPath reports whether p is made only of characters a URL path
// never escapes.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

// Ancestors lists the sections from the root down to sec, for breadcrumbs.
func (sec *Section) Ancestors() []*Section {
	var out []*Section
	for s := sec; s != nil; s = s.Parent {
		out = append(out, s)
	}
	slices.Reverse(out)
	return out
}

// BaseURL is the URL path the site is served under, for templates that
// build URLs by hand; prefer the url function.
func (s *Site) BaseURL() string { return s.BasePath }
