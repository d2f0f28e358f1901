package search

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// TestTextField holds textField to the bleve field it replaces: the same
// length and term frequencies, locations in the same order.
func TestTextField(t *testing.T) {
	an, err := newAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{"", "a", "the the the", "Deploy deploys deploying; deployed the deployment.",
		"naïve café 東京タワー don't 3.14 U.S.A. _x_ deploy"}
	err = filepath.WalkDir("../content", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".md") {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			inputs = append(inputs, string(src))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		want := document.NewTextFieldCustom("body", nil, []byte(in), textOptions, an.en)
		want.Analyze()
		got := newTextField("body", []byte(in), an.en)
		got.Analyze()
		if got.AnalyzedLength() != want.AnalyzedLength() || got.Options() != want.Options() ||
			got.Name() != want.Name() || got.NumPlainTextBytes() != want.NumPlainTextBytes() {
			t.Errorf("%.40q: length %d options %v, want %d %v", in, got.AnalyzedLength(), got.Options(), want.AnalyzedLength(), want.Options())
		}
		if g, w := freqString(got.AnalyzedTokenFrequencies()), freqString(want.AnalyzedTokenFrequencies()); g != w {
			t.Errorf("%.40q: frequencies\n got %s\nwant %s", in, g, w)
		}
	}
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
