package builder

import (
	"strconv"
	"strings"
)

// FormatCount writes 3024 as "3,024", as the CLI and the theme show counts.
func FormatCount(n int) string {
	if n < 0 {
		return "-" + FormatCount(-n)
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CountNoun writes a count with its noun: "1 page", "3,024 pages". The
// plural is the noun with an s unless given ("person", "people").
func CountNoun(n int, singular string, plural ...string) string {
	word := singular
	if n != 1 {
		word = singular + "s"
		if len(plural) > 0 {
			word = plural[0]
		}
	}
	return FormatCount(n) + " " + word
}
