package records

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/lore-wiki/lore/builder/page"
)

// RecentlyUpdated lists up to n pages changed after they were written
// (front matter updated:, or a later commit), most recent change first.
func (r *Records) RecentlyUpdated(n int) []*page.Page {
	if r == nil {
		return nil
	}
	var out []*page.Page
	for _, p := range r.pages {
		if Day(p.LastChange()).After(Day(p.Date)) && !p.Date.IsZero() {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b *page.Page) int {
		return cmp.Or(b.LastChange().Compare(a.LastChange()), strings.Compare(a.Path, b.Path))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Week is "this week in the wiki": the seven days up to the build's day.
type Week struct {
	From, To time.Time
	// New are pages written this week, Updated pages changed this week
	// that were written before it; both newest first.
	New, Updated []*page.Page
	// ByType counts new pages per type, most first.
	ByType []TypeCount
	// Raised and Closed are action items raised or closed (done or
	// cancelled) in this week's retros.
	Raised, Closed []*ActionItem
	// DueSoon are open items due in the next seven days.
	DueSoon []*ActionItem
}

// TypeCount is how many new pages of a type a week had.
type TypeCount struct {
	Type  string
	Count int
}

// Empty reports whether nothing happened.
func (w *Week) Empty() bool {
	return len(w.New)+len(w.Updated)+len(w.Raised)+len(w.Closed)+len(w.DueSoon) == 0
}

// ThisWeek summarises the last seven days, the build's day included.
func (r *Records) ThisWeek() *Week {
	if r == nil {
		return &Week{}
	}
	to := Day(r.Now)
	from := to.AddDate(0, 0, -6)
	in := func(t time.Time) bool {
		d := Day(t)
		return !d.IsZero() && !d.Before(from) && !d.After(to)
	}
	w := &Week{From: from, To: to}
	counts := map[string]int{}
	for _, p := range r.pages {
		switch {
		case in(p.Date):
			w.New = append(w.New, p)
			counts[p.Type]++
		case in(p.LastChange()):
			w.Updated = append(w.Updated, p)
		}
	}
	for t, n := range counts {
		w.ByType = append(w.ByType, TypeCount{t, n})
	}
	slices.SortFunc(w.ByType, func(a, b TypeCount) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Type, b.Type)) })
	slices.SortStableFunc(w.Updated, func(a, b *page.Page) int { return b.LastChange().Compare(a.LastChange()) })
	soon := to.AddDate(0, 0, 7)
	for _, it := range r.Items {
		if in(it.Raised().Date) && len(it.Seen) == 1 {
			w.Raised = append(w.Raised, it)
		}
		if it.Done && in(it.DoneIn().Date) {
			w.Closed = append(w.Closed, it)
		}
		if !it.Done && !it.Due.IsZero() && !it.Due.Before(to) && !it.Due.After(soon) {
			w.DueSoon = append(w.DueSoon, it)
		}
	}
	return w
}
