package search

import "github.com/blevesearch/bleve/v2/analysis"

// IndexAnalyzer is the `en` analyzer the index uses (bleve's, with the
// term length limit, memoised stems and the ASCII tokenizer), for the
// parity test against search.js in package search_test.
func IndexAnalyzer() (analysis.Analyzer, error) {
	an, err := newAnalyzers()
	if err != nil {
		return nil, err
	}
	return an.en, nil
}
