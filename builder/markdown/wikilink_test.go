package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

// marks renders placeholders as [kind:index:inner] so tests can read them.
func marks(p *page.Page) string {
	return string(Expand(p.BodyHTML, func(kind byte, idx int, inner []byte) []byte {
		return fmt.Appendf(nil, "[%c:%d:%s]", kind, idx, inner)
	}))
}

func TestWikiLinkSyntax(t *testing.T) {
	cases := []struct {
		src                       string
		kind                      page.LinkKind
		target, frag, label, size string
		html                      string
	}{
		{"[[Note]]", page.WikiLink, "Note", "", "", "", "<p>[L:0:]</p>\n"},
		{"[[Note|shown text]]", page.WikiLink, "Note", "", "shown text", "", "<p>[L:0:shown text]</p>\n"},
		{"[[Note#Some Heading]]", page.WikiLink, "Note", "Some Heading", "", "", "<p>[L:0:]</p>\n"},
		{"[[Note#Heading|text]]", page.WikiLink, "Note", "Heading", "text", "", "<p>[L:0:text]</p>\n"},
		{"[[#Heading]]", page.WikiLink, "", "Heading", "", "", "<p>[L:0:]</p>\n"},
		{"[[folder/Note]]", page.WikiLink, "folder/Note", "", "", "", "<p>[L:0:]</p>\n"},
		{"[[Note.md]]", page.WikiLink, "Note.md", "", "", "", "<p>[L:0:]</p>\n"},
		{"[[ Café Müller | the café ]]", page.WikiLink, "Café Müller", "", "the café", "", "<p>[L:0:the café]</p>\n"},
		{"[[a <b> & c|x < y]]", page.WikiLink, "a <b> & c", "", "x < y", "", "<p>[L:0:x &lt; y]</p>\n"},
		{"![[image.png]]", page.Embed, "image.png", "", "", "", "<p>[I:0:image.png]</p>\n"},
		{"![[img/diagram.png|300]]", page.Embed, "img/diagram.png", "", "", "300", "<p>[I:0:diagram.png]</p>\n"},
		{"![[image.png|300x200]]", page.Embed, "image.png", "", "", "300x200", "<p>[I:0:image.png]</p>\n"},
		{"![[image.png|Architecture]]", page.Embed, "image.png", "", "Architecture", "", "<p>[I:0:Architecture]</p>\n"},
		{"![[Note]]", page.Embed, "Note", "", "", "", "[E:0:Note]\n"},
		{"![[Note#Heading]]", page.Embed, "Note", "Heading", "", "", "[E:0:Note#Heading]\n"},
		{"See ![[Note]] inline", page.Embed, "Note", "", "", "", "<p>See [e:0:] inline</p>\n"},
	}
	for _, c := range cases {
		p := render(t, c.src+"\n")
		if len(p.Links) != 1 {
			t.Errorf("%s: links %+v", c.src, p.Links)
			continue
		}
		l := p.Links[0]
		if l.Kind != c.kind || l.Target != c.target || l.Fragment != c.frag || l.Label != c.label || l.Size != c.size {
			t.Errorf("%s: got %+v", c.src, *l)
		}
		if got := marks(p); got != c.html {
			t.Errorf("%s: html %q, want %q", c.src, got, c.html)
		}
	}
}

func TestWikiLinkNotParsed(t *testing.T) {
	for _, src := range []string{
		"`[[Note]]` in code",
		"```\n[[Note]]\n```",
		"    [[Note]] indented code",
		"[[]] and [[ ]] and [[#]]",
		"[[unclosed",
		"[[a\nb]]",
		"[[a [b] c]]",
		`\[[Note]]`,
		"[text](https://example.com) [ref]",
	} {
		p := render(t, src+"\n")
		if len(p.Links) != 0 {
			t.Errorf("%q parsed as links: %+v", src, p.Links[0])
		}
	}
}

func TestWikiLinkInTable(t *testing.T) {
	p := render(t, "| Who | Where |\n|---|---|\n| [[alice\\|Alice]] | [[Note#Risks]] |\n| `[[not\\|a link]]` | x |\n")
	if len(p.Links) != 2 {
		t.Fatalf("links %+v", p.Links)
	}
	if l := p.Links[0]; l.Target != "alice" || l.Label != "Alice" || l.Line != 3 || l.Col != 3 {
		t.Errorf("escaped pipe: %+v", *l)
	}
	if l := p.Links[1]; l.Target != "Note" || l.Fragment != "Risks" || l.Col != 22 {
		t.Errorf("second cell: %+v", *l)
	}
	html := marks(p)
	if !strings.Contains(html, "<td>[L:0:Alice]</td>") || !strings.Contains(html, "<code>[[not|a link]]</code>") {
		t.Errorf("table html: %s", html)
	}
	if strings.Count(html, "<td") != 4 {
		t.Errorf("cells split wrongly: %s", html)
	}
}

func TestWikiLinkPositions(t *testing.T) {
	src := "---\ntitle: x\n---\nIntro [[one]] and **[[two]]**\n\n- Café ⇒ [[three]]\n\n> quoted ![[four.png|10]]\n"
	p := render(t, src)
	want := [][2]int{{4, 7}, {4, 21}, {6, 10}, {8, 10}}
	if len(p.Links) != len(want) {
		t.Fatalf("links %+v", p.Links)
	}
	for i, w := range want {
		if l := p.Links[i]; l.Line != w[0] || l.Col != w[1] {
			t.Errorf("link %d (%s) at %d:%d, want %d:%d", i, l.Target, l.Line, l.Col, w[0], w[1])
		}
	}
}

func TestLinkContext(t *testing.T) {
	long := strings.Repeat("word ", 40)
	p := render(t, "Short [[a|note]] here.\n\n"+long+"before [[b]] after "+long+"\n\n| x |\n|---|\n| cell [[c]] |\n\nSee [d](d.md) too.\n\nThe list:\n\n![[e]]\n")
	got := map[string]string{}
	for _, l := range p.Links {
		got[l.Target] = asWritten(p, l.Context)
	}
	if got["a"] != "Short note here." {
		t.Errorf("a: %q", got["a"])
	}
	b := got["b"]
	if !strings.Contains(b, "before b after") || !strings.HasPrefix(b, "…") || !strings.HasSuffix(b, "…") || len([]rune(b)) > contextLen+2 {
		t.Errorf("b: %q", b)
	}
	if got["c"] != "cell c" || got["d.md"] != "See d too." || got["e"] != "The list:" {
		t.Errorf("contexts %q", got)
	}
	// An inline tag and maths read as written, not as a gap.
	p = render(t, "Intro with [[main]] link and #embtag, costing $x^2$.\n")
	if ctx := asWritten(p, p.Links[0].Context); ctx != "Intro with main link and #embtag, costing x^2." {
		t.Errorf("tag context: %q", ctx)
	}
}

func TestWikiLinkPlainText(t *testing.T) {
	p := render(t, "Read [[folder/Deploy guide.md|the guide]] and [[Glossary]] and [[#Risks]].\n")
	// Links without text leave their label to the link stage, which knows
	// the title; a link with text is already finished.
	if want := "Read the guide and " + page.LinkMarker(1) + " and " + page.LinkMarker(2) + "."; p.Summary != want {
		t.Errorf("summary %q, want %q", p.Summary, want)
	}
	if got := asWritten(p, p.Summary); got != "Read the guide and Glossary and Risks." {
		t.Errorf("labelled summary %q", got)
	}
}

func TestEmbedsLiftedOutOfParagraphs(t *testing.T) {
	p := render(t, "Before\n\n![[a]]\n![[b#Part]]\n\n- ![[c]]\n- text ![[d]]\n")
	got := marks(p)
	want := "<p>Before</p>\n[E:0:a]\n[E:1:b#Part]\n<ul>\n<li>\n[E:2:c]\n</li>\n<li>text [e:3:]</li>\n</ul>\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSectionHTML(t *testing.T) {
	p := render(t, "Intro\n\n## One\n\nfirst\n\n### Sub\n\nsub\n\n## Two\n\nsecond\n\n> ## Quoted\n> inside\n")
	sec, ok := SectionHTML(p, "one")
	if !ok || string(sec) != "<h2 id=\"one\">One</h2>\n<p>first</p>\n<h3 id=\"sub\">Sub</h3>\n<p>sub</p>\n" {
		t.Errorf("one: %v %q", ok, sec)
	}
	sec, ok = SectionHTML(p, "two")
	if !ok || !strings.HasPrefix(string(sec), "<h2 id=\"two\">") || !strings.Contains(string(sec), "<blockquote>") {
		t.Errorf("two: %v %q", ok, sec)
	}
	if _, ok := SectionHTML(p, "quoted"); ok {
		t.Error("a heading inside a quote cut the quote in half")
	}
	if _, ok := SectionHTML(p, "nope"); ok {
		t.Error("missing heading found")
	}
}

func FuzzWikiLinks(f *testing.F) {
	for _, s := range []string{"[[a|b]]", "![[x.png|3x4]]", "| [[a\\|b]] |\n|-|\n", "> [!tip]- T [[x]]\n> body", "`[[a]]`", "[[a#b#c|d]] ![[e#f]]"} {
		f.Add(s)
	}
	md := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		p := &page.Page{Path: "x.md", Body: []byte(src), BodyLine: 1}
		if err := md.Render(p); err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		Expand(p.BodyHTML, func(kind byte, idx int, inner []byte) []byte {
			if idx < 0 || idx >= len(p.Links) {
				t.Fatalf("placeholder %d of %d links", idx, len(p.Links))
			}
			seen[idx] = true
			return inner
		})
		for i, l := range p.Links {
			if l.Line < 1 || l.Col < 1 {
				t.Fatalf("link %d at %d:%d", i, l.Line, l.Col)
			}
		}
	})
}

// A table splits cells at every bar, so [[Page|text]] inside one loses its
// end: nothing renders as a link, and the page says so with a warning.
func TestWikiLinkSplitByTable(t *testing.T) {
	p := render(t, "| a | b |\n|---|---|\n| see [[Other#Part|the part]] | x |\n| fine [[Other\\|ok]] | y |\n\nProse [[not closed here.\n")
	if len(p.Warnings) != 1 {
		t.Fatalf("warnings %v, want one for the split link", p.Warnings)
	}
	w := p.Warnings[0]
	if w.Line != 3 || w.Col != 7 || w.Code != "broken-link" || !strings.Contains(w.Message, `[[Page\|text]]`) {
		t.Errorf("warning %s:%d:%d %s %q", w.File, w.Line, w.Col, w.Code, w.Message)
	}
	if len(p.Links) != 1 || p.Links[0].Label != "ok" {
		t.Errorf("links %v, want the escaped one", p.Links)
	}
}

func TestFitsRunes(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want bool
	}{{"", 0, true}, {"abc", 3, true}, {"abcd", 3, false}, {"ééé", 3, true}, {"éééé", 3, false}, {"日本語", 3, true}} {
		if got := fitsRunes(c.s, c.n); got != c.want {
			t.Errorf("fitsRunes(%q, %d) = %v", c.s, c.n, got)
		}
	}
}
