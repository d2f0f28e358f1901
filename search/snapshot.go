package search

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

func newBleveDocument(id string) *document.Document { return document.NewDocument(id) }

// snapshot is a consistent read view: a bleve reader plus the document table
// in document-number order (URLs sorted), which is also the export's order.
type snapshot struct {
	r     index.IndexReader
	docs  []*docMeta
	byNum []int32 // bleve internal ID's number -> document number, -1 for none
	avg   [nFields]float64
	facet facetTable
}

func (x *Index) dropSnapshot() {
	x.snapM.Lock()
	defer x.snapM.Unlock()
	if x.snap != nil {
		x.snap.r.Close()
		x.snap = nil
	}
}

// snapshotLocked returns the current snapshot, building it if needed. The
// caller holds x.mu (read or write); snapM serialises concurrent builders.
func (x *Index) snapshotLocked() (*snapshot, error) {
	x.snapM.Lock()
	defer x.snapM.Unlock()
	if x.snap != nil {
		return x.snap, nil
	}
	if x.bi == nil {
		return nil, fmt.Errorf("search: index is closed")
	}
	adv, err := x.bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: open reader: %w", err)
	}
	s := &snapshot{r: r}
	for _, m := range x.meta.Docs {
		s.docs = append(s.docs, m)
	}
	sort.Slice(s.docs, func(i, j int) bool { return s.docs[i].URL < s.docs[j].URL })
	var tot [nFields]float64
	for _, m := range s.docs {
		for f := range nFields {
			tot[f] += float64(m.Lens[f])
		}
	}
	for f := range nFields {
		s.avg[f] = 1
		if len(s.docs) > 0 && tot[f] > 0 {
			s.avg[f] = tot[f] / float64(len(s.docs))
		}
	}
	num := make(map[string]int32, len(s.docs))
	for i, m := range s.docs {
		num[m.URL] = int32(i)
	}
	it, err := r.DocIDReaderAll()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("search: list documents: %w", err)
	}
	for {
		id, err := it.Next()
		if err != nil {
			it.Close()
			r.Close()
			return nil, fmt.Errorf("search: list documents: %w", err)
		}
		if id == nil {
			break
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			it.Close()
			r.Close()
			return nil, fmt.Errorf("search: document id: %w", err)
		}
		if n, ok := num[ext]; ok {
			k := int(id.Value())
			for len(s.byNum) <= k {
				s.byNum = append(s.byNum, -1)
			}
			s.byNum[k] = n
		}
	}
	it.Close()
	s.facet = buildFacets(s.docs)
	x.snap = s
	return s, nil
}

// docOf maps a bleve internal ID to a document number; false for deleted
// documents.
func (s *snapshot) docOf(id index.IndexInternalID) (int32, bool) {
	k := id.Value()
	if k >= uint64(len(s.byNum)) {
		return 0, false
	}
	n := s.byNum[k]
	return n, n >= 0
}

// posting is one document's entry in a term's merged posting list.
type posting struct {
	doc    int32
	impact uint32
	pos    [nFields][]int32 // only when positions were asked for
}

// postings returns term's postings across all text fields, by document number.
// sc may be nil; exports pass one per worker to reuse its memory, and the
// postings (positions included) are then valid until sc's next use.
func (s *snapshot) postings(ctx context.Context, term string, withPos bool, sc *postScratch) ([]posting, error) {
	if sc == nil {
		sc = &postScratch{}
	}
	sc.reset(len(s.docs))
	var tfd index.TermFieldDoc
	for f, field := range textFields {
		tfr, err := s.r.TermFieldReader(ctx, []byte(term), field, true, false, withPos)
		if err != nil {
			return nil, fmt.Errorf("search: read postings %s:%s: %w", field, term, err)
		}
		for {
			d, err := tfr.Next(tfd.Reset())
			if err != nil {
				tfr.Close()
				return nil, fmt.Errorf("search: read postings %s:%s: %w", field, term, err)
			}
			if d == nil {
				break
			}
			n, ok := s.docOf(d.ID)
			if !ok {
				continue // deleted or foreign
			}
			a := sc.at(n)
			a.freq[f] = int(d.Freq)
			if withPos {
				at := len(sc.pos)
				for _, v := range d.Vectors {
					sc.pos = append(sc.pos, int32(v.Pos))
				}
				p := sc.pos[at:len(sc.pos):len(sc.pos)]
				if !slices.IsSorted(p) {
					slices.Sort(p)
				}
				a.pos[f] = p
			}
		}
		tfr.Close()
	}
	slices.Sort(sc.touched)
	out := sc.out[:0]
	for _, n := range sc.touched {
		a := &sc.accs[sc.slot[n]]
		out = append(out, posting{doc: n, impact: impact(a.freq, s.docs[n].Lens, s.avg), pos: a.pos})
	}
	sc.out = out
	return out, nil
}

// postScratch merges one term's per-field postings without maps: slot maps
// a document number to its accumulator (-1 for none yet).
type postScratch struct {
	slot    []int32
	touched []int32
	accs    []postAcc
	pos     []int32   // positions of all the term's postings
	out     []posting // the term's postings
}

type postAcc struct {
	freq [nFields]int
	pos  [nFields][]int32
}

func (sc *postScratch) reset(ndocs int) {
	for _, n := range sc.touched {
		sc.slot[n] = -1
	}
	if len(sc.slot) != ndocs {
		sc.slot = make([]int32, ndocs)
		for i := range sc.slot {
			sc.slot[i] = -1
		}
	}
	sc.touched, sc.accs, sc.pos = sc.touched[:0], sc.accs[:0], sc.pos[:0]
}

func (sc *postScratch) at(n int32) *postAcc {
	if k := sc.slot[n]; k >= 0 {
		return &sc.accs[k]
	}
	sc.slot[n] = int32(len(sc.accs))
	sc.touched = append(sc.touched, n)
	sc.accs = append(sc.accs, postAcc{})
	return &sc.accs[len(sc.accs)-1]
}

// terms lists the distinct terms of all text fields in [lo, hi) (hi "" = no
// bound), sorted, skipping terms whose documents were all deleted.
func (s *snapshot) terms(ctx context.Context, lo, hi string) ([]string, error) {
	set, err := s.dictTerms(lo, hi)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(set))
	for t := range set {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if s.live(ctx, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}

// live reports whether term has at least one live document in some field.
func (s *snapshot) live(ctx context.Context, term string) bool {
	for _, field := range textFields {
		tfr, err := s.r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			continue
		}
		var tfd index.TermFieldDoc
		for {
			d, err := tfr.Next(&tfd)
			if err != nil || d == nil {
				break
			}
			if _, ok := s.docOf(d.ID); ok {
				tfr.Close()
				return true
			}
		}
		tfr.Close()
	}
	return false
}

// prefixEnd is the smallest string greater than every string with prefix p.
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}

// record returns page n's stored excerpt record, framed as in the export.
func (s *snapshot) record(n int32) ([]byte, error) {
	doc, err := s.r.Document(s.docs[n].URL)
	if err != nil || doc == nil {
		return nil, fmt.Errorf("search: load %s: %v", s.docs[n].URL, err)
	}
	var raw []byte
	doc.VisitFields(func(f index.Field) {
		if f.Name() == recField {
			raw = bytes.Clone(f.Value())
		}
	})
	if raw == nil {
		return nil, fmt.Errorf("search: load %s: no stored record", s.docs[n].URL)
	}
	return raw, nil
}

// sections returns page n's sections, for snippets.
func (s *snapshot) sections(n int32) (storedSections, error) {
	raw, err := s.record(n)
	if err != nil {
		return nil, err
	}
	js, err := unrecord(raw)
	if err != nil {
		return nil, fmt.Errorf("search: stored record of %s: %w", s.docs[n].URL, err)
	}
	return decodeSections(js)
}

func lowerAll(v []string) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = strings.ToLower(s)
	}
	return out
}

// allTerms lists every term of every text field, sorted, deleted ones included
// (their postings come back empty and the export skips them).
func (s *snapshot) allTerms() ([]string, error) {
	set, err := s.dictTerms("", "")
	if err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(set)), nil
}

// dictTerms collects the terms of all text fields in [lo, hi) from the
// term dictionaries (hi "" = no bound), deleted documents' terms included.
func (s *snapshot) dictTerms(lo, hi string) (map[string]bool, error) {
	set := map[string]bool{}
	for _, field := range textFields {
		var end []byte
		if hi != "" {
			end = []byte(hi)
		}
		d, err := s.r.FieldDictRange(field, []byte(lo), end)
		if err != nil {
			return nil, fmt.Errorf("search: dictionary %s: %w", field, err)
		}
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("search: dictionary %s: %w", field, err)
			}
			if e == nil {
				break
			}
			if hi != "" && e.Term >= hi { // FieldDictRange's end is inclusive
				continue
			}
			set[e.Term] = true
		}
		d.Close()
	}
	return set, nil
}
