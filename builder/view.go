package builder

import (
	"fmt"
	"html/template"
	"path"
	"strings"
	"time"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
	"github.com/lore-wiki/lore/builder/slug"
)

// View is the data every layout receives as its dot.
type View struct {
	Site *Site
	// Kind is page, section, home, taxonomy, term, 404 or search.
	Kind  string
	Title string
	// URL is this output's site-relative URL.
	URL string
	// Page is the Markdown page shown (nil for generated lists without one).
	Page *page.Page
	// Section is the folder the page belongs to, or the section listed.
	Section *Section
	// Term is the tag or type listed by a term page.
	Term *Term
	// Terms are listed by a taxonomy page (all tags, all types).
	Terms []*Term
	// Pages are listed by section, term and home pages.
	Pages []*page.Page
	// Record is what a generated records view shows: a *records.Person,
	// *records.Team, *records.Pair or the whole *records.Records.
	Record any
	// Dev is true in `lore serve`.
	Dev bool
}

// Feed is the site-relative URL of the Atom feed that follows what this
// view lists (a top-level folder, a type, a team, a person), or "" when
// only the site's feed does.
func (v *View) Feed() string {
	s := v.Site
	switch v.Kind {
	case "section":
		if v.Section != nil && v.Section.Parent == s.Root && s.Root != nil {
			return "/" + feedFile(v.URL)
		}
	case "term":
		if s.recordFeeds && strings.HasPrefix(v.URL, "/types/") {
			return "/" + feedFile(v.URL)
		}
	case "team", "person":
		if s.recordFeeds {
			return "/" + feedFile(v.URL)
		}
	}
	return ""
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	Title string
	URL   string
}

// Breadcrumbs from the home page to this output's parent.
func (v *View) Breadcrumbs() []Crumb {
	if v.Section == nil {
		return []Crumb{{Title: "Home", URL: "/"}}
	}
	var out []Crumb
	for _, s := range v.Section.Ancestors() {
		title := s.Title
		if s.Parent == nil {
			title = "Home"
		}
		out = append(out, Crumb{Title: title, URL: s.URL})
	}
	if v.Kind == "section" && len(out) > 0 {
		out = out[:len(out)-1]
	}
	if len(out) > maxCrumbs {
		// Home, the top folder, a "…" that leads to the first folder left
		// out, and the nearest folders. Every step holds its folder's
		// whole URL, so a trail of them all grows with the square of the
		// depth on every page, and the site with its cube: one note 1,000
		// folders deep made 350 MB.
		tail := out[len(out)-(maxCrumbs-3):]
		out = append(out[:2:2], Crumb{Title: "…", URL: out[2].URL})
		out = append(out, tail...)
	}
	return out
}

// maxCrumbs is the most steps a breadcrumb trail shows.
const maxCrumbs = 8

// NearbyPages returns at most n pages of the section around this output's
// page, for the sidebar's inline neighbourhood (the full tree is loaded
// from nav.json, so a page never carries a whole big folder).
func (v *View) NearbyPages(n int) []*page.Page {
	if v.Section == nil {
		return nil
	}
	return nearby(v.Section.Pages, v.URL, n)
}

// nearby is the window of at most n pages of ps around the page at url
// (the first n when no page is there).
func nearby(ps []*page.Page, url string, n int) []*page.Page {
	if len(ps) <= n {
		return ps
	}
	at := 0
	for i, p := range ps {
		if p.URL == url {
			at = i
			break
		}
	}
	lo := min(max(at-n/2, 0), len(ps)-n)
	return ps[lo : lo+n]
}

// funcs are the template functions. They are documented in the user
// guide's themes page.
func (s *Site) funcs(assetVersion func(string) string) template.FuncMap {
	return template.FuncMap{
		// url turns a site-relative path into a link under the base path.
		"url": s.URL,
		// link is <a href="{{url .URL}}">{{.Title}}</a> for a page, section
		// or breadcrumb, built in Go: lists, backlinks and the sidebar print
		// dozens of links per page, and each one costs html/template five
		// reflective calls.
		"link": s.link,
		// linkItems, backlinkItems and tocItems write the items of the
		// lists on every page (items.go).
		"linkItems":     s.linkItems,
		"backlinkItems": s.backlinkItems,
		"tocItems":      tocItems,
		// absURL is the full URL when baseURL has a host (feeds, sitemaps).
		"absURL": func(p string) string {
			if abs := s.Config.AbsBaseURL(); abs != "" {
				return strings.TrimSuffix(abs, s.BasePath) + s.URL(p)
			}
			return s.URL(p)
		},
		// count writes "1 page", "2,815 pages"; {{count n "person" "people"}}
		// for an irregular plural.
		"count": CountNoun,
		// asset links a theme file under /_lore/ with a cache-busting version.
		"asset": func(p string) string {
			return s.URL("/_lore/"+p) + "?v=" + assetVersion(p)
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2 Jan 2006")
		},
		"isoDate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"rfc3339": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"year":    func(t time.Time) int { return t.Year() },
		"slug":    slug.Make,
		"tagURL":  tagURL,
		"typeURL": func(t string) string { return "/types/" + slug.Make(t) + "/" },
		"personURL": func(handle string) string {
			return "/people/" + slug.Make(handle) + "/"
		},
		"join":  strings.Join,
		"lower": strings.ToLower,
		"base":  path.Base,
		"limit": func(n int, ps []*page.Page) []*page.Page {
			if len(ps) > n {
				return ps[:n]
			}
			return ps
		},
		"add": func(a, b int) int { return a + b },
		// editURL links to the page's source on the hosting service.
		"editURL":    s.editURL,
		"historyURL": s.historyURL,
		"safeHTML":   func(s string) template.HTML { return template.HTML(s) },
		"typeTitle":  typeTitle,
		// person finds who an author name, alias or handle stands for, so
		// a byline links to their page under their display name.
		"person": func(name string) *records.Person { return s.Records.Person(name) },
	}
}

func (s *Site) link(v any) (template.HTML, error) {
	var url, title string
	switch v := v.(type) {
	case *page.Page:
		url, title = v.URL, v.Title
	case *Section:
		url, title = v.URL, v.Title
	case Crumb:
		url, title = v.URL, v.Title
	default:
		return "", fmt.Errorf("link: cannot link to %T", v)
	}
	var b strings.Builder
	s.writeAnchor(&b, url, title, false)
	return template.HTML(b.String()), nil
}

// typeTitle is the plural heading for a page type ("retro" -> "Retros").
func typeTitle(t string) string {
	plural := map[string]string{
		"retro": "Retrospectives", "journal": "Journals", "mentoring": "Mentoring",
		"meeting": "Meetings", "howto": "How-tos", "onboarding": "Onboarding", "note": "Notes",
	}
	if p, ok := plural[t]; ok {
		return p
	}
	if t == "" {
		return t
	}
	return upperFirst(t) + "s"
}
