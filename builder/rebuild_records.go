package builder

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"reflect"
	"slices"
	"strings"
	"time"

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
// other change builds them again and renders the generated views whose
// digest changed (see digester), the people, teams and action-item
// directories, the home page (it shows this week's activity) and the pages
// that show the changed page in their series (previous and next, an action
// item's trail, a mentoring pair's sessions), before and after.
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

// knownKinds are the views whose dependencies plan.wants spells out; the
// others (people, teams, action items, mentoring pairs, journals) show
// records, and are rendered again when their data's digest changes.
var knownKinds = map[string]bool{"page": true, "section": true, "term": true, "taxonomy": true, "home": true, "404": true, "search": true}

// digester hashes what a generated view shows: its title and URL, its
// pages, and the exported data of its record, three structs deep (a person,
// their action items, the retros those were raised in). Other records with
// a page of their own (a team named on a person's page) count by their
// names and counts only. A page counts by what lists show of it and, for a
// retro, its summary counts. Page digests are computed once per rebuild.
type digester struct {
	seed  maphash.Seed
	r     *records.Records
	pages map[*page.Page]uint64
}

const digestDepth = 3

var (
	pageType = reflect.TypeFor[*page.Page]()
	timeType = reflect.TypeFor[time.Time]()
)

func (d *digester) view(v *View) uint64 {
	var h maphash.Hash
	h.SetSeed(d.seed)
	h.WriteString(v.Kind + "\x00" + v.Title + "\x00" + v.URL + "\x00")
	for _, p := range v.Pages {
		d.writePage(&h, p)
	}
	if v.Record != nil {
		d.walk(&h, reflect.ValueOf(v.Record), 0)
	}
	return h.Sum64()
}

func (d *digester) writePage(h *maphash.Hash, p *page.Page) {
	if p == nil {
		h.WriteByte(0)
		return
	}
	sum, ok := d.pages[p]
	if !ok {
		var ph maphash.Hash
		ph.SetSeed(d.seed)
		for _, s := range []string{p.Path, p.URL, p.Title, p.Type, p.Team, p.Summary, fmt.Sprint(p.Date.UnixNano(), p.LastChange().UnixNano()),
			strings.Join(p.Tags, ","), strings.Join(p.Authors, ","), strings.Join(p.Contributors, ",")} {
			ph.WriteString(s)
			ph.WriteByte(0)
		}
		if d.r != nil {
			if rt := d.r.Retro(p); rt != nil {
				fmt.Fprint(&ph, rt.WentWell, rt.ToImprove, rt.Actions, len(rt.Items))
			}
		}
		sum = ph.Sum64()
		d.pages[p] = sum
	}
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], sum)
	h.Write(b[:])
}

func (d *digester) walk(h *maphash.Hash, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.WriteByte(0)
			return
		}
		if v.Type() == pageType {
			d.writePage(h, v.Interface().(*page.Page))
			return
		}
		d.walk(h, v.Elem(), depth)
	case reflect.Struct:
		if v.Type() == timeType {
			fmt.Fprint(h, v.Interface().(time.Time).UnixNano())
			return
		}
		if depth == digestDepth {
			return
		}
		if _, ok := v.Type().FieldByName("URL"); ok && depth > 0 {
			// Another record with a page of its own (a person, a team,
			// a pair): this view links to it and shows its name and
			// counts, not its contents.
			for i := range v.NumField() {
				f := v.Field(i)
				switch {
				case !v.Type().Field(i).IsExported():
				case f.Kind() == reflect.Slice:
					fmt.Fprint(h, f.Len())
				case f.Kind() == reflect.String, f.Kind() == reflect.Bool, f.Kind() == reflect.Int:
					d.walk(h, f, depth+1)
				}
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				d.walk(h, v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		fmt.Fprint(h, v.Len())
		for i := range v.Len() {
			d.walk(h, v.Index(i), depth)
		}
	case reflect.String:
		h.WriteString(v.String())
		h.WriteByte(0)
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		fmt.Fprint(h, v.Interface())
		h.WriteByte(0)
	case reflect.Map:
		fmt.Fprint(h, v.Len())
	}
}

// recordDigests computes the digests of the views plan.wants does not know.
func (s *Session) recordDigests(views []*View) map[string]uint64 {
	d := &digester{seed: s.seed, r: s.b.site.Records, pages: map[*page.Page]uint64{}}
	out := map[string]uint64{}
	for _, v := range views {
		if knownKinds[v.Kind] {
			continue
		}
		if _, all := v.Record.(*records.Records); all {
			// The directories (people, teams, all action items) show a
			// little of everything: no digest, always rendered again.
			continue
		}
		out[v.URL] = d.view(v)
	}
	return out
}
