package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lore-wiki/lore/search/query"
)

// Limits that keep a hostile query cheap. search.js uses the same numbers.
const (
	maxExpansions = 64 // terms a prefix may expand to
	maxFuzzy      = 8  // terms a misspelt word may expand to
	defaultLimit  = 10
	maxLimit      = 1000
)

// clause is a compiled query clause: a set of alternative terms (one for a
// plain word), or a phrase (terms at fixed offsets).
type clause struct {
	alts    []string // alternatives: document score is the best one
	phrase  []string // phrase terms, with offsets
	offsets []int
	neg     bool
}

type plan struct {
	clauses []clause
	fuzzy   []string
	notices []string
	similar []similar
	filt    docFilter
}

// similar is a typo fallback whose notice waits for the results: it names
// the words found as the pages write them, not as the index stores them
// (Porter indexes "deploy" as "deploi").
type similar struct {
	notice int // index into plan.notices
	typed  string
	alts   []string
}

// Search answers q with at most limit hits (10 when limit <= 0).
func (x *Index) Search(ctx context.Context, q string, f Filters, limit int) (*Results, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	x.mu.RLock()
	defer x.mu.RUnlock()
	s, err := x.snapshotLocked()
	if err != nil {
		return nil, err
	}
	p, err := x.compile(ctx, s, q, f)
	if err != nil {
		return nil, err
	}
	res := &Results{Fuzzy: p.fuzzy}
	defer func() { res.Notice = strings.Join(p.notices, "; ") }()
	listing := !p.hasPositive()
	if listing && !p.filt.any() {
		if len(p.clauses) > 0 || strings.TrimSpace(q) != "" {
			p.notices = append(p.notices, "nothing to search for: add a word that is not excluded or too common")
		} else {
			p.notices = append(p.notices, "empty query")
		}
		return res, nil
	}
	scores, err := evaluate(ctx, s, p)
	if err != nil {
		return nil, err
	}
	res.Total = len(scores)
	if listing {
		slices.SortFunc(scores, func(a, b scored) int { return newestFirst(s, a.doc, b.doc) })
	} else {
		slices.SortFunc(scores, byScore)
	}
	terms := p.highlightTerms()
	written := writtenAs{}
	for _, h := range scores[:min(limit, len(scores))] {
		m := s.docs[h.doc]
		r := Result{URL: m.URL, Title: m.Title, Type: m.Type, Date: m.Date, Score: h.score}
		secs, err := s.sections(h.doc)
		if err != nil {
			return nil, err
		}
		r.Snippet, r.HeadingID = snippet(x.an, secs, terms)
		if listing {
			r.HeadingID = "" // nothing matched in a section: the page itself
		}
		res.Hits = append(res.Hits, r)
		if len(p.similar) > 0 {
			written.collect(x.an, secs, terms)
		}
	}
	for _, sim := range p.similar {
		p.notices[sim.notice] = fmt.Sprintf("no exact match for %q; showing similar words (%s)", sim.typed, strings.Join(written.names(sim.alts), ", "))
	}
	return res, nil
}

// writtenAs maps index terms to the word as the results' text writes it,
// lower-cased: the shortest one met ("deploy" rather than "deploying"),
// the first among equals.
type writtenAs map[string]string

func (w writtenAs) collect(an *analyzers, secs storedSections, terms map[string]bool) {
	for _, sec := range secs {
		for _, t := range analyze(an.en, sec[2]) {
			if !terms[t.term] {
				continue
			}
			word := strings.ToLower(sec[2][t.start:t.end])
			if old, ok := w[t.term]; !ok || utf8.RuneCountInString(word) < utf8.RuneCountInString(old) {
				w[t.term] = word
			}
		}
	}
}

// names lists the written forms of terms, once each, in order; a term no
// result text shows (it matched a title or tag only) stays as indexed.
func (w writtenAs) names(terms []string) []string {
	var out []string
	for _, t := range terms {
		n, ok := w[t]
		if !ok {
			n = t
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func (p *plan) hasPositive() bool {
	return slices.ContainsFunc(p.clauses, func(c clause) bool { return !c.neg })
}

func byScore(a, b scored) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	return int(a.doc - b.doc)
}

// newestFirst orders the pages of a filter-only query (type:retro) as a
// list page does: by date, newest first, undated pages last, then by URL.
func newestFirst(s *snapshot, a, b int32) int {
	fa, fb := &s.facet.docs[a], &s.facet.docs[b]
	switch {
	case fa.hasDate != fb.hasDate:
		if fa.hasDate {
			return -1
		}
		return 1
	case fa.day != fb.day:
		return int(fb.day - fa.day)
	}
	return int(a - b)
}

func (p *plan) highlightTerms() map[string]bool {
	t := map[string]bool{}
	for _, c := range p.clauses {
		if c.neg {
			continue
		}
		for _, a := range c.alts {
			t[a] = true
		}
		for _, a := range c.phrase {
			t[a] = true
		}
	}
	return t
}

// compile turns the query text and filters into clauses over index terms.
func (x *Index) compile(ctx context.Context, s *snapshot, q string, f Filters) (*plan, error) {
	pq := query.Parse(q)
	p := &plan{notices: pq.Notices}
	filt, notes := newFilter(pq, f)
	p.filt = filt
	p.notices = append(p.notices, notes...)
	for _, c := range pq.Clauses {
		switch c.Kind {
		case query.Word, query.Phrase:
			toks := analyze(x.an.en, c.Text)
			if len(toks) == 0 {
				continue // only stop words or punctuation
			}
			if len(toks) == 1 {
				cl := clause{alts: []string{toks[0].term}, neg: c.Negated}
				if c.Kind == query.Word && !c.Negated {
					alts, err := x.fuzzyIfMissing(ctx, s, toks[0].term)
					if err != nil {
						return nil, err
					}
					if alts != nil {
						if len(alts) == 0 {
							p.notices = append(p.notices, fmt.Sprintf("no match for %q", c.Text))
						} else {
							p.fuzzy = append(p.fuzzy, c.Text)
							p.similar = append(p.similar, similar{len(p.notices), c.Text, alts})
							p.notices = append(p.notices, "")
						}
						cl.alts = alts
					}
				}
				p.clauses = append(p.clauses, cl)
				continue
			}
			cl := clause{neg: c.Negated}
			for _, t := range toks {
				cl.phrase = append(cl.phrase, t.term)
				cl.offsets = append(cl.offsets, t.pos-toks[0].pos)
			}
			p.clauses = append(p.clauses, cl)
		case query.Prefix:
			toks := analyze(x.an.bare, c.Text)
			if len(toks) == 0 {
				continue
			}
			for _, t := range toks[:len(toks)-1] {
				for _, e := range analyze(x.an.en, t.term) {
					p.clauses = append(p.clauses, clause{alts: []string{e.term}, neg: c.Negated})
				}
			}
			pre := toks[len(toks)-1].term
			if utf8.RuneCountInString(pre) < 2 {
				p.notices = append(p.notices, fmt.Sprintf("prefix %q is too short (2 letters at least)", pre+"*"))
				continue
			}
			alts, err := expandPrefix(ctx, s, pre)
			if err != nil {
				return nil, err
			}
			if len(alts) > maxExpansions {
				alts = alts[:maxExpansions]
				p.notices = append(p.notices, fmt.Sprintf("%s* matches many words; only the first %d are used", pre, maxExpansions))
			}
			p.clauses = append(p.clauses, clause{alts: alts, neg: c.Negated})
		}
	}
	return p, nil
}

// expandPrefix lists index terms starting with pre or with its stem (typing
// "installa" must find "instal").
func expandPrefix(ctx context.Context, s *snapshot, pre string) ([]string, error) {
	out, err := s.terms(ctx, pre, prefixEnd(pre))
	if err != nil {
		return nil, err
	}
	// The stem need not be a prefix of what was typed: Porter turns a
	// final y into i, so deploy and flaky are indexed as deploi and flaki.
	if st := stem(pre); st != pre {
		more, err := s.terms(ctx, st, prefixEnd(st))
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out, nil
}

// fuzzyIfMissing returns nil when term is in the index; otherwise the closest
// terms (same first letter, edit distance 1 for words of 3-5 letters, 2 from
// 6), possibly none.
func (x *Index) fuzzyIfMissing(ctx context.Context, s *snapshot, term string) ([]string, error) {
	if s.live(ctx, term) {
		return nil, nil
	}
	tr := []rune(term)
	k := maxEdits(len(tr))
	if k == 0 {
		return []string{}, nil
	}
	first := string(tr[0])
	cands, err := s.terms(ctx, first, prefixEnd(first))
	if err != nil {
		return nil, err
	}
	return closest(tr, cands, k), nil
}

func maxEdits(n int) int {
	switch {
	case n < 3:
		return 0
	case n <= 5:
		return 1
	}
	return 2
}

// closest keeps the candidates at the smallest edit distance <= k, sorted,
// at most maxFuzzy of them.
func closest(tr []rune, cands []string, k int) []string {
	best := k + 1
	var out []string
	for _, c := range cands {
		cr := []rune(c)
		if abs(len(cr)-len(tr)) > k {
			continue
		}
		d := levenshtein(tr, cr, best)
		if d < best {
			best, out = d, out[:0]
		}
		if d == best {
			out = append(out, c)
		}
	}
	if len(out) > maxFuzzy {
		out = out[:maxFuzzy]
	}
	return append([]string{}, out...)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// levenshtein returns the edit distance of a and b, or max+1 when it exceeds max.
func levenshtein(a, b []rune, max int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		lo := cur[0]
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			lo = min(lo, cur[j])
		}
		if lo > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], max+1)
}

type scored struct {
	doc   int32
	score float64
}

// evaluate scores the documents matching every positive clause and no
// negative one, in clause order (search.js sums in the same order).
func evaluate(ctx context.Context, s *snapshot, p *plan) ([]scored, error) {
	n := len(s.docs)
	var acc map[int32]float64
	var excluded = map[int32]bool{}
	for _, c := range p.clauses {
		m, err := clauseScores(ctx, s, n, c)
		if err != nil {
			return nil, err
		}
		if c.neg {
			for d := range m {
				excluded[d] = true
			}
			continue
		}
		if acc == nil {
			acc = map[int32]float64{}
			for d, v := range m {
				if p.filt.ok(s, d) {
					acc[d] = v
				}
			}
			continue
		}
		for d, v := range acc {
			if w, ok := m[d]; ok {
				acc[d] = v + w
			} else {
				delete(acc, d)
			}
		}
	}
	if acc == nil { // no positive clause: a filter-only query lists its pages
		acc = map[int32]float64{}
		for d := range int32(n) {
			if p.filt.ok(s, d) {
				acc[d] = 0
			}
		}
	}
	out := make([]scored, 0, len(acc))
	for d, v := range acc {
		if !excluded[d] {
			out = append(out, scored{d, roundScore(v)})
		}
	}
	return out, nil
}

func clauseScores(ctx context.Context, s *snapshot, n int, c clause) (map[int32]float64, error) {
	m := map[int32]float64{}
	if len(c.phrase) == 0 {
		for _, t := range c.alts {
			ps, err := s.postings(ctx, t, false, nil)
			if err != nil {
				return nil, err
			}
			w := idf(n, len(ps))
			for _, p := range ps {
				v := w * float64(p.impact) / impactScale
				if old, ok := m[p.doc]; !ok || v > old {
					m[p.doc] = v
				}
			}
		}
		return m, nil
	}
	lists := make([]map[int32]*posting, len(c.phrase))
	idfs := make([]float64, len(c.phrase))
	for i, t := range c.phrase {
		ps, err := s.postings(ctx, t, true, nil)
		if err != nil {
			return nil, err
		}
		idfs[i] = idf(n, len(ps))
		lists[i] = make(map[int32]*posting, len(ps))
		for k := range ps {
			lists[i][ps[k].doc] = &ps[k]
		}
	}
	for d, p0 := range lists[0] {
		ok := true
		for _, l := range lists[1:] {
			if l[d] == nil {
				ok = false
				break
			}
		}
		if !ok || !phraseAt(lists, d, p0, c.offsets) {
			continue
		}
		v := 0.0
		for i := range lists {
			v += idfs[i] * float64(lists[i][d].impact) / impactScale
		}
		m[d] = v
	}
	return m, nil
}

// phraseAt reports whether the phrase occurs in one field of document d.
func phraseAt(lists []map[int32]*posting, d int32, p0 *posting, offs []int) bool {
	for f := range nFields {
	start:
		for _, at := range p0.pos[f] {
			for i := 1; i < len(lists); i++ {
				if _, ok := slices.BinarySearch(lists[i][d].pos[f], at+int32(offs[i])); !ok {
					continue start
				}
			}
			return true
		}
	}
	return false
}

// docFilter is the metadata restriction of a query, lower-cased.
type docFilter struct {
	typ, team, tag, author string
	since, until           int32 // days since 1970-01-01; 0 = unbounded
	hasSince, hasUntil     bool
}

func newFilter(pq query.Query, f Filters) (docFilter, []string) {
	var notes []string
	pick := func(flag, inQuery string) string {
		if flag != "" {
			return strings.ToLower(flag)
		}
		return inQuery
	}
	df := docFilter{typ: pick(f.Type, pq.Type), team: pick(f.Team, pq.Team), tag: pick(f.Tag, pq.Tag), author: pick(f.Author, pq.Author)}
	if !f.Since.IsZero() {
		df.since, df.hasSince = dayNumber(f.Since), true
	} else if pq.Since != "" {
		if d, ok := parseBound(pq.Since, false); ok {
			df.since, df.hasSince = d, true
		} else {
			notes = append(notes, fmt.Sprintf("ignored date %q (use YYYY, YYYY-MM or YYYY-MM-DD)", pq.Since))
		}
	}
	if !f.Until.IsZero() {
		df.until, df.hasUntil = dayNumber(f.Until), true
	} else if pq.Until != "" {
		if d, ok := parseBound(pq.Until, true); ok {
			df.until, df.hasUntil = d, true
		} else {
			notes = append(notes, fmt.Sprintf("ignored date %q (use YYYY, YYYY-MM or YYYY-MM-DD)", pq.Until))
		}
	}
	return df, notes
}

func dayNumber(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// parseBound reads YYYY, YYYY-MM or YYYY-MM-DD as the first day of that
// period, or its last day when end is set.
func parseBound(s string, end bool) (int32, bool) {
	t, ok := ParseDate(s, end)
	return dayNumber(t), ok
}

// ParseDate reads a date bound as since: and until: take it: YYYY,
// YYYY-MM or YYYY-MM-DD, its first day, or with end its last.
func ParseDate(s string, end bool) (time.Time, bool) {
	for _, layout := range []struct {
		l       string
		y, m, d int
	}{{"2006-01-02", 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
		t, err := time.Parse(layout.l, s)
		if err != nil {
			continue
		}
		if end {
			t = t.AddDate(layout.y, layout.m, layout.d).AddDate(0, 0, -1)
		}
		return t, true
	}
	return time.Time{}, false
}

func (f docFilter) any() bool {
	return f.typ != "" || f.team != "" || f.tag != "" || f.author != "" || f.hasSince || f.hasUntil
}

func (f docFilter) ok(s *snapshot, d int32) bool {
	fd := &s.facet.docs[d]
	if f.typ != "" && fd.typ != f.typ || f.team != "" && fd.team != f.team {
		return false
	}
	if f.tag != "" && !slices.Contains(fd.tags, f.tag) || f.author != "" && !slices.Contains(fd.authors, f.author) {
		return false
	}
	if (f.hasSince || f.hasUntil) && !fd.hasDate {
		return false
	}
	return !(f.hasSince && fd.day < f.since || f.hasUntil && fd.day > f.until)
}
