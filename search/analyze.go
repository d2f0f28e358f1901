package search

import (
	"bytes"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/length"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// analyzers holds the two analyzers queries need: bleve's `en` (what the index
// uses) and the same chain without stop words and stemming, for prefixes.
type analyzers struct {
	en   analysis.Analyzer
	bare analysis.Analyzer
}

func newAnalyzers() (*analyzers, error) {
	std, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		return nil, err
	}
	return &analyzers{
		en: memoStems(capTerms(std)),
		bare: &analysis.DefaultAnalyzer{
			Tokenizer:    unicode.NewUnicodeTokenizer(),
			TokenFilters: []analysis.TokenFilter{en.NewPossessiveFilter(), lowercase.NewLowerCaseFilter(), length.NewLengthFilter(0, maxTermRunes), foldFilter{}},
		},
	}, nil
}

// maxTermRunes is the longest word indexed. A pasted blob (a base64 image,
// minified JSON) is one "word" of a megabyte, which the index's term
// dictionary stores byte by byte: half a gigabyte of memory for nothing
// anyone searches. Words longer than this are dropped, as stop words are,
// after lowercasing and before stemming; search.js drops the same ones.
const maxTermRunes = 100

// capTerms adds the length limit and accent folding to bleve's analyzer
// right after its lowercase filter.
func capTerms(a analysis.Analyzer) analysis.Analyzer {
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return a
	}
	for i, f := range da.TokenFilters {
		if _, ok := f.(*lowercase.LowerCaseFilter); ok {
			filters := slices.Insert(slices.Clone(da.TokenFilters), i+1, analysis.TokenFilter(length.NewLengthFilter(0, maxTermRunes)), analysis.TokenFilter(foldFilter{}))
			return &analysis.DefaultAnalyzer{CharFilters: da.CharFilters, Tokenizer: da.Tokenizer, TokenFilters: filters}
		}
	}
	return a
}

// token is an analysed word: its term, its position (1-based, counting removed
// stop words) and its byte span in the input.
type token struct {
	term       string
	pos        int
	start, end int
}

func analyze(a analysis.Analyzer, text string) []token {
	ts := a.Analyze([]byte(text))
	out := make([]token, len(ts))
	for i, t := range ts {
		out[i] = token{string(t.Term), t.Position, t.Start, t.End}
	}
	return out
}

// memoStems returns bleve's `en` analyzer with its Porter step memoised and
// its tokenizer's ASCII fast path (asciiTokenizer): stemming is a pure
// function of the word, words repeat, and stemming and word segmentation
// are most of indexing. The tokens are the same (TestMemoStems).
func memoStems(std analysis.Analyzer) analysis.Analyzer {
	da, ok := std.(*analysis.DefaultAnalyzer)
	if !ok || len(da.TokenFilters) == 0 {
		return std
	}
	last := len(da.TokenFilters) - 1
	if _, ok := da.TokenFilters[last].(*porter.PorterStemmer); !ok {
		return std
	}
	filters := slices.Clone(da.TokenFilters)
	filters[last] = &memoStemmer{}
	tok := da.Tokenizer
	if _, ok := tok.(*unicode.UnicodeTokenizer); ok {
		tok = &asciiTokenizer{slow: tok}
	}
	return &analysis.DefaultAnalyzer{CharFilters: da.CharFilters, Tokenizer: tok, TokenFilters: filters}
}

// memoStemmer is bleve's porter filter with a memo, safe for the analysis
// workers that share it. The memo is dropped when it holds memoMax words.
type memoStemmer struct {
	mu   sync.RWMutex
	memo map[string][]byte
}

const memoMax = 200_000

func (m *memoStemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if tok.KeyWord {
			continue
		}
		m.mu.RLock()
		st, ok := m.memo[string(tok.Term)]
		m.mu.RUnlock()
		if !ok {
			st = analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(tok.Term)))
			m.mu.Lock()
			if m.memo == nil || len(m.memo) >= memoMax {
				m.memo = make(map[string][]byte, 1024)
			}
			m.memo[string(tok.Term)] = st
			m.mu.Unlock()
		}
		// Shared, never written: tok.Term may alias the analysed text, so
		// it is replaced rather than overwritten.
		tok.Term = st
	}
	return input
}

// stem applies the Porter stemmer the `en` analyzer uses.
func stem(s string) string {
	return string(porterstemmer.StemWithoutLowerCasing([]rune(s)))
}
