package search

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

// TestMemoStems holds the index's analyzer (bleve's `en` with a memoised
// Porter step) to bleve's own `en` with the same length limit, token for
// token, with the memo cold and warm, shared by concurrent workers as
// bleve's analysis queue shares it.
func TestMemoStems(t *testing.T) {
	stock, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	std := capTerms(stock)
	an, err := newAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	filters := an.en.(*analysis.DefaultAnalyzer).TokenFilters
	if _, ok := filters[len(filters)-1].(*memoStemmer); !ok {
		t.Fatal("the index analyzer does not memoise stems")
	}
	inputs := []string{"", "The caresses ponies' ties", "John's relational conditional rational valenci hesitanci",
		"digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator",
		"feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative",
		"İstanbul ΣΊΣΥΦΟΣ Straße naïve résumé 東京 Москва don't _under_score_ x2 3.14 U.S.A. caffè",
		strings.Repeat("running runner runs ran ", 50)}
	// Real text: the demo wiki's pages, Markdown and all.
	inputs = append(inputs, demoPages(t)...)
	want := make([]string, len(inputs))
	for i, s := range inputs {
		want[i] = render(std.Analyze([]byte(s)))
	}
	for _, round := range []string{"cold memo", "warm memo"} {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < len(inputs); i += 4 {
					if got := render(an.en.Analyze([]byte(inputs[i]))); got != want[i] {
						mu.Lock()
						t.Errorf("%s: %q:\n got %s\nwant %s", round, inputs[i], got, want[i])
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
	}
}

func render(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%s@%d:%d-%d ", t.Term, t.Position, t.Start, t.End)
	}
	return b.String()
}

// A word past the length limit is dropped, with its position kept, as a
// stop word's is; both analyzers drop it.
func TestLongWordsDropped(t *testing.T) {
	an, err := newAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	text := "short " + strings.Repeat("b", maxTermRunes+1) + " " + strings.Repeat("c", maxTermRunes) + " after"
	for name, a := range map[string]analysis.Analyzer{"en": an.en, "bare": an.bare} {
		got := render(a.Analyze([]byte(text)))
		if strings.Contains(got, "bbb") || !strings.Contains(got, strings.Repeat("c", maxTermRunes)) {
			t.Errorf("%s: %s", name, got)
		}
	}
}
