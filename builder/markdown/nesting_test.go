package markdown

import (
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/diag"
)

// A line may open MaxNesting block quotes and list items; the marker of
// one more is text, with a warning at its line and column.
func TestNestingCapped(t *testing.T) {
	deep := strings.Repeat(">", 5000) + " deep"
	p := render(t, "---\ntitle: X\n---\nintro\n\n"+deep+"\n\nafter [[y]]\n")
	html := string(p.BodyHTML)
	if n := strings.Count(html, "<blockquote>"); n != MaxNesting {
		t.Errorf("%d block quotes, want %d", n, MaxNesting)
	}
	if !strings.Contains(html, strings.Repeat("&gt;", 4900)+" deep") {
		t.Errorf("the rest of the line is not text")
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Code != diag.CodeNesting || p.Warnings[0].Line != 6 || p.Warnings[0].Col != MaxNesting+1 {
		t.Fatalf("warnings = %v", p.Warnings)
	}
	if len(p.Links) != 1 || p.Links[0].Line != 8 {
		t.Errorf("a later link moved: %+v", p.Links)
	}
}

func TestNestingUnchanged(t *testing.T) {
	for name, src := range map[string]string{
		"at the limit":        strings.Repeat("> ", MaxNesting) + "x\n",
		"thematic break":      strings.Repeat("* ", 3*MaxNesting) + "\n",
		"text after markers":  "> - 1. " + strings.Repeat("a>", 200) + "\n",
		"long line, no lists": strings.Repeat("word ", 500) + "\n",
		"in a code block":     "```text\n" + strings.Repeat(">", 300) + "\n~~~\n```go\n" + strings.Repeat(">", 300) + "\n````\n",
	} {
		t.Run(name, func(t *testing.T) {
			p := render(t, src)
			if len(p.Warnings) != 0 {
				t.Errorf("warnings: %v", p.Warnings)
			}
			if string(p.Body) != src {
				t.Errorf("body changed")
			}
		})
	}
}

func TestNestingMixedMarkers(t *testing.T) {
	line := strings.Repeat("> - 1) ", 50) + "x"
	p := render(t, line+"\n")
	if len(p.Warnings) != 1 {
		t.Fatalf("warnings = %v", p.Warnings)
	}
	// Marker 101 is the bullet of the 34th "> - 1) ".
	if want := strings.Repeat("> - 1) ", 33) + "> \\-"; !strings.HasPrefix(string(p.Body), want) {
		t.Errorf("body = %.300q", p.Body)
	}
}
