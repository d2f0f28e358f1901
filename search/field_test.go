package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// TestTextField holds textField to the bleve field it replaces: the same
// length and term frequencies, locations in the same order, with token
// memory reused across fields and goroutines.
func TestTextField(t *testing.T) {
	an, err := newAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{"", "a", "the the the", "Deploy deploys deploying; deployed the deployment.",
		"naïve café 東京タワー don't 3.14 U.S.A. _x_ deploy"}
	inputs = append(inputs, demoPages(t)...)
	want := make([]*document.TextField, len(inputs))
	for i, in := range inputs {
		want[i] = document.NewTextFieldCustom("body", nil, []byte(in), textOptions, an.en)
		want[i].Analyze()
	}
	// Token memory is pooled across fields: analyse every input twice on
	// concurrent workers, as bleve's analysis queue does.
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for k := range 2 * len(inputs) {
				i := (k + w*len(inputs)/4) % len(inputs)
				got := newTextField("body", []byte(inputs[i]), an.en)
				got.Analyze()
				w := want[i]
				if got.AnalyzedLength() != w.AnalyzedLength() || got.Options() != w.Options() ||
					got.Name() != w.Name() || got.NumPlainTextBytes() != w.NumPlainTextBytes() {
					t.Errorf("%.40q: length %d options %v, want %d %v", inputs[i], got.AnalyzedLength(), got.Options(), w.AnalyzedLength(), w.Options())
				}
				if g, w := freqString(got.AnalyzedTokenFrequencies()), freqString(w.AnalyzedTokenFrequencies()); g != w {
					t.Errorf("%.40q: frequencies\n got %s\nwant %s", inputs[i], g, w)
				}
			}
		})
	}
	wg.Wait()
}

func freqString(tfs index.TokenFrequencies) string {
	var lines []string
	for term, tf := range tfs {
		s := fmt.Sprintf("%s:%s:%d", term, tf.Term, tf.Frequency())
		for _, l := range tf.Locations {
			s += fmt.Sprintf(" %q%v@%d:%d-%d", l.Field, l.ArrayPositions, l.Position, l.Start, l.End)
		}
		lines = append(lines, s)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
