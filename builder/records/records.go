// Package records turns a wiki's pages into its team memory: a page per
// person and per team, retrospective action items followed across retros,
// mentoring pairs with their goals, journals, and what changed this week.
//
// Build reads pages only (front matter, tasks, dates, contributors set by the
// history stage) and never renders: templates receive the result as
// .Site.Records and generated views receive one record each (a *Person,
// *Team, *Pair...) as .Record. It depends on no other build stage, so it is
// tested on hand-made pages.
//
// Front matter keys it reads, besides the page model's own:
//
//	participants  list    retro participants (handles)
//	attendees     list    meeting attendees (handles)
//	mentor        string  mentoring session: the mentor's handle
//	mentee        string  mentoring session: the mentee's handle
//	goals         list    mentoring goals as of this session ("[x] goal" marks one done)
//	goals_done    list    goals reached by this session
//
// Action items are task-list items in retros:
//
//   - [ ] @alice make the deploy check block on flaky tests (due 2026-12-05)
//
// "- [x]" marks one done and "- [-]" cancelled; both close it. Other
// marks ("- [/]" in progress) leave it open.
package records

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/lore-wiki/lore/builder/history"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/slug"
)

// Options are Build's inputs besides the pages.
type Options struct {
	// Now is the build's clock: overdue items, ages and "this week" are
	// relative to it.
	Now time.Time
	// Directory maps names to handles; nil means no people: in lore.yaml.
	Directory *Directory
	// Commits, newest first, give contribution calendars their days when
	// git history is available; without them, page dates are used.
	Commits []history.Commit
	// AssetURL maps an avatar path from lore.yaml to its URL; nil keeps
	// the path as a site-relative URL.
	AssetURL func(p string) string
}

// Records is everything Build derives. It is read-only once built.
type Records struct {
	Now    time.Time
	People []*Person // by display name
	Teams  []*Team   // by name
	// Items are all action items, one per item however often it was
	// carried over: open ones first (overdue, then by due date), then done.
	Items []*ActionItem
	Pairs []*Pair // by mentor, then mentee

	// GitHistory is true when calendars and contributors came from git.
	GitHistory bool

	pages      []*page.Page
	dir        *Directory
	byHandle   map[string]*Person
	byTeam     map[string]*Team
	retros     map[*page.Page]*Retro
	neighbours map[*page.Page]*Neighbours
	pairOf     map[*page.Page]*Pair
}

// Person is one person's page.
type Person struct {
	Handle string
	Name   string
	Avatar string
	URL    string
	// Known is true when lore.yaml's people: describes them.
	Known bool
	// Wrote are pages they authored or contributed to (not journals), newest first.
	Wrote []*page.Page
	// Journal holds their journal entries, newest first.
	Journal    []*page.Page
	JournalURL string
	// Retros they took part in (participants:), newest first.
	Retros []*page.Page
	// Meetings they attended, newest first.
	Meetings []*page.Page
	AsMentor []*Pair
	AsMentee []*Pair
	Teams    []*Team
	// Items are action items they own, open first.
	Items []*ActionItem
	// Topics are the tags they wrote most about, most first.
	Topics   []Topic
	Calendar *Calendar
	// JournalCalendar marks the days of journal entries.
	JournalCalendar *Calendar
}

// Topic is a tag and how many of someone's pages carry it.
type Topic struct {
	Tag   string
	Count int
}

// Initials are shown when a person has no avatar.
func (p *Person) Initials() string {
	var out []rune
	for _, w := range strings.Fields(strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(p.Name)) {
		r := []rune(w)
		out = append(out, r[0])
		if len(out) == 2 {
			break
		}
	}
	return strings.ToUpper(string(out))
}

// OpenItems are the person's action items still open.
func (p *Person) OpenItems() []*ActionItem { return openOf(p.Items) }

// Contributions is the number of pages, journal entries and retros they
// appear on, for the directory.
func (p *Person) Contributions() int { return len(p.Wrote) + len(p.Journal) }

// Team is one team's page.
type Team struct {
	Name       string
	Slug       string
	URL        string
	ActionsURL string
	Members    []*Person
	// Retros newest first.
	Retros   []*page.Page
	Meetings []*page.Page
	// Notes are the team's other pages, newest first.
	Notes []*page.Page
	Items []*ActionItem
}

// OpenItems are the team's action items still open.
func (t *Team) OpenItems() []*ActionItem { return openOf(t.Items) }

// DoneItems are the team's action items closed: done or cancelled.
func (t *Team) DoneItems() []*ActionItem { return doneOf(t.Items) }

// Pages is everything of the team, newest first, for its feed.
func (t *Team) Pages() []*page.Page {
	out := slices.Concat(t.Retros, t.Meetings, t.Notes)
	sortNewest(out)
	return out
}

// Neighbours are the previous and next page in a series: retros of one
// team, journal entries of one person, sessions of one mentoring pair.
type Neighbours struct {
	Prev, Next *page.Page
	// Series names the series ("platform retros", "Alice's journal").
	Series    string
	SeriesURL string
}

// Build derives the records from the published pages (newest first).
func Build(pages []*page.Page, opt Options) *Records {
	if opt.Directory == nil {
		opt.Directory = NewDirectory(nil)
	}
	if opt.AssetURL == nil {
		opt.AssetURL = func(p string) string { return "/" + strings.TrimPrefix(p, "/") }
	}
	r := &Records{
		Now:        opt.Now,
		GitHistory: len(opt.Commits) > 0,
		pages:      pages,
		dir:        opt.Directory,
		byHandle:   map[string]*Person{},
		byTeam:     map[string]*Team{},
		retros:     map[*page.Page]*Retro{},
		neighbours: map[*page.Page]*Neighbours{},
		pairOf:     map[*page.Page]*Pair{},
	}
	b := &builder{r: r, opt: opt, dir: opt.Directory}
	b.people(pages)
	b.teams(pages)
	b.retros(pages)
	b.mentoring(pages)
	b.journals()
	b.finish(pages)
	return r
}

// builder holds Build's working state.
type builder struct {
	r          *Records
	opt        Options
	dir        *Directory
	commitDays map[string][]time.Time // by handle, filled on first use
}

// person returns the record for a name, creating it on first sight.
func (b *builder) person(name string) *Person {
	h := b.dir.Canon(name)
	if h == "" {
		return nil
	}
	if p, ok := b.r.byHandle[h]; ok {
		return p
	}
	p := &Person{Handle: h, Name: h, URL: PersonURL(h)}
	if c, ok := b.dir.Known(h); ok {
		p.Known = true
		if c.Name != "" {
			p.Name = c.Name
		}
		if c.Avatar != "" {
			p.Avatar = b.opt.AssetURL(c.Avatar)
		}
	}
	p.JournalURL = p.URL + "journal/"
	b.r.byHandle[h] = p
	b.r.People = append(b.r.People, p)
	return p
}

// PersonURL is a person's page; it matches the theme's personURL function.
func PersonURL(handle string) string { return "/people/" + slug.Make(handle) + "/" }

// TeamURL is a team's page.
func TeamURL(team string) string { return "/teams/" + slug.Make(team) + "/" }

// Writers are the handles credited with a page: the history stage's
// contributors (front matter authors when present, else git's), or the
// authors when the history stage did not run.
func Writers(p *page.Page) []string {
	if len(p.Contributors) > 0 {
		return p.Contributors
	}
	return p.Authors
}

// Authors are the people a page counts for: a journal entry's owner (who
// often sets no authors: the folder says whose it is) and its writers.
// Search's author: filter uses them, so it finds what a person page lists.
func Authors(p *page.Page) []string {
	out := Writers(p)
	if p.Type != "journal" {
		return out
	}
	o := journalOwner(p)
	if o == "" || slices.Contains(out, o) {
		return out
	}
	return append([]string{o}, out...)
}

// journalOwner is the folder under journals/ (journals/alice/...), else
// the first author.
func journalOwner(p *page.Page) string {
	parts := strings.Split(p.Dir, "/")
	if len(parts) >= 2 {
		return parts[1]
	}
	if w := Writers(p); len(w) > 0 {
		return w[0]
	}
	return ""
}

func (b *builder) people(pages []*page.Page) {
	// Everyone lore.yaml names has a page even before they write.
	for h := range b.dir.people {
		b.person(h)
	}
	for _, p := range pages {
		if p.Type == "journal" {
			if o := b.person(journalOwner(p)); o != nil {
				o.Journal = append(o.Journal, p)
			}
		} else {
			for _, w := range Writers(p) {
				if o := b.person(w); o != nil && !slices.Contains(o.Wrote, p) {
					o.Wrote = append(o.Wrote, p)
				}
			}
		}
		for _, h := range ListParam(p, "participants") {
			if o := b.person(h); o != nil && p.Type == "retro" {
				o.Retros = appendOnce(o.Retros, p)
			}
		}
		for _, h := range ListParam(p, "attendees") {
			if o := b.person(h); o != nil {
				o.Meetings = appendOnce(o.Meetings, p)
			}
		}
	}
}

func (b *builder) team(name string) *Team {
	s := slug.Make(name)
	if s == "" {
		return nil
	}
	if t, ok := b.r.byTeam[s]; ok {
		return t
	}
	t := &Team{Name: name, Slug: s, URL: TeamURL(name)}
	t.ActionsURL = t.URL + "actions/"
	b.r.byTeam[s] = t
	b.r.Teams = append(b.r.Teams, t)
	return t
}

func (b *builder) teams(pages []*page.Page) {
	members := map[*Team]map[*Person]bool{}
	add := func(t *Team, names []string) {
		if members[t] == nil {
			members[t] = map[*Person]bool{}
		}
		for _, n := range names {
			if p := b.person(n); p != nil {
				members[t][p] = true
			}
		}
	}
	for _, p := range pages {
		t := b.team(p.Team)
		if t == nil {
			continue
		}
		switch p.Type {
		case "retro":
			t.Retros = append(t.Retros, p)
			add(t, ListParam(p, "participants"))
		case "meeting":
			t.Meetings = append(t.Meetings, p)
		default:
			t.Notes = append(t.Notes, p)
		}
		if p.Type != "journal" {
			add(t, Writers(p))
		}
	}
	for t, set := range members {
		for p := range set {
			t.Members = append(t.Members, p)
			p.Teams = append(p.Teams, t)
		}
		slices.SortFunc(t.Members, byName)
	}
	slices.SortFunc(b.r.Teams, func(a, b *Team) int { return strings.Compare(a.Slug, b.Slug) })
	for _, p := range b.r.People {
		slices.SortFunc(p.Teams, func(a, b *Team) int { return strings.Compare(a.Slug, b.Slug) })
	}
}

func (b *builder) journals() {
	for _, p := range b.r.People {
		entries := slices.Clone(p.Journal)
		slices.Reverse(entries) // oldest first
		b.series(entries, possessive(p.Name)+" journal", p.JournalURL)
	}
}

// series links each page of an oldest-first series to its neighbours.
func (b *builder) series(ps []*page.Page, name, url string) {
	for i, p := range ps {
		n := &Neighbours{Series: name, SeriesURL: url}
		if i > 0 {
			n.Prev = ps[i-1]
		}
		if i+1 < len(ps) {
			n.Next = ps[i+1]
		}
		b.r.neighbours[p] = n
	}
}

func (b *builder) finish(pages []*page.Page) {
	// Owners first: an owner named only in a retro still gets a page.
	for _, it := range b.r.Items {
		if o := b.person(it.Owner); o != nil {
			it.Who = o
			o.Items = append(o.Items, it)
		}
	}
	for _, t := range b.r.Teams {
		for _, it := range b.r.Items {
			if it.Team == t {
				t.Items = append(t.Items, it)
			}
		}
	}
	for _, p := range b.r.People {
		p.Topics = topics(slices.Concat(p.Wrote, p.Journal), 5)
		p.Calendar = b.calendar(p)
		var days []time.Time
		for _, j := range p.Journal {
			days = append(days, j.Date)
		}
		p.JournalCalendar = NewCalendar(days, b.opt.Now, "journal entry", "journal entries")
	}
	slices.SortFunc(b.r.People, byName)
}

// calendar counts a person's commits per day when git history is known,
// else the dates of the pages they wrote and updated.
func (b *builder) calendar(p *Person) *Calendar {
	var days []time.Time
	if len(b.opt.Commits) > 0 {
		if b.commitDays == nil {
			b.commitDays = map[string][]time.Time{}
			who := map[history.Person]string{}
			for _, c := range b.opt.Commits {
				h, ok := who[c.Author]
				if !ok {
					h = b.dir.Identify(c.Author.Name, c.Author.Email)
					who[c.Author] = h
				}
				b.commitDays[h] = append(b.commitDays[h], c.Date)
			}
		}
		return NewCalendar(b.commitDays[p.Handle], b.opt.Now, "commit", "commits")
	}
	for _, pg := range slices.Concat(p.Wrote, p.Journal) {
		if !pg.Date.IsZero() {
			days = append(days, pg.Date)
		}
		if !pg.Updated.IsZero() && !pg.Updated.Equal(pg.Date) {
			days = append(days, pg.Updated)
		}
	}
	// A page written and later updated counts on both days, so the total
	// counts contributions, as GitHub's calendar does, not pages.
	return NewCalendar(days, b.opt.Now, "contribution", "contributions")
}

// topics counts tags across pages, most used first, then by name.
func topics(ps []*page.Page, n int) []Topic {
	count := map[string]int{}
	spelling := map[string]string{}
	for _, p := range ps {
		for _, t := range p.Tags {
			k := slug.Make(t)
			if k == "" {
				continue
			}
			if _, ok := spelling[k]; !ok {
				spelling[k] = t
			}
			count[k]++
		}
	}
	out := make([]Topic, 0, len(count))
	for k, c := range count {
		out = append(out, Topic{Tag: spelling[k], Count: c})
	}
	slices.SortFunc(out, func(a, b Topic) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Tag, b.Tag))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Person returns the record for a handle, alias or name as an author
// writes it ("alice", "@alice", "Alice Smith"), nil if nobody is known by it.
func (r *Records) Person(name string) *Person {
	if r == nil {
		return nil
	}
	return r.byHandle[r.dir.Canon(name)]
}

// Team returns a team by name, nil if no page names it.
func (r *Records) Team(name string) *Team {
	if r == nil {
		return nil
	}
	return r.byTeam[slug.Make(name)]
}

// Neighbours returns a page's previous and next page in its series, or nil.
func (r *Records) Neighbours(p *page.Page) *Neighbours {
	if r == nil {
		return nil
	}
	return r.neighbours[p]
}

// Retro returns the summary of a retro page, or nil for other pages.
func (r *Records) Retro(p *page.Page) *Retro {
	if r == nil {
		return nil
	}
	return r.retros[p]
}

// PairOf returns the mentoring pair a session page belongs to, or nil.
func (r *Records) PairOf(p *page.Page) *Pair {
	if r == nil {
		return nil
	}
	return r.pairOf[p]
}

// OpenItems are all open action items.
func (r *Records) OpenItems() []*ActionItem { return openOf(r.Items) }

// DoneItems are all closed action items: done or cancelled.
func (r *Records) DoneItems() []*ActionItem { return doneOf(r.Items) }

// ListParam reads a front matter list of names (a YAML list or a
// comma-separated string), trimmed, without leading @.
func ListParam(p *page.Page, key string) []string {
	var raw []string
	switch v := p.Params[key].(type) {
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				raw = append(raw, s)
			}
		}
	case []string:
		raw = v
	case string:
		raw = strings.Split(v, ",")
	}
	var out []string
	for _, s := range raw {
		if s = strings.TrimPrefix(strings.TrimSpace(s), "@"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// StringParam reads a front matter string.
func StringParam(p *page.Page, key string) string {
	s, _ := p.Params[key].(string)
	return strings.TrimPrefix(strings.TrimSpace(s), "@")
}

func appendOnce(ps []*page.Page, p *page.Page) []*page.Page {
	if slices.Contains(ps, p) {
		return ps
	}
	return append(ps, p)
}

func byName(a, b *Person) int {
	return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Handle, b.Handle))
}

func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// sortNewest orders by date, newest first, then by path.
func sortNewest(ps []*page.Page) {
	slices.SortStableFunc(ps, func(a, b *page.Page) int {
		return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.Path, b.Path))
	})
}

// oldestFirst returns a copy ordered by date, oldest first, then by path.
func oldestFirst(ps []*page.Page) []*page.Page {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b *page.Page) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.Path, b.Path))
	})
	return out
}
