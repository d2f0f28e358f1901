package markdown

import (
	"bytes"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/page"
)

// MaxNesting is how many block quotes and list items one line may open.
// goldmark measures the line again from its start for each container it
// opens on it, so the time grows with the square of their number: a
// 200 KB line of '>' took 12 s to parse. markdown-it stops at 100 levels
// too; no note needs more.
const MaxNesting = 100

// capNesting makes the marker that would open container MaxNesting+1 on
// a line plain text, by escaping it, and warns at that line. Only p's
// copy of the body changes, by one byte per such line, so line numbers
// stay true. Lines of a fenced code block are left as they are.
func capNesting(p *page.Page) {
	body := p.Body
	var out []byte // nil until a line needs a change
	copied := 0
	line := p.BodyLine
	var fence []byte // the open code fence's marker (```), if any
	for start := 0; start < len(body); line++ {
		end := bytes.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		f, rest := fenceMarker(body[start:end])
		switch {
		case fence == nil && f != nil:
			fence = f
		case fence != nil:
			// Closed by a fence of the same character, as long, and with
			// nothing after it.
			if f != nil && f[0] == fence[0] && len(f) >= len(fence) && len(bytes.TrimSpace(rest)) == 0 {
				fence = nil
			}
		}
		if f != nil || fence != nil {
			start = end + 1
			continue
		}
		if at := deepMarker(body[start:end]); at >= 0 {
			out = append(out, body[copied:start+at]...)
			out = append(out, '\\')
			copied = start + at
			p.Warnings = append(p.Warnings, diag.Warnf(p.Path, line, at+1, diag.CodeNesting,
				"more than %d block quotes and list items open on this line; the rest of it is shown as text", MaxNesting))
		}
		start = end + 1
	}
	if out != nil {
		p.Body = append(out, body[copied:]...)
	}
}

// fenceMarker is the run of ``` or ~~~ that opens or closes a code block
// at the start of line (after at most 3 spaces), and what follows it; nil
// when there is none. Only fences at
// the top level are told apart: inside a list or a quote, a line of a
// hundred '>' in a code block is not worth a parser of its own.
func fenceMarker(line []byte) (marker, rest []byte) {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	j := i
	for j < len(line) && (line[j] == '`' || line[j] == '~') && line[j] == line[i] {
		j++
	}
	if j-i < 3 {
		return nil, nil
	}
	return line[i:j], line[j:]
}

// deepMarker is the offset in line of the marker character that opens
// block container MaxNesting+1 (a '>', a bullet, or the '.' or ')' of an
// ordered item), or -1.
func deepMarker(line []byte) int {
	if len(line) <= MaxNesting || isThematicBreak(line) {
		return -1
	}
	depth := 0
	i := 0
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			return -1
		}
		marker, next := containerMarker(line, i)
		if marker < 0 {
			return -1
		}
		if depth++; depth > MaxNesting {
			return marker
		}
		i = next
	}
	return -1
}

// containerMarker reads a block quote or list item marker at line[i]: the
// offset of its marker character and of what follows it, or -1.
func containerMarker(line []byte, i int) (marker, next int) {
	switch c := line[i]; {
	case c == '>':
		return i, i + 1
	case c == '-' || c == '+' || c == '*':
		if i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' {
			return i, i + 1
		}
	case c >= '0' && c <= '9':
		j := i
		for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
			return j, j + 1
		}
	}
	return -1, 0
}

// isThematicBreak reports whether line is made of one of '*', '-', '_'
// and blanks only, which CommonMark reads as a rule before any list.
func isThematicBreak(line []byte) bool {
	var mark byte
	for _, c := range line {
		switch {
		case c == ' ' || c == '\t':
		case mark == 0 && (c == '*' || c == '-' || c == '_'):
			mark = c
		case c != mark:
			return false
		}
	}
	return mark != 0
}
