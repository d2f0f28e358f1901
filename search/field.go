package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// textField is one of a page's text fields as bleve indexes it: what
// document.NewTextFieldCustom(name, nil, value, textOptions, an) makes, with
// two costs of the generic field taken out of cold indexing:
//
//   - its term frequencies are laid out in a few slabs per field, each term's
//     locations side by side, instead of one allocation per term and a
//     growing location list (bleve's zap segment builder then walks each
//     term's locations in memory order);
//   - Size, which bleve asks of every analysed document only for its
//     statistics, is an estimate instead of a walk over every location.
//
// The frequencies and locations are the same (TestTextField).
type textField struct {
	name   string
	value  []byte
	an     analysis.Analyzer
	length int
	freqs  index.TokenFrequencies
}

func newTextField(name string, value []byte, an analysis.Analyzer) *textField {
	return &textField{name: name, value: value, an: an}
}

func (f *textField) Name() string                        { return f.name }
func (f *textField) Value() []byte                       { return f.value }
func (f *textField) Text() string                        { return string(f.value) }
func (f *textField) ArrayPositions() []uint64            { return nil }
func (f *textField) EncodedFieldType() byte              { return 't' }
func (f *textField) Options() index.FieldIndexingOptions { return textOptions }
func (f *textField) AnalyzedLength() int                 { return f.length }
func (f *textField) NumPlainTextBytes() uint64           { return uint64(len(f.value)) }

func (f *textField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// Size estimates the field's memory: its text plus about 100 bytes per token
// (a location, its pointer and a share of a term).
func (f *textField) Size() int { return 64 + len(f.name) + len(f.value) + 100*f.length }

func (f *textField) Analyze() {
	count := func(toks analysis.TokenStream) {
		f.length = len(toks)
		f.freqs = termFrequencies(toks)
	}
	// The index's chain reuses token memory: the frequencies keep
	// copies of the locations, and terms that alias the text or the stem
	// memo, never the tokens themselves.
	if da, ok := f.an.(*analysis.DefaultAnalyzer); ok && len(da.CharFilters) == 0 {
		if t, ok := da.Tokenizer.(*asciiTokenizer); ok {
			t.analyze(da, f.value, count)
			return
		}
	}
	count(f.an.Analyze(f.value))
}

// termFrequencies is analysis.TokenFrequency for fields with term vectors
// and no array positions.
func termFrequencies(toks analysis.TokenStream) index.TokenFrequencies {
	// Number the distinct terms and count them.
	ids := make(map[string]int32, len(toks)/2+1)
	termOf := make([]int32, len(toks))
	var counts []int32
	for i, t := range toks {
		id, ok := ids[string(t.Term)]
		if !ok {
			id = int32(len(counts))
			ids[string(t.Term)] = id
			counts = append(counts, 0)
		}
		counts[id]++
		termOf[i] = id
	}
	// Give each term a run of location slots, in order of first use.
	tfs := make([]index.TokenFreq, len(counts))
	locs := make([]index.TokenLocation, len(toks))
	ptrs := make([]*index.TokenLocation, len(toks))
	next := make([]int32, len(counts)) // the term's next free slot, -1 before its first use
	for i := range next {
		next[i] = -1
	}
	at := int32(0)
	for i, t := range toks {
		id := termOf[i]
		if next[id] < 0 {
			tf := &tfs[id]
			tf.Term = t.Term
			tf.SetFrequency(int(counts[id]))
			tf.Locations = ptrs[at : at+counts[id] : at+counts[id]]
			next[id] = at
			at += counts[id]
		}
		k := next[id]
		next[id]++
		locs[k] = index.TokenLocation{Start: t.Start, End: t.End, Position: t.Position}
		ptrs[k] = &locs[k]
	}
	out := make(index.TokenFrequencies, len(tfs))
	for term, id := range ids {
		out[term] = &tfs[id]
	}
	return out
}
