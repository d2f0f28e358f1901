package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// TestASCIITokenizer holds the fast tokenizer to bleve's unicode tokenizer:
// every string of up to 5 characters over the characters the ASCII rules
// treat differently, random mixes with non-ASCII text and invalid UTF-8,
// and the demo wiki's pages.
func TestASCIITokenizer(t *testing.T) {
	slow := unicode.NewUnicodeTokenizer()
	fast := &asciiTokenizer{slow: slow}
	check := func(s string) bool {
		t.Helper()
		want, got := tokens(slow.Tokenize([]byte(s))), tokens(fast.Tokenize([]byte(s)))
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
			return false
		}
		return true
	}
	alphabet := []string{"a", "Z", "1", "_", ".", "'", ":", ",", ";", " ", "-", "\""}
	n := 0
	var all func(prefix string, depth int)
	all = func(prefix string, depth int) {
		n++
		if !check(prefix) || depth == 0 || t.Failed() && n > 100 {
			return
		}
		for _, c := range alphabet {
			all(prefix+c, depth-1)
		}
	}
	all("", 5)

	pieces := append(alphabet, "é", "\u0301", "東京", "\u200d", "\u00a0", "’", "\xff", "\xcd", "\r\n", "\t", "\n",
		"word", "3.14", "U.S.A.", "don't", "1,000", "a_b", "🙂", "ﾞ", "한국", "\x0b", "\u2028")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if !check(b.String()) {
			break
		}
	}

	for _, page := range demoPages(t) {
		check(page)
	}
}

func FuzzASCIITokenizer(f *testing.F) {
	for _, s := range []string{"", "don't 3.14 U.S.A. a_b 1,000", "naïve café 東京 x", "a.é", "\xcd b"} {
		f.Add(s)
	}
	slow := unicode.NewUnicodeTokenizer()
	fast := &asciiTokenizer{slow: slow}
	f.Fuzz(func(t *testing.T, s string) {
		if want, got := tokens(slow.Tokenize([]byte(s))), tokens(fast.Tokenize([]byte(s))); got != want {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	})
}

func tokens(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%q@%d:%d-%d/%d ", t.Term, t.Position, t.Start, t.End, t.Type)
	}
	return b.String()
}
