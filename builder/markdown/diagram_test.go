package markdown

import (
	"strings"
	"testing"
)

func TestDiagrams(t *testing.T) {
	p := render(t, "```Mermaid\ngraph TD\n  A[Start] --> B{<ok>?}\n```\n\n```go\nfunc main() {}\n```\n")
	html := string(p.BodyHTML)
	if !p.HasDiagrams {
		t.Error("page with a diagram not marked")
	}
	if !strings.Contains(html, "<pre class=\"mermaid\" tabindex=\"0\">graph TD\n  A[Start] --&gt; B{&lt;ok&gt;?}\n</pre>\n") {
		t.Errorf("diagram markup:\n%s", html)
	}
	if !strings.Contains(html, `data-lang="go"`) {
		t.Errorf("other code blocks still highlighted:\n%s", html)
	}
	if strings.Contains(p.Code, "graph TD") {
		t.Errorf("diagram source in code search text: %q", p.Code)
	}
	// Mermaid's [[subroutine]] shape is not a wikilink.
	if sub := render(t, "```mermaid\ngraph TD\n  A[[Subroutine]] --> B\n```\n"); len(sub.Links) > 0 {
		t.Errorf("links recorded inside a diagram: %+v", sub.Links[0])
	}
	if plain := render(t, "```\ngraph TD\n```\n"); plain.HasDiagrams {
		t.Error("page without a diagram marked")
	}
}
