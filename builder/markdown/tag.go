package markdown

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindTag is an inline #tag.
var KindTag = ast.NewNodeKind("Tag")

// Tag is a #tag written in the text.
type Tag struct {
	ast.BaseInline
	Name string
}

func (n *Tag) Kind() ast.NodeKind { return KindTag }

func (n *Tag) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

// PlainText is what search and summaries see: the tag as written.
func (n *Tag) PlainText() string { return "#" + n.Name }

// Tags reads Obsidian's inline #tags. A tag adds itself to the page's tags,
// as one in front matter would, and links to its tag page.
//
// The rules are Obsidian's: # at the start of a line or after a space,
// then letters, digits, _, - and / (nested/tags); at least one character
// that is not a digit, so "issue #42" is not a tag. Headings, code and
// URLs (page#anchor) are not tags.
type Tags struct {
	// URL returns the tag page's URL; nil renders tags as plain text.
	URL func(tag string) string
}

func (e *Tags) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(&tagParser{}, 600)),
		parser.WithASTTransformers(util.Prioritized(textRejoiner{}, 5)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&tagRenderer{url: e.URL}, 100)))
}

// textRejoiner joins text that a '#' which was not a tag cut in two. The
// HTML renderer decodes a character reference within one text node only,
// so "&#x41;" cut after the & showed as "&amp;#x41;".
type textRejoiner struct{}

func (textRejoiner) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if !bytes.Contains(reader.Source(), []byte("&#")) {
		return // nothing a cut could break; the walk is not free on every page
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		a, ok := n.(*ast.Text)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		for {
			b, ok := a.NextSibling().(*ast.Text)
			if !ok || a.Segment.Stop != b.Segment.Start || a.SoftLineBreak() || a.HardLineBreak() || a.IsRaw() != b.IsRaw() {
				break
			}
			a.Segment = a.Segment.WithStop(b.Segment.Stop)
			a.SetSoftLineBreak(b.SoftLineBreak())
			a.SetHardLineBreak(b.HardLineBreak())
			a.Parent().RemoveChild(a.Parent(), b)
		}
		return ast.WalkContinue, nil
	})
}

type tagParser struct{}

func (*tagParser) Trigger() []byte { return []byte{'#'} }

func (*tagParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if before := block.PrecendingCharacter(); before != '\n' && !unicode.IsSpace(before) {
		return nil
	}
	line, _ := block.PeekLine()
	name := tagName(line[1:])
	if name == "" {
		return nil
	}
	block.Advance(1 + len(name))
	if p := PageFrom(pc); p != nil && !hasTag(p.Tags, name) {
		p.Tags = append(p.Tags, name)
	}
	return &Tag{Name: name}
}

// tagName returns the tag at the start of b, "" when there is none.
func tagName(b []byte) string {
	n, letters := 0, false
	for n < len(b) {
		r, size := utf8.DecodeRune(b[n:])
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '-' || r == '/':
		default:
			return trimTag(b[:n], letters)
		}
		n += size
	}
	return trimTag(b[:n], letters)
}

func trimTag(b []byte, letters bool) string {
	name := strings.TrimRight(string(b), "/")
	if !letters || name == "" {
		return ""
	}
	return name
}

func hasTag(tags []string, name string) bool {
	for _, t := range tags {
		if strings.EqualFold(t, name) {
			return true
		}
	}
	return false
}

// inLink reports whether n is inside a link's text, where another link
// would be invalid HTML.
func inLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if k := p.Kind(); k == ast.KindLink || k == KindLocalLink || k == ast.KindAutoLink {
			return true
		}
	}
	return false
}

type tagRenderer struct {
	url func(tag string) string
}

func (r *tagRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTag, r.render)
}

func (r *tagRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	name := html.EscapeString(n.(*Tag).Name)
	if r.url == nil || inLink(n) {
		w.WriteString(`<span class="tag">#` + name + `</span>`)
		return ast.WalkSkipChildren, nil
	}
	w.WriteString(`<a class="tag" href="` + html.EscapeString(r.url(n.(*Tag).Name)) + `">#` + name + `</a>`)
	return ast.WalkSkipChildren, nil
}
