package markdown

import (
	"strings"
	"testing"
)

// MkDocs snippet lines are reported where pymdownx.snippets would read
// them, in code blocks too, but not when escaped or mid-sentence.
func TestSnippetsWarned(t *testing.T) {
	p := render(t, "Intro.\n\n--8<-- \"includes/abbr.md\"\n\n```python\n  --8<-- 'src/example.py'\n```\n\n"+
		";--8<-- \"escaped.md\"\n\nCut here --8<-- \"not a line of its own\"\n\n--8<--\na.md\nb.md\n--8<--\n")
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		`notes/x.md:3:1: warning: MkDocs snippet "includes/abbr.md" is not included: Lore has no snippets, so the line shows as written [unsupported]`,
		`notes/x.md:6:3: warning: MkDocs snippet "src/example.py" is not included: Lore has no snippets, so the line shows as written [unsupported]`,
		`notes/x.md:13:1: warning: MkDocs snippets block: the files it names are not included, and the lines show as written [unsupported]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
