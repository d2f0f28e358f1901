package markdown

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/lore-wiki/lore/builder/page"
)

func render(t *testing.T, src string) *page.Page {
	t.Helper()
	p, err := page.Parse("notes/x.md", []byte(src), page.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := New(Options{}).Render(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// asWritten labels the link markers in s as the link stage does for links
// that found no page: with the names written.
func asWritten(p *page.Page, s string) string {
	return page.LabelLinks(s, func(i int) string {
		return page.PlainName(p.Links[i].Target, p.Links[i].Fragment)
	})
}

func TestTitleFromH1(t *testing.T) {
	p := render(t, "# Deploying *the* API\n\nFirst paragraph here.\n\n## Steps\n\n- [ ] @bob do it (due 2026-12-01)\n- [x] done one\n")
	if p.Title != "Deploying the API" || !p.TitleFromH1 || p.TitleID != "deploying-the-api" {
		t.Errorf("title %q, id %q", p.Title, p.TitleID)
	}
	html := string(p.BodyHTML)
	if strings.Contains(html, "<h1") {
		t.Errorf("H1 repeated in body: %s", html)
	}
	if !strings.Contains(html, `<h2 id="steps">Steps</h2>`) {
		t.Errorf("missing heading id: %s", html)
	}
	if p.Summary != "First paragraph here." {
		t.Errorf("summary %q", p.Summary)
	}
	if len(p.Tasks) != 2 || p.Tasks[0].Done || !p.Tasks[1].Done || p.Tasks[0].Line != 7 || p.Tasks[0].Heading != "Steps" {
		t.Errorf("tasks %+v", p.Tasks)
	}
}

// TestTitleFromH1AfterByteOrderMark checks that a file saved with a BOM
// by a Windows editor still takes its title from its first line.
func TestTitleFromH1AfterByteOrderMark(t *testing.T) {
	p := render(t, "\ufeff# Deploying\n\ntext\n")
	if p.Title != "Deploying" || !p.TitleFromH1 || strings.Contains(string(p.BodyHTML), "<h1") {
		t.Errorf("title %q from H1 %v, body %s", p.Title, p.TitleFromH1, p.BodyHTML)
	}
}

func TestLocalLinksBecomePlaceholders(t *testing.T) {
	p := render(t, "---\ntitle: x\n---\nSee [the risks](../retros/sprint%2042.md#risks) and [web](https://example.com)\nand ![diagram](img/a.png).\n")
	if len(p.Links) != 2 {
		t.Fatalf("links %+v", p.Links)
	}
	l := p.Links[0]
	if l.Target != "../retros/sprint 42.md" || l.Fragment != "risks" || l.Line != 4 || l.Col != 5 {
		t.Errorf("link %+v", l)
	}
	if p.Links[1].Kind != page.MarkdownImage || p.Links[1].Target != "img/a.png" {
		t.Errorf("image %+v", p.Links[1])
	}
	out := Expand(p.BodyHTML, func(kind byte, idx int, inner []byte) []byte {
		return []byte("[" + string(kind) + ":" + p.Links[idx].Target + ":" + string(inner) + "]")
	})
	want := `<p>See [L:../retros/sprint 42.md:the risks] and <a href="https://example.com">web</a>` + "\nand [I:img/a.png:diagram].</p>\n"
	if string(out) != want {
		t.Errorf("expanded\n%q\nwant\n%q", out, want)
	}
}

func TestRawHTMLEscapedAndDangerousLinks(t *testing.T) {
	p := render(t, "<script>alert(1)</script>\n\nhi <b>x</b> [click](javascript:alert(1)) <!-- inline note -->\n\n<!--\nblock note\n-->\n")
	html := string(p.BodyHTML)
	if strings.Contains(html, "<script>") || strings.Contains(html, "<b>") || strings.Contains(html, "javascript:") {
		t.Errorf("unsafe output: %s", html)
	}
	if strings.Contains(html, "note") {
		t.Errorf("HTML comment shown: %s", html)
	}
	if !strings.Contains(html, "&lt;script&gt;") {
		t.Errorf("raw HTML not shown escaped: %s", html)
	}
}

func TestHighlight(t *testing.T) {
	p := render(t, "```go\nfunc main() {}\n```\n\n```\nplain <x>\n```\n")
	html := string(p.BodyHTML)
	if !strings.Contains(html, `data-lang="go"`) || !strings.Contains(html, `class="kd"`) {
		t.Errorf("not highlighted: %s", html)
	}
	if !strings.Contains(html, "plain &lt;x&gt;") {
		t.Errorf("plain block: %s", html)
	}
	if !strings.Contains(p.Code, "func main") {
		t.Errorf("code text %q", p.Code)
	}
	css, err := HighlightCSS("github", "github-dark")
	if err != nil || !strings.Contains(string(css), `html[data-theme="dark"] .chroma`) {
		t.Errorf("css err %v", err)
	}
	if _, err := HighlightCSS("nope", "github-dark"); err == nil {
		t.Error("unknown style accepted")
	}
}

// Tokens coloured as the block's text, and blanks, need no span of their
// own: github colours punctuation and names #1f2328 and leaves text to
// the page, so Lore says that colour once for the block.
func TestHighlightSpansOnlyColours(t *testing.T) {
	p := render(t, "```go\nfunc main() { x := 1 }\n```\n")
	want := `<code><span class="kd">func </span><span class="nf">main</span>() { x <span class="o">:= </span><span class="mi">1 </span>}` + "\n</code>"
	if html := string(p.BodyHTML); !strings.Contains(html, want) {
		t.Errorf("got\n%s\nwant\n%s", html, want)
	}
	css, err := HighlightCSS("github", "github-dark")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(css), ".chroma { color: #1f2328; background-color: #f7f7f7 }") || strings.Contains(string(css), ".chroma .p {") {
		t.Errorf("github's text colour not implied:\n%s", css)
	}
	// lovelace greys its punctuation: that is not a text colour.
	if got := withImpliedText(styles.Registry["lovelace"]); got.Get(chroma.Text).Colour.IsSet() {
		t.Errorf("lovelace given a text colour %v", got.Get(chroma.Text).Colour)
	}
}

// A language chroma does not know is plain code, every time: the lexer
// lookup is remembered per renderer, unknown names included.
func TestHighlightUnknownLanguage(t *testing.T) {
	md := New(Options{})
	src := "```dataview\nLIST FROM #retro\n```\n\n```GO\nfunc main() {}\n```\n"
	for i := range 3 {
		p, err := page.Parse("notes/x.md", []byte(src), page.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := md.Render(p); err != nil {
			t.Fatal(err)
		}
		html := string(p.BodyHTML)
		unknown, _, _ := strings.Cut(html, "</code>")
		if !strings.Contains(unknown, `data-lang="dataview"`) || !strings.Contains(unknown, "LIST FROM #retro") || strings.Contains(unknown, "<span") {
			t.Errorf("round %d: unknown language: %s", i, html)
		}
		if !strings.Contains(html, `data-lang="go"`) || !strings.Contains(html, `class="kd"`) {
			t.Errorf("round %d: known language after an unknown one: %s", i, html)
		}
	}
}

// BenchmarkHighlightUnknownLanguage renders a page of code blocks in a
// language chroma does not know; without the remembered lookup, each block
// made chroma try every lexer's file patterns.
func BenchmarkHighlightUnknownLanguage(b *testing.B) {
	md := New(Options{})
	src := []byte(strings.Repeat("```dataview\nLIST FROM #retro\n```\n\n", 50))
	for b.Loop() {
		p, err := page.Parse("notes/x.md", src, page.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := md.Render(p); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDuplicateHeadingIDsAndUnicode(t *testing.T) {
	p := render(t, "## Notes\n\n## Notes\n\n## Café & Crème\n")
	var ids []string
	for _, h := range p.Headings {
		ids = append(ids, h.ID)
	}
	if strings.Join(ids, ",") != "notes,notes-1,café--crème" { // as GitHub: each space a dash
		t.Errorf("ids %v", ids)
	}
}

// A comment above the title (a linter's directive, a licence header, an
// Obsidian %% note) does not keep the H1 from being the title.
func TestTitleFromH1AfterComment(t *testing.T) {
	for _, src := range []string{
		"<!-- markdownlint-disable MD013 -->\n# Deploying\n\nBody.\n",
		"<!--\nCopyright the team.\n-->\n\n# Deploying\n\nBody.\n",
		"%%\nprivate\n%%\n# Deploying\n\nBody.\n",
	} {
		p := render(t, src)
		if p.Title != "Deploying" || strings.Contains(string(p.BodyHTML), "<h1") {
			t.Errorf("%q: title %q, body %s", src, p.Title, p.BodyHTML)
		}
	}
	if p := render(t, "<div>x</div>\n\n# Not the title\n"); p.Title == "Not the title" {
		t.Error("an H1 after visible HTML became the title")
	}
}

// A table scrolls sideways in a focusable, named box, and stays a table
// (with its block ID, where it has one).
func TestTableWrap(t *testing.T) {
	p := render(t, "| a | b |\n|---|---|\n| 1 | 2 |\n\n^t1\n\nText.\n\n| c |\n|---|\n| 3 |\n")
	html := string(p.BodyHTML)
	// Named regions on one page need names of their own.
	if !strings.Contains(html, `aria-label="Table 2"`) {
		t.Errorf("second table not numbered:\n%s", html)
	}
	want := `<div class="table-wrap" role="region" aria-label="Table 1" tabindex="0">` + "\n" + `<table id="^t1">`
	if !strings.Contains(html, want) || !strings.Contains(html, "</table>\n</div>\n<p>Text.</p>") {
		t.Errorf("table not wrapped:\n%s", html)
	}
}

// Raw HTML in a heading is shown as text by default, so the heading's text
// (for the table of contents, titles and search) keeps it too; with raw
// HTML allowed it is markup, and the text is what it shows.
func TestInlineHTMLInHeadings(t *testing.T) {
	src := "# Title\n\n## x <b>y</b>\n\nBody <!-- note --> <i>it</i>.\n"
	p := render(t, src)
	if len(p.Headings) == 0 || p.Headings[len(p.Headings)-1].Text != "x <b>y</b>" {
		t.Errorf("escaped: headings %+v", p.Headings)
	}
	if html := string(p.BodyHTML); !strings.Contains(html, "x &lt;b&gt;y&lt;/b&gt;</h2>") || !strings.Contains(html, "Body  &lt;i&gt;it&lt;/i&gt;.") {
		t.Errorf("escaped body:\n%s", html)
	}
	q, err := page.Parse("notes/x.md", []byte(src), page.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := New(Options{UnsafeHTML: true}).Render(q); err != nil {
		t.Fatal(err)
	}
	if got := q.Headings[len(q.Headings)-1].Text; got != "x y" {
		t.Errorf("unsafe: heading text %q, want the text the markup shows", got)
	}
}

// A bare URL, which GFM makes a link with no text node, stays in the plain
// text: the summary, search and backlink excerpts.
func TestAutoLinkInPlainText(t *testing.T) {
	p := render(t, "See https://example.com/api for the API and [[Note]] too.\n")
	if got := asWritten(p, p.Summary); got != "See https://example.com/api for the API and Note too." {
		t.Errorf("summary %q", got)
	}
	if ctx := asWritten(p, p.Links[0].Context); !strings.Contains(ctx, "https://example.com/api") {
		t.Errorf("excerpt %q", ctx)
	}
}

// TestHardLineBreaks checks Options.HardLineBreaks: off, a line break
// inside a paragraph is a space, as in CommonMark; on, it is a <br>, as in
// Obsidian. Plain text reads the lines as one sentence either way.
func TestHardLineBreaks(t *testing.T) {
	src := "Milk\nEggs\n\n- one\n  two\n\n```\ncode\nlines\n```\n"
	for _, tc := range []struct {
		hard bool
		want string
	}{
		{false, "<p>Milk\nEggs</p>\n<ul>\n<li>one\ntwo</li>\n</ul>\n"},
		{true, "<p>Milk<br>\nEggs</p>\n<ul>\n<li>one<br>\ntwo</li>\n</ul>\n"},
	} {
		p, err := page.Parse("notes/x.md", []byte(src), page.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := New(Options{HardLineBreaks: tc.hard}).Render(p); err != nil {
			t.Fatal(err)
		}
		html := string(p.BodyHTML)
		if !strings.HasPrefix(html, tc.want) {
			t.Errorf("hard %v: html\n%s\nwant it to start with\n%s", tc.hard, html, tc.want)
		}
		if !strings.Contains(html, "code\nlines\n</code>") {
			t.Errorf("hard %v: code block changed: %s", tc.hard, html)
		}
		if p.Summary != "Milk Eggs" {
			t.Errorf("hard %v: summary %q", tc.hard, p.Summary)
		}
	}
}

// Custom heading IDs, as MkDocs (attr_list), Hugo and Docusaurus write
// them, name the anchor and leave the text; a heading with braces that are
// not attributes keeps them.
func TestHeadingAttributes(t *testing.T) {
	p := render(t, "# Page\n\n## Team { #team }\n\n## Heading with id {#custom-id}\n\n## Using {braces} here\n")
	html := string(p.BodyHTML)
	for _, want := range []string{`<h2 id="team">Team</h2>`, `<h2 id="custom-id">Heading with id</h2>`, `<h2 id="using-braces-here">Using {braces} here</h2>`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if _, ok := p.HeadingByID("team"); !ok {
		t.Errorf("the heading is not found by its custom ID: %+v", p.Headings)
	}
	if len(p.Tags) != 0 {
		t.Errorf("an attribute became a tag: %v", p.Tags)
	}
}

// Of a heading's own attributes only the ID and classes are kept: a note
// must not restyle the page (a fixed, full-window heading passes for a
// sign-in screen), nor take an ID of the theme's.
func TestHeadingAttributesKeepIDAndClass(t *testing.T) {
	html := string(render(t, "## Sign in again {#x .wide style=\"position:fixed;inset:0\" data-x=\"1\" tabindex=\"1\"}\n\n## Main {#lore-main}\n").BodyHTML)
	for _, want := range []string{`<h2 id="x" class="wide">Sign in again</h2>`, `<h2 id="main">Main</h2>`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	for _, bad := range []string{"style", "data-x", "tabindex", "lore-main"} {
		if strings.Contains(html, bad) {
			t.Errorf("%s kept in\n%s", bad, html)
		}
	}
}

// A character reference ends a paragraph or a cell as well as it sits
// in the middle: a '#' that is no tag must not cut it in two.
func TestCharacterReferencesDecoded(t *testing.T) {
	html := string(render(t, "end A &#x41;\n\nmid &#65; here &#x1F44D;\n\n| &#65; |\n|---|\n| x |\n").BodyHTML)
	for _, want := range []string{"<p>end A A</p>", "<p>mid A here 👍</p>", "<th>A</th>"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
}

// GitHub's emoji shortcodes show as the emoji, in the page and in its
// summary; unknown ones, times and code stay as written.
func TestEmojiShortcodes(t *testing.T) {
	p := render(t, "Done :tada: and :+1: at 12:30:45 :notanemoji:\n\n`:tada:` in code\n\nfe80::a:b:1, key:id:value, 12:cd:34, (:tada:)\n")
	html := string(p.BodyHTML)
	for _, want := range []string{"<p>Done 🎉 and 👍 at 12:30:45 :notanemoji:</p>", "<code>:tada:</code>", "<p>fe80::a:b:1, key:id:value, 12:cd:34, (🎉)</p>"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if p.Summary != "Done 🎉 and 👍 at 12:30:45 :notanemoji:" {
		t.Errorf("summary %q", p.Summary)
	}
}

// Badges beside a README's title are not words of the title.
func TestBadgesLeftOutOfTitle(t *testing.T) {
	p := render(t, "# uuid [![CI](https://x.y/b.svg)](https://x.y/a) [![Browser](https://x.y/c.svg)](https://x.y/d)\n\nGenerate IDs.\n")
	if p.Title != "uuid" {
		t.Errorf("title %q", p.Title)
	}
}

// Obsidian's width in a Markdown image's alt text sizes the image and is
// not part of the alt text.
func TestMarkdownImageSize(t *testing.T) {
	p := render(t, "![diagram|150](flow.png) ![wide|300x200](flow.png) ![a|b](flow.png)\n")
	var got []string
	for _, l := range p.Links {
		got = append(got, l.Label+" "+l.Size)
	}
	if strings.Join(got, ",") != "diagram 150,wide 300x200,a|b " {
		t.Errorf("labels and sizes %q", got)
	}
	if strings.Contains(string(p.BodyHTML), "|150") {
		t.Errorf("the size stayed in the alt text:\n%s", p.BodyHTML)
	}
}
