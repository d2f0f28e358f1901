package markdown

import (
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

// With raw HTML let through, a relative file address in it is where the
// file is published, as GitHub reads it from the file's folder.
func TestHTMLFileURLs(t *testing.T) {
	src := "<p align=\"center\"><img src=\"images/logo.svg\" width=\"100\"></p>\n\n" +
		"Inline <img src='../shared/x.png?v=2'>, <a href=\"other.md\">md</a>, <img src=\"https://x.y/a.png\">, <a href=\"#top\">top</a>, <img src=\"../../out.png\">, <img src=\"my%20logo.png\">.\n\n" +
		"<script>var a = ' src=\"x.png\"';</script>\n"
	p, err := page.Parse("docs/guide.md", []byte(src), page.Options{})
	if err != nil {
		t.Fatal(err)
	}
	md := New(Options{UnsafeHTML: true, FileURL: func(rel string) string { return "/wiki/" + strings.ReplaceAll(rel, " ", "%20") }})
	if err := md.Render(p); err != nil {
		t.Fatal(err)
	}
	html := string(p.BodyHTML)
	for _, want := range []string{
		`<p align="center"><img src="/wiki/docs/images/logo.svg" width="100"></p>`,
		`<img src="/wiki/shared/x.png?v=2">`,
		`<a href="other.md">md</a>`,
		`<img src="https://x.y/a.png">`,
		`<a href="#top">top</a>`,
		`<img src="../../out.png">`,
		`<img src="/wiki/docs/my%20logo.png">`,
		`<script>var a = ' src="x.png"';</script>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if strings.Contains(p.Summary, "<") {
		t.Errorf("summary holds HTML: %q", p.Summary)
	}
}
