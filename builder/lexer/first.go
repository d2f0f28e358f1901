package lexer

import (
	"unicode"

	"github.com/dlclark/regexp2/v2/syntax"
)

// firstChars says which characters a rule's match can start with. regexp2
// works this set out for every pattern, but uses it only to search
// unanchored; an anchored try at a character outside it fails the slow way,
// in the matcher. Most tries are such failures: a state has dozens of rules
// and one matches.
type firstChars struct {
	set   *syntax.CharSet // nil: any character, or the pattern can match empty text
	fold  bool            // the set was built case-insensitively
	ascii [2]uint64       // set membership of the ASCII characters
}

// firstCharsOf analyses pattern as regexp2 compiles it. A pattern it cannot
// analyse may start with anything.
func firstCharsOf(pattern string) firstChars {
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{})
	if err != nil {
		return firstChars{}
	}
	code, err := syntax.Write(tree)
	if err != nil || code.FcPrefix == nil {
		return firstChars{}
	}
	f := firstChars{set: &code.FcPrefix.PrefixSet, fold: code.FcPrefix.CaseInsensitive}
	for c := range rune(128) {
		if f.contains(c) {
			f.ascii[c>>6] |= 1 << (c & 63)
		}
	}
	return f
}

// mayStart reports whether a match can start with c.
func (f *firstChars) mayStart(c rune) bool {
	switch {
	case f.set == nil:
		return true
	case c >= 0 && c < 128:
		return f.ascii[c>>6]&(1<<(c&63)) != 0
	default:
		return f.contains(c)
	}
}

// contains errs on the side of a try: a folded set is asked about both
// cases of c, whichever case it was built from.
func (f *firstChars) contains(c rune) bool {
	if f.set.Contains(c) {
		return true
	}
	return f.fold && (f.set.Contains(unicode.ToLower(c)) || f.set.Contains(unicode.ToUpper(c)))
}
