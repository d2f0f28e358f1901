package records

import (
	"cmp"
	"slices"
	"strings"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/slug"
)

// Pair is a mentor and a mentee with their sessions and goals.
type Pair struct {
	Mentor *Person
	Mentee *Person
	URL    string
	// Sessions are the mentoring pages of the pair, oldest first.
	Sessions []*page.Page
	Goals    []*Goal
}

// Goal status values.
const (
	GoalOpen    = "open"
	GoalDone    = "done"
	GoalDropped = "dropped"
)

// Goal is one mentoring goal followed across sessions.
type Goal struct {
	Text   string
	Status string
	// Since is the session that first listed the goal.
	Since *page.Page
	// DoneIn is the session that marked it done.
	DoneIn *page.Page
}

// Done counts the pair's goals reached.
func (p *Pair) Done() int {
	n := 0
	for _, g := range p.Goals {
		if g.Status == GoalDone {
			n++
		}
	}
	return n
}

// Latest is the most recent session.
func (p *Pair) Latest() *page.Page { return p.Sessions[len(p.Sessions)-1] }

// Title names the pair: "Alice / Dara".
func (p *Pair) Title() string { return p.Mentor.Name + " / " + p.Mentee.Name }

// PairURL is a pair's page.
func PairURL(mentor, mentee string) string {
	return "/mentoring/" + slug.Make(mentor) + "-" + slug.Make(mentee) + "/"
}

// mentoring groups sessions into pairs and follows their goals.
func (b *builder) mentoring(pages []*page.Page) {
	byKey := map[string]*Pair{}
	for _, p := range pages {
		mentor, mentee := b.person(StringParam(p, "mentor")), b.person(StringParam(p, "mentee"))
		if mentor == nil || mentee == nil {
			continue
		}
		key := mentor.Handle + "\x00" + mentee.Handle
		pr, ok := byKey[key]
		if !ok {
			pr = &Pair{Mentor: mentor, Mentee: mentee, URL: PairURL(mentor.Handle, mentee.Handle)}
			byKey[key] = pr
			b.r.Pairs = append(b.r.Pairs, pr)
			mentor.AsMentor = append(mentor.AsMentor, pr)
			mentee.AsMentee = append(mentee.AsMentee, pr)
		}
		pr.Sessions = append(pr.Sessions, p)
		b.r.pairOf[p] = pr
	}
	for _, pr := range b.r.Pairs {
		pr.Sessions = oldestFirst(pr.Sessions)
		pr.Goals = followGoals(pr.Sessions)
		b.series(pr.Sessions, "mentoring "+pr.Title(), pr.URL)
	}
	slices.SortFunc(b.r.Pairs, func(a, b *Pair) int {
		return cmp.Or(strings.Compare(a.Mentor.Handle, b.Mentor.Handle), strings.Compare(a.Mentee.Handle, b.Mentee.Handle))
	})
}

// followGoals reads goals: and goals_done: session by session. A goal is
// done once any session lists it in goals_done: (or writes it "[x] goal"
// in goals:); it is dropped when the latest session that lists goals no
// longer lists it and it was never done; otherwise it is open.
func followGoals(sessions []*page.Page) []*Goal {
	var goals []*Goal
	byKey := map[string]*Goal{}
	get := func(text string, s *page.Page) *Goal {
		k := NormalizeItem(text)
		if k == "" {
			return nil
		}
		if g, ok := byKey[k]; ok {
			return g
		}
		g := &Goal{Text: text, Status: GoalOpen, Since: s}
		byKey[k] = g
		goals = append(goals, g)
		return g
	}
	markDone := func(g *Goal, s *page.Page) {
		if g != nil && g.Status != GoalDone {
			g.Status, g.DoneIn = GoalDone, s
		}
	}
	var lastListed map[*Goal]bool
	for _, s := range sessions {
		listed := map[*Goal]bool{}
		for _, text := range ListParam(s, "goals") {
			done := false
			for _, mark := range []string{"[x] ", "[X] ", "✓ ", "✔ "} {
				if t, ok := strings.CutPrefix(text, mark); ok {
					text, done = strings.TrimSpace(t), true
				}
			}
			text = strings.TrimSpace(strings.TrimPrefix(text, "[ ] "))
			g := get(text, s)
			if g == nil {
				continue
			}
			listed[g] = true
			if done {
				markDone(g, s)
			}
		}
		for _, text := range ListParam(s, "goals_done") {
			g := get(text, s)
			listed[g] = true
			markDone(g, s)
		}
		if _, ok := s.Params["goals"]; ok {
			lastListed = listed
		}
	}
	for _, g := range goals {
		if g.Status == GoalOpen && lastListed != nil && !lastListed[g] {
			g.Status = GoalDropped
		}
	}
	return goals
}
