package markdown

import (
	"bytes"
	"strconv"
)

// Placeholders stand where a link's final HTML will go. They use control
// bytes that goldmark never emits (it turns NUL and escapes or drops other
// control characters in text and attributes are percent-encoded), so they
// cannot collide with anything an author writes:
//
//	\x02 kind index \x03  inner HTML  \x02 / index \x03
//
// kind is a letter naming how the link was written; index is the link's
// position in page.Links.
const (
	markOpen  = '\x02'
	markClose = '\x03'
)

// Placeholder kinds.
const (
	KindLink  = 'L' // a hyperlink; inner is the link text
	KindImage = 'I' // an image; inner is the escaped alt text
	KindEmbed = 'E' // an embed; inner is the escaped fallback text
)

// WriteOpen writes the opening placeholder for link index idx.
func WriteOpen(w interface{ WriteString(string) (int, error) }, kind byte, idx int) {
	w.WriteString(string([]byte{markOpen, kind}) + strconv.Itoa(idx) + string(markClose))
}

// WriteClose writes the closing placeholder for link index idx.
func WriteClose(w interface{ WriteString(string) (int, error) }, idx int) {
	w.WriteString(string([]byte{markOpen, '/'}) + strconv.Itoa(idx) + string(markClose))
}

// ExpandFunc returns the final HTML for one placeholder.
type ExpandFunc func(kind byte, idx int, inner []byte) []byte

// Expand replaces every placeholder in html, innermost first, using fn.
func Expand(html []byte, fn ExpandFunc) []byte {
	if bytes.IndexByte(html, markOpen) < 0 {
		return html
	}
	out := make([]byte, 0, len(html)+len(html)/4)
	return expandInto(out, html, fn)
}

func expandInto(out, html []byte, fn ExpandFunc) []byte {
	for {
		i := bytes.IndexByte(html, markOpen)
		if i < 0 {
			return append(out, html...)
		}
		out = append(out, html[:i]...)
		kind, idx, headerLen, ok := readMark(html[i:])
		if !ok || kind == '/' {
			// A stray marker cannot come from the renderer; drop its bytes.
			html = html[i+1:]
			continue
		}
		body := html[i+headerLen:]
		closeMark := []byte(string([]byte{markOpen, '/'}) + strconv.Itoa(idx) + string(markClose))
		end := bytes.Index(body, closeMark)
		if end < 0 {
			html = body
			continue
		}
		inner := expandInto(nil, body[:end], fn)
		out = append(out, fn(kind, idx, inner)...)
		html = body[end+len(closeMark):]
	}
}

func readMark(b []byte) (kind byte, idx, n int, ok bool) {
	if len(b) < 4 || b[0] != markOpen {
		return 0, 0, 0, false
	}
	kind = b[1]
	end := bytes.IndexByte(b[2:], markClose)
	if end < 1 {
		return 0, 0, 0, false
	}
	idx, err := strconv.Atoi(string(b[2 : 2+end]))
	if err != nil {
		return 0, 0, 0, false
	}
	return kind, idx, 2 + end + 1, true
}
