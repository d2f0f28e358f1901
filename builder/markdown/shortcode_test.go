package markdown

import (
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

// Hugo shortcodes in the text are reported at their place; in code they
// are examples and are not, and a closing tag is not a second use.
func TestShortcodesWarned(t *testing.T) {
	p := render(t, "See [second]({{< ref \"second.md\" >}}).\n\n{{% notice warning %}}\nCareful.\n{{% /notice %}}\n\n"+
		"In code: `{{< ref \"x\" >}}`\n\n```\n{{< highlight go >}}\n```\n\nA {{<figure src=\"a.png\">}} and {{</* comment */>}}.\n")
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		`notes/x.md:1:14: warning: Hugo shortcode "ref" is not supported and shows as written [unsupported]`,
		`notes/x.md:3:1: warning: Hugo shortcode "notice" is not supported and shows as written [unsupported]`,
		`notes/x.md:13:3: warning: Hugo shortcode "figure" is not supported and shows as written [unsupported]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// With raw HTML allowed, "{{<figure ...>}}" is "{{" and a raw HTML tag.
func TestShortcodeWithoutSpaceInRawHTML(t *testing.T) {
	p, err := page.Parse("notes/x.md", []byte("A {{<figure src=\"a.png\">}}.\n"), page.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := New(Options{UnsafeHTML: true}).Render(p); err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Error(), `1:3: warning: Hugo shortcode "figure"`) {
		t.Errorf("warnings %v", p.Warnings)
	}
}
