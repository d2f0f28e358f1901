package markdown

import (
	"strings"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindEmbedBlock is a ![[Note]] or ![[Note#Heading]] transclusion standing
// on its own line.
var KindEmbedBlock = ast.NewNodeKind("EmbedBlock")

// EmbedBlock replaces a paragraph made only of note embeds, one block per
// embed. It renders as a KindEmbed placeholder that the link stage fills
// with the target's rendered body (or one section of it) inside a bordered
// block linking to the source.
type EmbedBlock struct {
	ast.BaseBlock
	Index int
	// Fallback is the text shown when the embed cannot be expanded.
	Fallback string
}

func (n *EmbedBlock) Kind() ast.NodeKind { return KindEmbedBlock }

func (n *EmbedBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Fallback": n.Fallback}, nil)
}

// Embeds lifts note embeds written on their own lines out of their
// paragraph, so their transcluded blocks are not nested inside a <p>.
// A note embed inside a sentence stays inline and renders as a link.
// Attachment embeds (![[image.png|300]]) are always inline.
type Embeds struct{}

func (e *Embeds) Extend(m goldmark.Markdown) {
	// After linkContextTransformer (2000), which reads the paragraph.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&embedTransformer{}, 2100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&embedRenderer{}, 100)))
}

type embedTransformer struct{}

func (t *embedTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	if p == nil {
		return
	}
	src := reader.Source()
	var lift []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			if onlyNoteEmbeds(n, src) {
				lift = append(lift, n)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, para := range lift {
		context := precedingText(para, src)
		parent := para.Parent()
		for c := para.FirstChild(); c != nil; c = c.NextSibling() {
			wl, ok := c.(*WikiLink)
			if !ok {
				continue
			}
			// The paragraph holds only embeds; what introduces them is
			// the text before.
			p.Links[wl.Index].Context = context
			parent.InsertBefore(parent, para, &EmbedBlock{Index: wl.Index, Fallback: wl.Target})
		}
		parent.RemoveChild(parent, para)
	}
}

// onlyNoteEmbeds reports whether a paragraph holds nothing but note embeds
// and the spaces and line breaks between them.
func onlyNoteEmbeds(n ast.Node, src []byte) bool {
	found := false
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *WikiLink:
			if !c.IsNoteEmbed() {
				return false
			}
			found = true
		case *ast.Text:
			if strings.TrimSpace(string(c.Segment.Value(src))) != "" {
				return false
			}
		default:
			return false
		}
	}
	return found
}

// precedingText is the end of the block before n, which usually says why
// the embed is there ("The checklist:"), as the embed's backlink excerpt.
func precedingText(n ast.Node, src []byte) string {
	prev := n.PreviousSibling()
	if prev == nil || prev.Type() != ast.TypeBlock || prev.FirstChild() == nil || prev.FirstChild().Type() != ast.TypeInline {
		return ""
	}
	s := markedText(prev, src)
	if fitsRunes(s, contextLen) {
		return s
	}
	start := backRunes(s, len(s), contextLen)
	if sp := strings.IndexByte(s[start:], ' '); sp >= 0 {
		start += sp + 1
	}
	return "…" + s[start:]
}

type embedRenderer struct{}

func (r *embedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindEmbedBlock, r.render)
}

func (r *embedRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*EmbedBlock)
	WriteOpen(w, KindEmbed, n.Index)
	w.Write(util.EscapeHTML([]byte(n.Fallback)))
	WriteClose(w, n.Index)
	w.WriteByte('\n')
	return ast.WalkSkipChildren, nil
}

// SectionHTML returns the part of p's rendered body (placeholders still in
// it) that belongs to the heading with the given ID: from the heading to
// the next heading of the same or a higher level. The empty ID means the
// whole body, and so does the title's (a leading H1 that is not in the
// body); a block ID (^id) means the block that carries it. ok is false when the heading is not in the body, or sits
// inside another block (a list, a quote) so that cutting there would leave
// unbalanced HTML.
func SectionHTML(p *page.Page, id string) (html []byte, ok bool) {
	if id == "" || id == p.TitleID {
		return p.BodyHTML, true
	}
	if strings.HasPrefix(id, "^") {
		return blockHTML(p.BodyHTML, id)
	}
	at := -1
	for i, h := range p.Headings {
		if h.ID == id {
			at = i
			break
		}
	}
	if at < 0 {
		return nil, false
	}
	h := p.Headings[at]
	start := headingStart(p.BodyHTML, h, 0)
	if start < 0 {
		return nil, false
	}
	// The section ends at the next heading of the same or a higher level;
	// one nested in a quote or list cannot end it, so try the next.
	for _, next := range p.Headings[at+1:] {
		if next.Level > h.Level {
			continue
		}
		if e := headingStart(p.BodyHTML, next, start); e >= 0 && balanced(p.BodyHTML[start:e]) {
			return p.BodyHTML[start:e], true
		}
	}
	if html = p.BodyHTML[start:]; balanced(html) {
		return html, true
	}
	return nil, false
}

// blockHTML cuts out the element that carries a block ID (^id): a
// paragraph, a list item (inside a list of its own), a list, a quote or a
// table.
func blockHTML(body []byte, id string) ([]byte, bool) {
	s := string(body)
	at := strings.Index(s, ` id="`+string(util.EscapeHTML([]byte(id)))+`"`)
	open := strings.LastIndexByte(s[:max(at, 0)], '<')
	if at < 0 || open < 0 {
		return nil, false
	}
	tag := s[open+1 : at]
	depth := 0
	for i := open; i < len(s); {
		next := strings.IndexByte(s[i:], '<')
		if next < 0 {
			break
		}
		i += next
		switch {
		case strings.HasPrefix(s[i:], "</"+tag+">"):
			depth--
			if depth == 0 {
				end := i + len(tag) + 3
				if tag == "li" {
					return []byte("<ul>\n" + s[open:end] + "\n</ul>\n"), true
				}
				return []byte(s[open:end] + "\n"), true
			}
		case strings.HasPrefix(s[i:], "<"+tag+">") || strings.HasPrefix(s[i:], "<"+tag+" "):
			depth++
		}
		i++
	}
	return nil, false
}

func headingStart(body []byte, h page.Heading, from int) int {
	tag := "<h" + string(rune('0'+h.Level)) + ` id="` + string(util.EscapeHTML([]byte(h.ID))) + `"`
	i := strings.Index(string(body[from:]), tag)
	if i < 0 {
		return -1
	}
	return from + i
}

// balanced checks that a cut of the body opens and closes its containers
// the same number of times.
func balanced(html []byte) bool {
	s := string(html)
	for _, tag := range []string{"blockquote", "ul", "ol", "li", "table", "details", "div", "dl"} {
		if strings.Count(s, "<"+tag+">")+strings.Count(s, "<"+tag+" ") != strings.Count(s, "</"+tag+">") {
			return false
		}
	}
	return true
}
