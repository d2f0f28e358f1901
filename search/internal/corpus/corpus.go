// Package corpus generates deterministic synthetic wiki pages for search
// tests, benchmarks and budget measurements.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/lore-wiki/lore/search"
)

// Words that queries in tests rely on; they get realistic frequencies.
var common = strings.Fields(`the a of and to in is for on with that this it as be are was by an at or from
flaky tests deploy deployment incident payments database migration retro sprint release latency outage
service queue cache customer checkout invoice refund billing runbook alert pager rollback feature flag
review onboarding kubernetes cluster terraform postgres kafka metrics dashboard error budget timeout retries
connection pool memory leak performance regression staging production canary pipeline build pipeline test
coverage integration contract schema index query search analytics report quarter planning roadmap
hiring interview design document proposal decision architecture security vulnerability patch upgrade
dependency library framework frontend backend mobile android ios api gateway auth token session login`)

var teams = []string{"payments", "platform", "search", "mobile", "data", "growth"}
var types = []string{"retro", "runbook", "adr", "postmortem", "howto", "meeting"}
var tags = []string{"ci", "oncall", "kafka", "postgres", "security", "perf", "testing", "frontend", "release", "cost"}
var people = []string{"ana", "ben", "chen", "dara", "eli", "fatima", "gus", "hana"}

// Pages returns n pages of roughly 5 KB each, the same for the same n and seed.
func Pages(n int, seed uint64) []search.Document {
	r := rand.New(rand.NewPCG(seed, 42))
	vocab := makeVocab(r, 6000)
	zipf := rand.NewZipf(r, 1.1, 3, uint64(len(vocab)-1))
	word := func() string {
		if r.IntN(4) == 0 {
			return common[r.IntN(len(common))]
		}
		return vocab[zipf.Uint64()]
	}
	sentence := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		return strings.Join(ws, " ") + "."
	}
	docs := make([]search.Document, n)
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		typ := types[r.IntN(len(types))]
		d := search.Document{
			URL:     fmt.Sprintf("/%ss/page-%05d/", typ, i),
			Path:    fmt.Sprintf("%ss/page-%05d.md", typ, i),
			Title:   strings.TrimSuffix(sentence(2+r.IntN(4)), "."),
			Type:    typ,
			Team:    teams[r.IntN(len(teams))],
			Tags:    []string{tags[r.IntN(len(tags))], tags[r.IntN(len(tags))]},
			Authors: []string{people[r.IntN(len(people))]},
			Date:    base.AddDate(0, 0, r.IntN(1400)),
		}
		for s := range 4 {
			var b strings.Builder
			for range 12 + r.IntN(6) {
				b.WriteString(sentence(6 + r.IntN(10)))
				b.WriteByte(' ')
			}
			sec := search.Section{Text: strings.TrimSpace(b.String())}
			if s > 0 {
				sec.Heading = strings.TrimSuffix(sentence(2+r.IntN(3)), ".")
				sec.HeadingID = fmt.Sprintf("h-%d", s)
			}
			d.Sections = append(d.Sections, sec)
		}
		if r.IntN(3) == 0 {
			d.Code = fmt.Sprintf("func %s() { return %s(%s) }", word(), word(), word())
		}
		d.Hash = fmt.Sprintf("%d-%d", seed, i)
		docs[i] = d
	}
	return docs
}

func makeVocab(r *rand.Rand, n int) []string {
	cons := []string{"b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "st", "tr", "pl", "ch"}
	vow := []string{"a", "e", "i", "o", "u", "ea", "io", "y"}
	ends := []string{"", "", "s", "ing", "ed", "tion", "ness", "er", "ly", "ment", "able"}
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(cons[r.IntN(len(cons))])
			b.WriteString(vow[r.IntN(len(vow))])
		}
		b.WriteString(ends[r.IntN(len(ends))])
		w := b.String()
		if !seen[w] && len(w) > 2 {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
