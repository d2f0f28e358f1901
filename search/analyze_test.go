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
// Porter step) to bleve's own `en`, token for token, with the memo cold and
// warm, shared by concurrent workers as bleve's analysis queue shares it.
func TestMemoStems(t *testing.T) {
	std, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	an, err := newAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := an.en.(*analysis.DefaultAnalyzer).TokenFilters[3].(*memoStemmer); !ok {
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
