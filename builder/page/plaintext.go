package page

import (
	"path"
	"strconv"
	"strings"
)

// A wikilink written without text, [[2026-01-07-growth-sprint-1]], shows
// its target's title, which is known only once links resolve. Plain text
// made while parsing (summaries, backlink excerpts) holds a marker for
// such a link instead, and the link stage replaces it with the label the
// page shows (LabelLinks). The markers are Unicode's interlinear
// annotation characters, which are for internal use and contain no space,
// so cutting text at spaces keeps them whole.
const (
	markerStart = '\uFFF9'
	markerEnd   = '\uFFFB'
)

// LinkMarker stands for the label of the page's i-th link.
func LinkMarker(i int) string {
	return string(markerStart) + strconv.Itoa(i) + string(markerEnd)
}

// LabelLinks replaces each LinkMarker in s with label(link index). A
// marker cut off by truncation is dropped.
func LabelLinks(s string, label func(i int) string) string {
	if !strings.ContainsRune(s, markerStart) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 32)
	for {
		start := strings.IndexRune(s, markerStart)
		if start < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:start])
		s = s[start+len(string(markerStart)):]
		end := strings.IndexRune(s, markerEnd)
		if end < 0 {
			return strings.TrimRight(b.String(), " ") + "…"
		}
		if i, err := strconv.Atoi(s[:end]); err == nil {
			b.WriteString(label(i))
		}
		s = s[end+len(string(markerEnd)):]
	}
}

// PlainName is how plain text names a wikilink's target when the link has
// no text and no page: the note's name, or the heading of [[#Heading]].
func PlainName(target, fragment string) string {
	if target == "" {
		return fragment
	}
	return path.Base(strings.TrimSuffix(target, ".md"))
}

// WrittenName labels the page's i-th link by the name written, as plain
// text does for a link that found no page (see PlainName).
func (p *Page) WrittenName(i int) string {
	if i < 0 || i >= len(p.Links) {
		return ""
	}
	return PlainName(p.Links[i].Target, p.Links[i].Fragment)
}
