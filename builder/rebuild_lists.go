package builder

import (
	"maps"
	"path"
	"slices"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/slug"
)

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

const homeRecent = 10

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
