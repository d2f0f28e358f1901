package markdown

import (
	"strings"
	"testing"
)

func TestMarks(t *testing.T) {
	p := render(t, "A ==key point== and ==**bold** [[Note]]==.\n\nIn code `a == b`, prose a == b, ===three===.\n\n==unclosed\n\nTitle\n==\n")
	html := string(p.BodyHTML)
	for _, want := range []string{
		"A <mark>key point</mark> and <mark><strong>bold</strong> ",
		"<code>a == b</code>, prose a == b, ===three===.</p>",
		"<p>==unclosed</p>",
		"<h1",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
	if !strings.Contains(asWritten(p, p.Summary), "A key point and bold Note.") {
		t.Errorf("summary %q", p.Summary)
	}
}
