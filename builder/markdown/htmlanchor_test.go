package markdown

import (
	"slices"
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

func TestHTMLAnchors(t *testing.T) {
	src := "<a id=\"factory\"></a>\n### Factory\n\nText <a name='opt-levels'></a>with anchor, <a name=x href=\"javascript:alert(1)\">no</a>.\n\n<h2 id=\"custom\">Raw</h2>\n"
	// Escaped (the default): bare anchors render and count; the rest is text.
	p := render(t, src)
	html := string(p.BodyHTML)
	for _, want := range []string{`<a id="factory"></a>`, `Text <a id="opt-levels"></a>with anchor`, `&lt;a name=x href=&quot;javascript:alert(1)&quot;&gt;`} {
		if !strings.Contains(html, want) {
			t.Errorf("escaped: missing %s in\n%s", want, html)
		}
	}
	if !slices.Equal(p.HTMLIDs, []string{"opt-levels", "factory"}) && !slices.Equal(p.HTMLIDs, []string{"factory", "opt-levels"}) {
		t.Errorf("escaped: HTML IDs %v", p.HTMLIDs)
	}
	// Let through: every id and name counts.
	u, err := page.Parse("notes/x.md", []byte(src), page.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := New(Options{UnsafeHTML: true}).Render(u); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"factory", "opt-levels", "x", "custom"} {
		if !slices.Contains(u.HTMLIDs, id) {
			t.Errorf("unsafe: %s missing from %v", id, u.HTMLIDs)
		}
	}
}
