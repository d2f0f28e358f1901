package markdown

import (
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

// FuzzRender feeds arbitrary files through front matter parsing and every
// Markdown extension: nothing may panic, and placeholders must always
// expand to balanced output.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# T\n\n[[Note#H|x]] ![[img.png|300]] [a](b.md#c)\n",
		"> [!warning]- Folded\n> body [[x]]\n",
		"---\ntitle: x\n---\n| a | [[b\\|c]] |\n|---|---|\n",
		"```go\nfunc(){}\n```\n- [ ] @a task (due 2026-01-01)\n",
		"[[", "![[]]", "[[#]]", "> [!", "<b>raw</b>",
		"a %%b\nc%% d\n\n%%\nx\n\n%%\n- %%i%%\n", "%%", "%%%", "> %%\n> x\n",
		"a ^b\n\n- c ^d\n\n^e\n", "^", " ^\n^x", "==a== #t ^i", "#", "# #x\n",
		"!!! note \"t\"\n    body\n\n    more\nafter\n", "??? x\n", "???+ a b \"\"\n\tx\n", "- !!! note\n      x\n",
		"\ufeff# T\n", "\ufeff---\ntitle: x\n---\n[[a]]\n",
		"- [x](a.md) x\n- [/] y\n1. [\u00e9]\n- [a] r\n\n[a]: /u\n", "- [", "- [x", "- [x]",
		"$x$ $$y$$ $5 and $10 \\$\n\n$$\nz\n$$\n", "$", "$$", "$$$", "$`a`$", "```mermaid\ngraph\n```\n",
		"a.^[n *e* [[x]]] b[^1] ^[[y]]\n\n[^1]: c ^[d]\n", "^[", "^[]", "^[^[a]]", "[a ^[b](c)]", "*^[a*]*",
	} {
		f.Add(s)
	}
	md := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		p, err := page.Parse("f/x.md", []byte(src), page.Options{})
		if err != nil {
			return
		}
		if err := md.Render(p); err != nil {
			t.Fatal(err)
		}
		_ = Expand(p.BodyHTML, func(kind byte, idx int, inner []byte) []byte {
			if idx < 0 || idx >= len(p.Links) {
				t.Fatalf("placeholder %c%d has no link (have %d)", kind, idx, len(p.Links))
			}
			return inner
		})
	})
}
