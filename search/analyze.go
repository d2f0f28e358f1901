package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
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
		en: std,
		bare: &analysis.DefaultAnalyzer{
			Tokenizer:    unicode.NewUnicodeTokenizer(),
			TokenFilters: []analysis.TokenFilter{en.NewPossessiveFilter(), lowercase.NewLowerCaseFilter()},
		},
	}, nil
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

// stem applies the Porter stemmer the `en` analyzer uses.
func stem(s string) string {
	return string(porterstemmer.StemWithoutLowerCasing([]rune(s)))
}
