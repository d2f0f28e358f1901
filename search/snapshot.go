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
	byID  map[string]int32 // bleve internal ID -> document number
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
	s := &snapshot{r: r, byID: make(map[string]int32, len(x.meta.Docs))}
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
			s.byID[string(id)] = n
		}
	}
	it.Close()
	s.facet = buildFacets(s.docs)
	x.snap = s
	return s, nil
}

// posting is one document's entry in a term's merged posting list.
type posting struct {
	doc    int32
	impact uint32
	pos    [nFields][]int32 // only when positions were asked for
}

// postings returns term's postings across all text fields, by document number.
func (s *snapshot) postings(ctx context.Context, term string, withPos bool) ([]posting, error) {
	type acc struct {
		freq [nFields]int
		pos  [nFields][]int32
	}
	by := map[int32]*acc{}
	for f, field := range textFields {
		tfr, err := s.r.TermFieldReader(ctx, []byte(term), field, true, false, withPos)
		if err != nil {
			return nil, fmt.Errorf("search: read postings %s:%s: %w", field, term, err)
		}
		var tfd index.TermFieldDoc
		for {
			d, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return nil, fmt.Errorf("search: read postings %s:%s: %w", field, term, err)
			}
			if d == nil {
				break
			}
			n, ok := s.byID[string(d.ID)]
			if !ok {
				continue // deleted or foreign
			}
			a := by[n]
			if a == nil {
				a = &acc{}
				by[n] = a
			}
			a.freq[f] = int(d.Freq)
			if withPos {
				for _, v := range d.Vectors {
					a.pos[f] = append(a.pos[f], int32(v.Pos))
				}
				slices.Sort(a.pos[f])
			}
			tfd = index.TermFieldDoc{}
		}
		tfr.Close()
	}
	out := make([]posting, 0, len(by))
	for n, a := range by {
		out = append(out, posting{doc: n, impact: impact(a.freq, s.docs[n].Lens, s.avg), pos: a.pos})
	}
	slices.SortFunc(out, func(a, b posting) int { return int(a.doc - b.doc) })
	return out, nil
}

// terms lists the distinct terms of all text fields in [lo, hi) (hi "" = no
// bound), sorted, skipping terms whose documents were all deleted.
func (s *snapshot) terms(ctx context.Context, lo, hi string) ([]string, error) {
	set := map[string]bool{}
	for _, field := range textFields {
		var d index.FieldDict
		var err error
		if hi == "" {
			d, err = s.r.FieldDictRange(field, []byte(lo), nil)
		} else {
			d, err = s.r.FieldDictRange(field, []byte(lo), []byte(hi))
		}
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
			if _, ok := s.byID[string(d.ID)]; ok {
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

func (s *snapshot) sections(n int32) (storedSections, error) {
	doc, err := s.r.Document(s.docs[n].URL)
	if err != nil || doc == nil {
		return nil, fmt.Errorf("search: load %s: %v", s.docs[n].URL, err)
	}
	var raw []byte
	doc.VisitFields(func(f index.Field) {
		if f.Name() == "src" {
			raw = bytes.Clone(f.Value())
		}
	})
	return decodeSections(raw)
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
	set := map[string]bool{}
	for _, field := range textFields {
		d, err := s.r.FieldDict(field)
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
			set[e.Term] = true
		}
		d.Close()
	}
	return slices.Sorted(maps.Keys(set)), nil
}
