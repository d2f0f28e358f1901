package records

import (
	"strings"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/markdown"
	"github.com/lore-wiki/lore/builder/page"
)

// pages parses "path\n---front matter---\nbody" sources the way the parse
// stage does, newest first.
func pages(t *testing.T, files map[string]string) []*page.Page {
	t.Helper()
	md := markdown.New(markdown.Options{})
	var out []*page.Page
	for rel, src := range files {
		p, err := page.Parse(rel, []byte(src), page.Options{TypeForFolder: func(f string) (string, bool) {
			m := map[string]string{"retros": "retro", "journals": "journal", "mentoring": "mentoring", "meetings": "meeting"}
			typ, ok := m[f]
			return typ, ok
		}})
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if err := md.Render(p); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		out = append(out, p)
	}
	sortNewest(out)
	return out
}

func retro(date, team, body string) string {
	return "---\ndate: " + date + "\nteam: " + team + "\n---\n\n## What went well\n\n- a\n- b\n\n## What to improve\n\n- c\n\n## Action items\n\n" + body
}

var now = time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)

func TestCarriedOver(t *testing.T) {
	ps := pages(t, map[string]string{
		"retros/2026-10-01-a.md": retro("2026-10-01", "platform", "- [ ] @emeka Make the deploy check block on flaky tests (due 2026-10-30)\n- [ ] @bob fix the build\n"),
		"retros/2026-10-15-b.md": retro("2026-10-15", "platform", "- [ ] @emeka make the deploy check block on flaky tests! (due 2026-10-30)\n- [x] @bob fix the build\n"),
		"retros/2026-10-29-c.md": retro("2026-10-29", "platform", "- [ ] @emeka make the deploy-check block on flaky tests (due 2026-12-30)\n- [ ] @bob fix the build\n"),
		// Same text in another team is another item.
		"retros/2026-10-20-m.md": retro("2026-10-20", "mobile", "- [ ] @emeka make the deploy check block on flaky tests\n"),
	})
	r := Build(ps, Options{Now: now})
	if len(r.Items) != 4 {
		for _, it := range r.Items {
			t.Logf("%s %q %d", it.Team.Name, it.Key, len(it.Seen))
		}
		t.Fatalf("got %d items, want 4", len(r.Items))
	}
	deploy := find(t, r, "platform", "make the deploy check block on flaky tests", false)
	if got := deploy.CarriedOver(); got != 2 {
		t.Errorf("carried over %d times, want 2", got)
	}
	if deploy.Raised().Path != "retros/2026-10-01-a.md" {
		t.Errorf("raised in %s", deploy.Raised().Path)
	}
	if !deploy.Due.Equal(time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC)) || deploy.Overdue {
		t.Errorf("latest due date should win: due %v overdue %v", deploy.Due, deploy.Overdue)
	}
	if deploy.Age != 58 {
		t.Errorf("age %d, want 58 days", deploy.Age)
	}
	// Done in b, then raised again in c: a new item, not a carry-over.
	done := find(t, r, "platform", "fix the build", true)
	if done.DoneIn().Path != "retros/2026-10-15-b.md" || done.CarriedOver() != 0 || done.Age != 14 {
		t.Errorf("done item: in %s, carried %d, age %d", done.DoneIn().Path, done.CarriedOver(), done.Age)
	}
	again := find(t, r, "platform", "fix the build", false)
	if again.Raised().Path != "retros/2026-10-29-c.md" {
		t.Errorf("reopened item raised in %s", again.Raised().Path)
	}
	if m := find(t, r, "mobile", "make the deploy check block on flaky tests", false); m.CarriedOver() != 0 {
		t.Errorf("other team's item carried over %d", m.CarriedOver())
	}
	if got := len(r.Person("emeka").OpenItems()); got != 2 {
		t.Errorf("emeka owns %d open items, want 2", got)
	}
	// Retro summaries and neighbours.
	b := r.Retro(ps[indexOf(ps, "retros/2026-10-15-b.md")])
	if b.WentWell != 2 || b.ToImprove != 1 || b.Actions != 2 {
		t.Errorf("summary %d/%d/%d, want 2/1/2", b.WentWell, b.ToImprove, b.Actions)
	}
	if b.Prev.Path != "retros/2026-10-01-a.md" || b.Next.Path != "retros/2026-10-29-c.md" {
		t.Errorf("neighbours %v %v", b.Prev.Path, b.Next.Path)
	}
	if n := r.Neighbours(ps[indexOf(ps, "retros/2026-10-20-m.md")]); n.Prev != nil || n.Next != nil {
		t.Errorf("the only mobile retro has neighbours")
	}
}

func find(t *testing.T, r *Records, team, key string, done bool) *ActionItem {
	t.Helper()
	for _, it := range r.Items {
		if it.Team.Name == team && it.Key == key && it.Done == done {
			return it
		}
	}
	t.Fatalf("no %s item %q (done=%v)", team, key, done)
	return nil
}

func indexOf(ps []*page.Page, path string) int {
	for i, p := range ps {
		if p.Path == path {
			return i
		}
	}
	return -1
}

func TestOverdue(t *testing.T) {
	ps := pages(t, map[string]string{
		"retros/2026-11-01-a.md": retro("2026-11-01", "x",
			"- [ ] @a past (due 2026-11-27)\n- [ ] @a today (due 2026-11-28)\n- [x] @a done late (due 2026-11-02)\n- [ ] @a no date\n"),
	})
	r := Build(ps, Options{Now: now})
	want := map[string]bool{"past": true, "today": false, "done late": false, "no date": false}
	for _, it := range r.Items {
		if it.Overdue != want[it.Text] {
			t.Errorf("%q overdue = %v", it.Text, it.Overdue)
		}
	}
	if r.Items[0].Text != "past" {
		t.Errorf("overdue items come first, got %q", r.Items[0].Text)
	}
	if last := r.Items[len(r.Items)-1]; !last.Done {
		t.Errorf("done items come last, got %q", last.Text)
	}
}

// TestCustomTaskMarks checks how Obsidian's custom task states read as
// action items: "[-]" cancels an item (closed, not open nor overdue, not
// done), any other mark ("[/]" in progress, "[?]") leaves it open.
func TestCustomTaskMarks(t *testing.T) {
	ps := pages(t, map[string]string{
		"retros/2026-10-01-a.md": retro("2026-10-01", "platform",
			"- [ ] @a drop the old runner (due 2026-10-10)\n- [ ] @a migrate the runner (due 2026-10-10)\n"),
		"retros/2026-10-15-b.md": retro("2026-10-15", "platform",
			"- [-] @a drop the old runner (due 2026-10-10)\n- [/] @a migrate the runner (due 2026-10-10)\n- [?] @a ask about budgets\n"),
	})
	r := Build(ps, Options{Now: now})
	dropped := find(t, r, "platform", "drop the old runner", true)
	if !dropped.Cancelled || dropped.Overdue || dropped.DoneIn() == nil || dropped.DoneIn().Path != "retros/2026-10-15-b.md" {
		t.Errorf("cancelled item: cancelled %v, overdue %v, closed in %v", dropped.Cancelled, dropped.Overdue, dropped.DoneIn())
	}
	migrate := find(t, r, "platform", "migrate the runner", false)
	if migrate.Cancelled || !migrate.Overdue || migrate.CarriedOver() != 1 {
		t.Errorf("in-progress item: cancelled %v, overdue %v, carried over %d", migrate.Cancelled, migrate.Overdue, migrate.CarriedOver())
	}
	find(t, r, "platform", "ask about budgets", false)
	var open []string
	for _, it := range r.OpenItems() {
		open = append(open, it.Text)
	}
	if strings.Join(open, "|") != "migrate the runner|ask about budgets" {
		t.Errorf("open items %q", open)
	}
	if got := r.DoneItems(); len(got) != 1 || got[0] != dropped {
		t.Errorf("closed items %v, want the cancelled one", got)
	}
}

func TestParseItem(t *testing.T) {
	for _, tc := range []struct{ in, owner, due, text string }{
		{"@alice make it so (due 2026-12-05)", "alice", "2026-12-05", "make it so"},
		{"make it so, @bob.smith. (Due: 2026-01-02)", "bob.smith", "2026-01-02", "make it so,"},
		{"nobody owns this", "", "", "nobody owns this"},
		{"mail alice@example.com", "", "", "mail alice@example.com"},
	} {
		owner, due, text := ParseItem(tc.in)
		d := ""
		if !due.IsZero() {
			d = due.Format("2006-01-02")
		}
		if owner != tc.owner || d != tc.due || text != tc.text {
			t.Errorf("ParseItem(%q) = %q, %q, %q; want %q, %q, %q", tc.in, owner, d, text, tc.owner, tc.due, tc.text)
		}
	}
}

func TestGoalStatus(t *testing.T) {
	ps := pages(t, map[string]string{
		"mentoring/2026-01-01-s1.md":    "---\ndate: 2026-01-01\nmentor: alice\nmentee: dara\ngoals: [\"Own the refund flow\", \"Read query plans\", \"Give a talk\"]\n---\n",
		"mentoring/2026-03-01-s2.md":    "---\ndate: 2026-03-01\nmentor: alice\nmentee: dara\ngoals: [\"own the refund flow\", \"[x] Read query plans\", \"Lead a project\"]\n---\n",
		"mentoring/2026-05-01-s3.md":    "---\ndate: 2026-05-01\nmentor: \"@alice\"\nmentee: dara\ngoals_done: [\"Own the refund flow\"]\n---\n",
		"mentoring/2026-02-01-other.md": "---\ndate: 2026-02-01\nmentor: bob\nmentee: dara\n---\n",
	})
	r := Build(ps, Options{Now: now})
	if len(r.Pairs) != 2 {
		t.Fatalf("%d pairs, want 2", len(r.Pairs))
	}
	pr := r.Pairs[0]
	if pr.Mentor.Handle != "alice" || len(pr.Sessions) != 3 || pr.URL != "/mentoring/alice-dara/" {
		t.Fatalf("pair %s/%s with %d sessions at %s", pr.Mentor.Handle, pr.Mentee.Handle, len(pr.Sessions), pr.URL)
	}
	got := map[string]string{}
	for _, g := range pr.Goals {
		got[g.Text] = g.Status
	}
	want := map[string]string{
		"Own the refund flow": GoalDone, "Read query plans": GoalDone,
		"Give a talk": GoalDropped, "Lead a project": GoalOpen,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("goal %q: %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if pr.Done() != 2 {
		t.Errorf("done %d, want 2", pr.Done())
	}
	if n := r.Neighbours(pr.Sessions[1]); n.Prev != pr.Sessions[0] || n.Next != pr.Sessions[2] {
		t.Errorf("session neighbours wrong")
	}
	if dara := r.Person("dara"); len(dara.AsMentee) != 2 || len(r.Person("alice").AsMentor) != 1 {
		t.Errorf("dara mentee of %d pairs", len(dara.AsMentee))
	}
}

func TestDirectory(t *testing.T) {
	d := NewDirectory(map[string]config.Person{
		"alice": {Name: "Alice Martin", Emails: []string{"Alice@Harbor.example"}, Aliases: []string{"amartin", "Alice M."}},
	})
	for _, tc := range []struct{ name, email, want string }{
		{"Whoever", "alice@harbor.example", "alice"},
		{"Alice Martin", "a@home.example", "alice"},
		{"alice m.", "", "alice"},
		{"Someone", "amartin@corp.example", "alice"},
		{"Bo Chen", "bo@example.com", "bo-chen"},
	} {
		if got := d.Identify(tc.name, tc.email); got != tc.want {
			t.Errorf("Identify(%q, %q) = %q, want %q", tc.name, tc.email, got, tc.want)
		}
	}
	if d.Canon("@amartin") != "alice" || d.Canon("dara") != "dara" {
		t.Errorf("Canon")
	}
}

func TestPeopleAndTeams(t *testing.T) {
	ps := pages(t, map[string]string{
		"howtos/a.md":          "---\ndate: 2026-11-25\nauthors: [alice, bob]\nteam: payments\ntags: [postgres, ci]\n---\n",
		"howtos/b.md":          "---\ndate: 2026-06-01\nupdated: 2026-11-24\nauthors: [alice]\ntags: [postgres]\n---\n",
		"journals/alice/j1.md": "---\ndate: 2026-11-20\ntags: [rust]\n---\n",
		"journals/alice/j2.md": "---\ndate: 2026-10-20\ntags: [rust]\n---\n",
		"meetings/m.md":        "---\ndate: 2026-09-01\nteam: payments\nattendees: [carol]\n---\n",
		"retros/2026-11-01.md": retro("2026-11-01", "payments", "- [ ] @dave do it (due 2026-12-01)\n") + "",
	})
	ps[indexOf(ps, "retros/2026-11-01.md")].Params["participants"] = []any{"alice", "erin"}
	r := Build(ps, Options{Now: now})
	alice := r.Person("alice")
	if len(alice.Wrote) != 2 || len(alice.Journal) != 2 || len(alice.Retros) != 1 {
		t.Fatalf("alice wrote %d, journal %d, retros %d", len(alice.Wrote), len(alice.Journal), len(alice.Retros))
	}
	if alice.Topics[0] != (Topic{"postgres", 2}) || alice.Topics[1] != (Topic{"rust", 2}) {
		t.Errorf("topics %v", alice.Topics)
	}
	if n := r.Neighbours(alice.Journal[0]); n.Prev != alice.Journal[1] || n.Next != nil {
		t.Errorf("journal neighbours wrong")
	}
	if r.Person("dave") == nil || len(r.Person("dave").OpenItems()) != 1 {
		t.Errorf("an action item owner gets a person record")
	}
	team := r.Team("Payments")
	var members []string
	for _, m := range team.Members {
		members = append(members, m.Handle)
	}
	if strings.Join(members, ",") != "alice,bob,erin" {
		t.Errorf("members %v", members)
	}
	if len(team.Retros) != 1 || len(team.Meetings) != 1 || len(team.Notes) != 1 || len(team.OpenItems()) != 1 {
		t.Errorf("team pages %d/%d/%d, items %d", len(team.Retros), len(team.Meetings), len(team.Notes), len(team.OpenItems()))
	}
	// Calendar without git: page dates and updates in the last year.
	if alice.Calendar.Total != 5 || alice.Calendar.Days != 5 {
		t.Errorf("calendar total %d days %d, want 5 and 5", alice.Calendar.Total, alice.Calendar.Days)
	}
	w := r.ThisWeek()
	if len(w.New) != 1 || w.New[0].Path != "howtos/a.md" || len(w.Updated) != 1 || len(w.DueSoon) != 1 {
		t.Errorf("this week: new %d, updated %d, due soon %d", len(w.New), len(w.Updated), len(w.DueSoon))
	}
	if ru := r.RecentlyUpdated(5); len(ru) != 1 || ru[0].Path != "howtos/b.md" {
		t.Errorf("recently updated %v", ru)
	}
}

func TestCalendarSVG(t *testing.T) {
	c := NewCalendar([]time.Time{now, now, now.AddDate(0, 0, -1), now.AddDate(-2, 0, 0)}, now, "commit", "commits")
	if c.Total != 3 || c.Days != 2 {
		t.Fatalf("total %d days %d", c.Total, c.Days)
	}
	if c.Start.Weekday() != time.Monday || c.End.Sub(c.Start) < 364*24*time.Hour {
		t.Errorf("calendar from %v to %v", c.Start, c.End)
	}
	svg := string(c.SVG())
	for _, want := range []string{`aria-label="3 commits in the last year"`, `class="cal-l2"><title>2 commits on 28 Nov 2026</title>`, `<title>1 commit on 27 Nov 2026</title>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	if n := strings.Count(svg, "<rect"); n < 365 || n > 371 {
		t.Errorf("%d day cells", n)
	}
}

func TestCountSections(t *testing.T) {
	well, improve := countSections([]byte("## Went well\n- a\n  - nested\n* b\n```\n- code\n```\n## Didn't go well\n1. x\n2. y\n3. z\n## Other\n- q\n"))
	if well != 2 || improve != 3 {
		t.Errorf("well %d improve %d", well, improve)
	}
}
