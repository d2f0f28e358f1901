package markdown

import (
	"bytes"
	"strconv"
	"strings"

	emojiast "github.com/yuin/goldmark-emoji/ast"

	"github.com/lore-wiki/lore/builder/slug"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HeadingIDs gives every heading an ID as GitHub does: slug.Anchor of the
// heading as shown, so "#### [Core](#core)" is #core, not #corecore, and a
// README's own table of contents lands. Repeated headings get -1, -2...
// A heading's own ID ({#team}) is kept and never given to another, and
// of its other own attributes only classes (keepOwnAttributes).
//
// goldmark's automatic IDs are made from the heading's Markdown source, link
// targets and HTML tags included, and before its inline content is parsed;
// this runs after, first of all transformers, since the title, the table
// of contents, block IDs and link excerpts all read the IDs.
type HeadingIDs struct{}

func (e *HeadingIDs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&headingIDTransformer{}, 10)))
}

type headingIDTransformer struct{}

func (*headingIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var auto []*ast.Heading
	ids := newHeadingIDs()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		keepOwnAttributes(h)
		if id, ok := h.AttributeString("id"); ok {
			if id, ok := id.([]byte); ok {
				ids.Put(id)
			}
		} else {
			auto = append(auto, h)
		}
		return ast.WalkSkipChildren, nil
	})
	for _, h := range auto {
		h.SetAttributeString("id", ids.Generate(anchorText(h, reader.Source())))
	}
}

// keepOwnAttributes keeps, of the attributes a heading was given
// ({#id .class key=value}), its ID and classes, which is what MkDocs,
// Hugo and Docusaurus sites use them for. Any other (style=, data-*,
// autofocus) would let a note restyle the page around it: a fixed,
// full-window heading can pass for a sign-in screen. An ID that starts
// with lore- is the theme's (lore-main, lore-search-dialog), and would take
// the skip link or the search dialog's place; the heading gets its own.
func keepOwnAttributes(h *ast.Heading) {
	attrs := h.Attributes()
	h.RemoveAttributes()
	for _, a := range attrs {
		switch string(a.Name) {
		case "class":
			h.SetAttribute(a.Name, a.Value)
		case "id":
			if id, ok := a.Value.([]byte); ok && !bytes.HasPrefix(id, []byte("lore-")) {
				h.SetAttribute(a.Name, a.Value)
			}
		}
	}
}

// anchorText is the heading's text as a browser shows it, which GitHub
// slugs: link texts but not their targets, no HTML tags, no images.
func anchorText(h *ast.Heading, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(textValue(c, src))
			case *ast.String:
				b.Write(c.Value)
			case *ast.AutoLink:
				b.Write(c.Label(src))
			case *emojiast.Emoji:
				b.WriteString(string(c.Value.Unicode)) // which Anchor drops, as GitHub does
			case *ast.RawHTML, *ast.Image, *InlineFootnote: // a note is not the heading's text
			default:
				if t, ok := c.(interface{ PlainText() string }); ok {
					b.WriteString(t.PlainText())
					continue
				}
				walk(c)
			}
		}
	}
	walk(h)
	return b.String()
}

// headingIDs hands out unique IDs, remembering the next number to try for
// each repeated one: a changelog with ten thousand "### Bug fixes" must not
// count up from -1 for every one of them.
type headingIDs struct {
	used map[string]bool
	next map[string]int
}

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}, next: map[string]int{}}
}

func (h *headingIDs) Generate(text string) []byte {
	base := slug.Anchor(text)
	if base == "" {
		base = "section"
	}
	id := base
	for h.used[id] {
		h.next[base]++
		id = base + "-" + strconv.Itoa(h.next[base])
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(id []byte) { h.used[string(id)] = true }
