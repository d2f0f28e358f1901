package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"golang.org/x/text/unicode/norm"
)

// foldFilter drops accents, so that "cafe" finds "café" and "resume" finds
// "résumé": people type without them, and half of any team's notes were
// written on a keyboard that makes them awkward. Only the combining
// diacritical marks U+0300-U+036F are dropped, from the decomposed word:
// the marks of Latin, Greek and Cyrillic letters. Other scripts' marks
// (Japanese voicing marks, Indic vowel signs) change the letter, not its
// accent, and are kept. search.js folds the same way (fold).
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if folded, ok := foldAccents(tok.Term); ok {
			tok.Term = folded // a new slice: tok.Term may alias the input text
		}
	}
	return input
}

// foldAccents returns term without its accents, and whether it had any.
func foldAccents(term []byte) ([]byte, bool) {
	ascii := true
	for _, b := range term {
		if b >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return nil, false
	}
	d := norm.NFD.Bytes(term)
	out := make([]byte, 0, len(d))
	marks := false
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRune(d[i:])
		if r >= 0x300 && r <= 0x36f {
			marks = true
		} else {
			out = append(out, d[i:i+n]...)
		}
		i += n
	}
	if !marks {
		return nil, false
	}
	return norm.NFC.Bytes(out), true
}
