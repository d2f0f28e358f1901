// Package slug turns titles and file names into URL path segments (Make,
// Path) and headings into anchor IDs (Anchor). Heading IDs and the
// #Heading part of links go through the same function, so that a
// [[Note#Some Heading]] written by hand lands on the ID the renderer
// generated.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make lowercases s, keeps Unicode letters and digits, turns runs of spaces,
// dashes and underscores into one "-", and drops other punctuation. It never
// returns an empty string for input that has at least one letter or digit.
//
// A "+" or "#" right after a letter, digit or another of them is spelt
// out, so that notes on C, C++ and C# get three addresses ("c", "c-plus-plus", "c-sharp") rather than one
// that fails the build; "+" itself is not kept, since S3 reads a "+" in a
// path as a space. Standing alone ("A + B", "Issue #42") they are dropped.
func Make(s string) string {
	// One spelling of "é" whichever the file system gave: macOS's older
	// HFS+ and zips made there store names decomposed (e + ́), while links
	// are typed composed.
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	// inWord: the last character kept was a letter, digit or symbol;
	// symbol: it was a symbol, after which a letter starts a new word.
	dash, inWord, symbol := false, false, false
	word := func(w string) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash, inWord = false, true
		b.WriteString(w)
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			dash = dash || symbol
			word(string(unicode.ToLower(r)))
			symbol = false
		case (r == '+' || r == '#') && inWord:
			dash = true
			word(symbolWords[r])
			symbol = true
		case r == ' ' || r == '-' || r == '_' || r == '\t' || r == '.' || r == '/':
			dash, inWord, symbol = true, false, false
		case unicode.IsMark(r):
			// Combining marks belong to the letter before them (é written as e + ́).
			b.WriteRune(r)
		default:
			inWord, symbol = false, false
		}
	}
	return b.String()
}

var symbolWords = map[rune]string{'+': "plus", '#': "sharp"}

// Path slugifies every segment of a slash-separated path.
func Path(p string) string {
	parts := strings.Split(p, "/")
	out := parts[:0]
	for _, part := range parts {
		if s := Make(part); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "/")
}

// Anchor is a heading's ID as GitHub makes it, so that the tables of
// contents READMEs carry, written against GitHub, land: lowercased,
// letters, digits, marks, "-" and "_" kept, each space a "-", everything
// else dropped ("HTTP/2 support" is "http2-support", "A & B" is "a--b",
// "Node.js" is "nodejs"). text is the heading as shown, not its Markdown.
func Anchor(text string) string {
	text = norm.NFC.String(strings.TrimSpace(text))
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '_':
			b.WriteRune(unicode.ToLower(r))
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}
