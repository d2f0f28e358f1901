package builder

import (
	"bytes"
	"reflect"
	"slices"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
)

// recordDeps decides whether the records (people, teams, action items,
// mentoring pairs, series of retros and journals: records.go) must be
// built again, and marks the pages that show records of a changed page.
//
// Records come from front matter (authors, team, participants, mentor...),
// dates, titles, types and task lists. A change that leaves all of those
// alone (and, for a retro, its body) cannot change them: the rebuild then
// keeps the records and renders no generated people or team page. Any
// other change builds them again and renders every generated view, the
// home page (it shows this week's activity) and the pages that show the
// changed page in their series (previous and next, an action item's
// trail, a mentoring pair's sessions), before and after.
func (s *Session) recordDeps(changes []change, pl *plan) {
	r := s.b.site.Records
	pl.changed = changes
	for _, c := range changes {
		// A page updated in place keeps its identity, so the records still
		// know it; a new version of a page in a series would be a stranger.
		if pl.all || c.old == nil || c.new == nil || recordsChanged(c.old, c.new) || !pl.inPlace && inSeries(r, c.old) {
			pl.records = true
			break
		}
	}
	if !pl.records {
		return
	}
	pl.home = true
	for _, c := range changes {
		if c.old != nil {
			s.seriesPages(r, recorded(c, pl), pl)
		}
	}
}

// recorded is the page object the last records know a change's page by:
// the old version, or the page itself when it was updated in place.
func recorded(c change, pl *plan) *page.Page {
	if pl.inPlace {
		return c.new
	}
	return c.old
}

// recordsChanged reports whether a page's changes can change the records:
// the fields records.Build reads, and a retro's body (its sections are
// counted).
func recordsChanged(o, n *page.Page) bool {
	return !listedSame(o, n) || !slices.Equal(o.Authors, n.Authors) || o.Team != n.Team ||
		!o.Updated.Equal(n.Updated) || !slices.Equal(o.Tasks, n.Tasks) || !reflect.DeepEqual(o.Params, n.Params) ||
		!slices.Equal(o.Contributors, n.Contributors) || !o.LastModified.Equal(n.LastModified) ||
		(o.Type == "retro" || n.Type == "retro") && !bytes.Equal(o.Body, n.Body)
}

func inSeries(r *records.Records, p *page.Page) bool {
	return r != nil && (r.Neighbours(p) != nil || r.Retro(p) != nil || r.PairOf(p) != nil)
}

// seriesPages marks the pages that show p as part of a series.
func (s *Session) seriesPages(r *records.Records, p *page.Page, pl *plan) {
	if r == nil {
		return
	}
	add := func(q *page.Page) {
		if c := s.current(q); c != nil {
			pl.pages[c] = true
		}
	}
	if nb := r.Neighbours(p); nb != nil {
		add(nb.Prev)
		add(nb.Next)
	}
	if rt := r.Retro(p); rt != nil {
		add(rt.Prev)
		add(rt.Next)
		for _, it := range rt.Items {
			for _, o := range it.Seen {
				add(o.Retro)
			}
		}
	}
	if pr := r.PairOf(p); pr != nil {
		for _, q := range pr.Sessions {
			add(q)
		}
	}
}
