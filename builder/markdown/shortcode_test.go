package markdown

import (
	"strings"
	"testing"
)

// Hugo shortcodes in the text are reported at their place; in code they
// are examples and are not, and a closing tag is not a second use.
func TestShortcodesWarned(t *testing.T) {
	p := render(t, "See [second]({{< ref \"second.md\" >}}).\n\n{{% notice warning %}}\nCareful.\n{{% /notice %}}\n\n"+
		"In code: `{{< ref \"x\" >}}`\n\n```\n{{< highlight go >}}\n```\n")
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		`notes/x.md:1:14: warning: Hugo shortcode "ref" is not supported and shows as written [unsupported]`,
		`notes/x.md:3:1: warning: Hugo shortcode "notice" is not supported and shows as written [unsupported]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
