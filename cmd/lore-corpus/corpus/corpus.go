// Package corpus generates a realistic, deterministic team wiki for
// benchmarking Lore (and, for comparison, Hugo) on the same Markdown.
//
// A corpus is planned once from a seed: which pages exist, where they live,
// their titles, headings, front matter and target size. Page bodies are
// then rendered independently, each from its own random stream derived from
// the seed and the page number, so pages can be written in parallel and the
// same seed always yields a byte-identical tree.
//
// The wiki looks like a team's: retros/, journals/<person>/, mentoring/,
// meetings/, howtos/ and nested notes/<topic>/<sub>/ folders, YAML front
// matter on most pages (TOML on about 5%, none on about 10%), wikilinks
// (about 1% deliberately broken), relative Markdown links, callouts, tables,
// code blocks and small PNG attachments.
package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"sort"
	"strings"
	"time"
)

// Config says what to generate.
type Config struct {
	Pages int    // number of Markdown pages, including the home page
	Seed  uint64 // same seed, same bytes
}

type kind int

const (
	kindHome kind = iota
	kindRetro
	kindJournal
	kindMentoring
	kindMeeting
	kindHowto
	kindNote
	numKinds
)

var kindNames = [numKinds]string{"home", "retro", "journal", "mentoring", "meeting", "howto", "note"}

func (k kind) String() string { return kindNames[k] }

// kindWeights is the share of each kind of page, out of 100.
var kindWeights = [numKinds]int{
	kindRetro: 10, kindJournal: 24, kindMentoring: 8, kindMeeting: 16, kindHowto: 14, kindNote: 28,
}

type frontMatter int

const (
	fmYAML frontMatter = iota
	fmTOML
	fmNone
)

// page is the plan of one page: everything another page may need to link
// to it, plus what its own body needs.
type page struct {
	path     string // slash-separated, relative to content/
	stem     string
	kind     kind
	title    string
	date     time.Time
	hasDate  bool
	fm       frontMatter
	size     int // target size of the file in bytes
	headings []string
	team     string
	authors  []string
	mentor   string
	mentee   string
	tags     []string
	topic    topic
	desc     bool
}

// Corpus is a planned wiki. Its methods are safe for concurrent use.
type Corpus struct {
	cfg    Config
	pages  []page
	byKind [numKinds][]int
	images []string // file names under attachments/
}

const (
	minSize    = 200
	maxSize    = 30 << 10
	medianSize = 4000
	sizeSigma  = 0.85
)

var epoch = time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC)

const dateSpanDays = 4*365 + 180

// New plans a corpus.
func New(cfg Config) (*Corpus, error) {
	if cfg.Pages < 1 {
		return nil, fmt.Errorf("corpus: need at least 1 page, got %d", cfg.Pages)
	}
	c := &Corpus{cfg: cfg}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x10e))
	stems := make(map[string]bool, cfg.Pages)
	unique := func(base string, alts ...string) string {
		if !stems[base] {
			stems[base] = true
			return base
		}
		for _, a := range alts {
			s := base + "-" + a
			if !stems[s] {
				stems[s] = true
				return s
			}
		}
		for n := 2; ; n++ {
			s := fmt.Sprintf("%s-%d", base, n)
			if !stems[s] {
				stems[s] = true
				return s
			}
		}
	}
	stems["index"] = true
	c.pages = make([]page, cfg.Pages)
	c.pages[0] = page{path: "index.md", stem: "index", kind: kindHome, title: "Corpus wiki", size: 3000, headings: []string{"Start here", "Recent retros", "How-tos", "Teams"}}
	c.byKind[kindHome] = []int{0}

	sprint := make(map[string]int)
	for i := 1; i < cfg.Pages; i++ {
		p := &c.pages[i]
		p.kind = pickKind(r)
		p.team = teams[r.IntN(len(teams))]
		p.topic = topics[r.IntN(len(topics))]
		p.date = epoch.AddDate(0, 0, r.IntN(dateSpanDays))
		p.hasDate = true
		p.authors = pickPeople(r, 1+r.IntN(3))
		ds := p.date.Format("2006-01-02")
		switch p.kind {
		case kindRetro:
			// Retros come every two weeks per team; the sprint number and
			// the date follow from how many retros the team already has.
			sprint[p.team]++
			n := sprint[p.team]
			p.date = epoch.AddDate(0, 0, 14*(n-1)+teamIndex(p.team))
			ds = p.date.Format("2006-01-02")
			p.stem = unique(fmt.Sprintf("%s-%s-sprint-%d", ds, p.team, n))
			p.title = fmt.Sprintf("%s sprint %d retro", capitalize(p.team), n)
			p.path = "retros/" + p.stem + ".md"
		case kindJournal:
			person := people[r.IntN(len(people))]
			p.authors = []string{person}
			subject := journalPrefixes[r.IntN(len(journalPrefixes))] + "-" + slug(p.topic.terms[r.IntN(len(p.topic.terms))])
			p.stem = unique(ds+"-"+subject, person)
			p.title = capitalize(strings.ReplaceAll(subject, "-", " "))
			p.path = "journals/" + person + "/" + p.stem + ".md"
		case kindMentoring:
			pair := pickPeople(r, 2)
			p.mentor, p.mentee = pair[0], pair[1]
			p.authors = []string{p.mentor}
			p.stem = unique(ds + "-" + p.mentor + "-" + p.mentee)
			p.title = fmt.Sprintf("%s / %s mentoring, %s", capitalize(p.mentor), capitalize(p.mentee), p.date.Format("2 Jan 2006"))
			p.path = "mentoring/" + p.stem + ".md"
		case kindMeeting:
			mk := meetingKinds[r.IntN(len(meetingKinds))]
			var name string
			switch mk {
			case "planning", "hiring-sync", "demo-day":
				name = p.team + "-" + mk
			case "postmortem", "incident-review", "design-review", "guild":
				name = mk + "-" + slug(p.topic.terms[r.IntN(len(p.topic.terms))])
			default:
				name = mk
			}
			p.stem = unique(ds+"-"+name, p.team)
			p.title = capitalize(strings.ReplaceAll(name, "-", " ")) + ", " + p.date.Format("2 January 2006")
			p.path = "meetings/" + p.stem + ".md"
		case kindHowto:
			v := howtoVerbs[r.IntN(len(howtoVerbs))]
			o := howtoObjects[r.IntN(len(howtoObjects))]
			env := environments[r.IntN(len(environments))]
			p.stem = unique(v+"-"+o, env, p.team)
			p.title = capitalize(strings.ReplaceAll(p.stem, "-", " "))
			p.path = "howtos/" + p.stem + ".md"
			p.hasDate = r.IntN(10) < 7
		case kindNote:
			nt := noteTree[r.IntN(len(noteTree))]
			sub := nt.subs[r.IntN(len(nt.subs))]
			concept := noteConcepts[r.IntN(len(noteConcepts))]
			for _, t := range topics {
				if t.tag == sub {
					p.topic = t
				}
			}
			p.stem = unique(sub+"-"+concept, "notes", p.team, fmt.Sprint(p.date.Year()))
			p.title = capitalize(strings.ReplaceAll(p.stem, "-", " "))
			switch x := r.IntN(100); {
			case x < 15:
				p.path = "notes/" + nt.dir + "/" + p.stem + ".md"
			case x < 80:
				p.path = "notes/" + nt.dir + "/" + sub + "/" + p.stem + ".md"
			default:
				p.path = "notes/" + nt.dir + "/" + sub + "/" + noteDeeper[r.IntN(len(noteDeeper))] + "/" + p.stem + ".md"
			}
			p.hasDate = r.IntN(10) < 7
		}
		switch x := r.IntN(100); {
		case x < 5:
			p.fm = fmTOML
		case x < 15:
			p.fm = fmNone
		default:
			p.fm = fmYAML
		}
		p.desc = r.IntN(5) == 0
		p.tags = pickTags(r, p)
		p.size = pickSize(r)
		p.headings = pickHeadings(r, p)
		c.byKind[p.kind] = append(c.byKind[p.kind], i)
	}

	nimg := max(1, cfg.Pages/50)
	c.images = make([]string, nimg)
	for j := range c.images {
		c.images[j] = fmt.Sprintf("%s-%04d.png", imageStems[r.IntN(len(imageStems))], j+1)
	}
	return c, nil
}

// Pages returns the number of Markdown pages.
func (c *Corpus) Pages() int { return len(c.pages) }

// Images returns the number of image attachments.
func (c *Corpus) Images() int { return len(c.images) }

func pickKind(r *rand.Rand) kind {
	x := r.IntN(100)
	for k := kindRetro; k < numKinds; k++ {
		if x < kindWeights[k] {
			return k
		}
		x -= kindWeights[k]
	}
	return kindNote
}

func teamIndex(t string) int {
	for i, x := range teams {
		if x == t {
			return i
		}
	}
	return 0
}

// pickPeople returns n distinct people; a few people write much more than
// others, as in any wiki.
func pickPeople(r *rand.Rand, n int) []string {
	z := rand.NewZipf(r, 1.1, 4, uint64(len(people)-1))
	out := make([]string, 0, n)
	for len(out) < n {
		p := people[z.Uint64()]
		dup := false
		for _, q := range out {
			dup = dup || q == p
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

func pickTags(r *rand.Rand, p *page) []string {
	tags := []string{}
	add := func(t string) {
		for _, x := range tags {
			if x == t {
				return
			}
		}
		tags = append(tags, t)
	}
	switch p.kind {
	case kindRetro:
		add("retro")
		add(p.team)
	case kindMentoring:
		add("mentoring")
		add("career")
	case kindJournal:
		add("learning")
	case kindMeeting:
		if strings.Contains(p.stem, "postmortem") || strings.Contains(p.stem, "incident") {
			add("incident")
		}
	}
	add(p.topic.tag)
	z := rand.NewZipf(r, 1.2, 2, uint64(len(tagVocab)-1))
	for n := r.IntN(3); n > 0; n-- {
		add(tagVocab[z.Uint64()])
	}
	return tags
}

// pickSize draws a log-normal file size: median about 4 KB, long tail,
// clamped to 200 B .. 30 KB.
func pickSize(r *rand.Rand) int {
	s := medianSize * math.Exp(sizeSigma*r.NormFloat64())
	// Leave room for the last block, which may overshoot the target.
	return int(min(max(s, minSize), maxSize-4096))
}

func pickHeadings(r *rand.Rand, p *page) []string {
	if sets, ok := kindHeadings[p.kind]; ok {
		hs := sets[r.IntN(len(sets))]
		if p.kind == kindMeeting && strings.Contains(p.stem, "postmortem") {
			hs = sets[1]
		}
		return hs
	}
	n := min(p.size/900, 10)
	if n == 0 {
		return nil
	}
	idx := r.Perm(len(freeHeadings))[:n]
	hs := make([]string, n)
	for i, j := range idx {
		hs[i] = freeHeadings[j]
	}
	if n > 2 && r.IntN(3) == 0 {
		hs[1] = capitalize(p.topic.terms[r.IntN(len(p.topic.terms))]) + " in practice"
	}
	return hs
}

// dirs returns every directory the corpus needs under content/, sorted so
// parents come first.
func (c *Corpus) dirs() []string {
	set := map[string]bool{"attachments": true}
	for _, p := range c.pages {
		for d := path.Dir(p.path); d != "."; d = path.Dir(d) {
			set[d] = true
		}
	}
	out := make([]string, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func slug(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), " ", "-")
}
