package records

import (
	"bufio"
	"bytes"
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/slug"
)

// ActionItem is one retro action item, followed across the retros of its
// team: raised once, possibly carried over, possibly done.
type ActionItem struct {
	// Text is the item without its owner and due date.
	Text string
	// Key is Text normalised; the same key in a later retro of the same
	// team is the same item.
	Key   string
	Owner string // handle, "" when unassigned
	// Who is the owner's person record, nil when unassigned.
	Who *Person
	Due time.Time
	// Done is true once the item is closed: ticked ("- [x]") or
	// cancelled ("- [-]"); Cancelled tells which.
	Done      bool
	Cancelled bool
	Team      *Team // nil for retros without a team
	// Seen lists every retro the item appears in, oldest first.
	Seen []Occurrence
	// Overdue is true for an open item whose due date is before the build's day.
	Overdue bool
	// Age is the number of days from the retro that raised it to the one
	// that closed it, or to the build's day while open.
	Age int
}

// Occurrence is an item in one retro.
type Occurrence struct {
	Retro *page.Page
	Line  int
	// Done is true when the retro closes the item, ticked or cancelled.
	Done bool
}

// Raised is the retro the item first appeared in.
func (it *ActionItem) Raised() *page.Page { return it.Seen[0].Retro }

// DoneIn is the retro that closed the item, nil while open.
func (it *ActionItem) DoneIn() *page.Page {
	if it.Done {
		return it.Seen[len(it.Seen)-1].Retro
	}
	return nil
}

// CarriedOver counts the later retros the item reappeared in still open.
func (it *ActionItem) CarriedOver() int {
	n := 0
	for _, o := range it.Seen[1:] {
		if !o.Done {
			n++
		}
	}
	return n
}

// Later are the retros after the first that list the item.
func (it *ActionItem) Later() []Occurrence { return it.Seen[1:] }

var (
	dueRe   = regexp.MustCompile(`(?i)\s*\(\s*due:?\s*(\d{4}-\d{2}-\d{2})\s*\)`)
	ownerRe = regexp.MustCompile(`(^|\s)@([\p{L}\p{N}_][\p{L}\p{N}_.-]*)`)
)

// ParseItem reads an action item's owner, due date and text from a task
// list item's text: "@alice do the thing (due 2026-12-05)". The first
// @handle is the owner.
func ParseItem(text string) (owner string, due time.Time, rest string) {
	rest = text
	if m := dueRe.FindStringSubmatchIndex(rest); m != nil {
		if t, err := time.Parse("2006-01-02", rest[m[2]:m[3]]); err == nil {
			due = t
			rest = rest[:m[0]] + rest[m[1]:]
		}
	}
	if m := ownerRe.FindStringSubmatchIndex(rest); m != nil {
		owner = strings.TrimRight(rest[m[4]:m[5]], ".")
		rest = rest[:m[2]] + rest[m[5]:]
	}
	rest = strings.Join(strings.Fields(rest), " ")
	rest = strings.TrimLeft(rest, ":-– ")
	return owner, due, rest
}

// NormalizeItem is the key two items must share to be the same item:
// lower case, letters and digits only, single spaces.
func NormalizeItem(text string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// Retro is the summary of one retrospective.
type Retro struct {
	Page      *page.Page
	Team      *Team
	WentWell  int
	ToImprove int
	Actions   int
	// Items are this retro's action items as followed across retros.
	Items []*ActionItem
	Prev  *page.Page
	Next  *page.Page
}

// cancelledMark is Obsidian's "- [-]", a task dropped rather than done: it
// closes an action item, which is no longer open nor overdue. Other custom
// marks ("- [/]" in progress, "- [>]" forwarded) leave the item open.
const cancelledMark = "-"

// retros follows action items through each team's retros, oldest first.
func (b *builder) retros(pages []*page.Page) {
	byTeam := map[string][]*page.Page{}
	var teams []string
	for _, p := range pages {
		if p.Type != "retro" {
			continue
		}
		k := slug.Make(p.Team)
		if _, ok := byTeam[k]; !ok {
			teams = append(teams, k)
		}
		byTeam[k] = append(byTeam[k], p)
	}
	slices.Sort(teams)
	for _, k := range teams {
		rs := oldestFirst(byTeam[k])
		open := map[string]*ActionItem{} // key -> item not yet done
		for i, p := range rs {
			r := &Retro{Page: p, Team: b.r.Team(p.Team)}
			r.WentWell, r.ToImprove = countSections(p.Body)
			if i > 0 {
				r.Prev = rs[i-1]
			}
			if i+1 < len(rs) {
				r.Next = rs[i+1]
			}
			for _, t := range p.Tasks {
				owner, due, text := ParseItem(t.Text)
				key := NormalizeItem(text)
				if key == "" {
					continue
				}
				r.Actions++
				it, ok := open[key]
				if !ok || slices.ContainsFunc(it.Seen, func(o Occurrence) bool { return o.Retro == p }) {
					it = &ActionItem{Key: key, Team: r.Team}
					b.r.Items = append(b.r.Items, it)
				}
				// The latest retro's wording, owner and due date win.
				it.Text = text
				if owner != "" {
					it.Owner = b.dir.Canon(owner)
				}
				if !due.IsZero() {
					it.Due = due
				}
				it.Cancelled = t.Mark == cancelledMark
				it.Done = t.Done || it.Cancelled
				it.Seen = append(it.Seen, Occurrence{Retro: p, Line: t.Line, Done: it.Done})
				if it.Done {
					delete(open, key)
				} else {
					open[key] = it
				}
				r.Items = append(r.Items, it)
			}
			b.r.retros[p] = r
			name := "retros"
			url := ""
			if r.Team != nil {
				name = r.Team.Name + " retros"
				url = r.Team.URL
			}
			b.r.neighbours[p] = &Neighbours{Prev: r.Prev, Next: r.Next, Series: name, SeriesURL: url}
		}
	}
	today := Day(b.opt.Now)
	for _, it := range b.r.Items {
		end := today
		if it.Done {
			end = Day(it.DoneIn().Date)
		}
		if start := Day(it.Raised().Date); !start.IsZero() && end.After(start) {
			it.Age = int(end.Sub(start).Hours() / 24)
		}
		it.Overdue = !it.Done && !it.Due.IsZero() && it.Due.Before(today)
	}
	sortItems(b.r.Items)
}

// sortItems: open before done; open overdue first, then by due date (none
// last), then oldest raised; done newest first.
func sortItems(items []*ActionItem) {
	slices.SortStableFunc(items, func(a, b *ActionItem) int {
		if a.Done != b.Done {
			if a.Done {
				return 1
			}
			return -1
		}
		if a.Done {
			return cmp.Or(b.DoneIn().Date.Compare(a.DoneIn().Date), strings.Compare(a.Key, b.Key))
		}
		if a.Overdue != b.Overdue {
			if a.Overdue {
				return -1
			}
			return 1
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			if a.Due.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.Due.Compare(b.Due), a.Raised().Date.Compare(b.Raised().Date), strings.Compare(a.Key, b.Key))
	})
}

func openOf(items []*ActionItem) []*ActionItem {
	var out []*ActionItem
	for _, it := range items {
		if !it.Done {
			out = append(out, it)
		}
	}
	return out
}

func doneOf(items []*ActionItem) []*ActionItem {
	var out []*ActionItem
	for _, it := range items {
		if it.Done {
			out = append(out, it)
		}
	}
	return out
}

// countSections counts the top-level list items under the "went well" and
// "to improve" headings of a retro (any heading level, matched loosely:
// "What went well", "Good", "Keep"; "What to improve", "Not so well",
// "Problems"). Fenced code is skipped.
func countSections(body []byte) (well, improve int) {
	var cur *int
	fence := ""
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		trim := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trim, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			fence = trim[:3]
			continue
		}
		if strings.HasPrefix(line, "#") {
			h := strings.ToLower(strings.TrimLeft(line, "# "))
			switch {
			case strings.Contains(h, "improve") || strings.Contains(h, "not so well") || strings.Contains(h, "didn") ||
				strings.Contains(h, "problem") || strings.Contains(h, "better"):
				cur = &improve
			case strings.Contains(h, "well") || strings.Contains(h, "good") || strings.Contains(h, "keep"):
				cur = &well
			default:
				cur = nil
			}
			continue
		}
		if cur != nil && isTopLevelItem(line) {
			*cur++
		}
	}
	return well, improve
}

func isTopLevelItem(line string) bool {
	if len(line) < 2 {
		return false
	}
	switch line[0] {
	case '-', '*', '+':
		return line[1] == ' '
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' '
}

// Day truncates a time to its calendar day in UTC, keeping the date as
// written (a date in front matter is midnight UTC).
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
