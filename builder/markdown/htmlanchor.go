package markdown

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HTMLAnchors keeps the anchors READMEs set in HTML, <a id="x"></a> and
// <a name="x"></a>, which their own tables of contents link to: the page
// records their IDs (Page.HTMLIDs), so lore check finds them, and with raw
// HTML shown escaped (the default) an anchor that holds nothing but an id
// or a name still renders as one, since it can do no harm. With raw HTML
// let through, every id= in it counts.
type HTMLAnchors struct {
	Escaped bool
}

func (e *HTMLAnchors) Extend(m goldmark.Markdown) {
	// Before EscapedHTML turns raw HTML into text (50).
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&htmlAnchorTransformer{escaped: e.Escaped}, 40)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlAnchorRenderer{}, 100)))
}

// KindHTMLAnchor is an empty <a id> kept from raw HTML.
var KindHTMLAnchor = ast.NewNodeKind("HTMLAnchor")

// HTMLAnchor is <a id="ID"></a>.
type HTMLAnchor struct {
	ast.BaseInline
	ID string
}

func (n *HTMLAnchor) Kind() ast.NodeKind { return KindHTMLAnchor }

func (n *HTMLAnchor) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID}, nil)
}

var (
	// safeAnchor is an opening <a> with one id or name attribute only.
	safeAnchor = regexp.MustCompile(`^<a\s+(?:id|name)\s*=\s*(?:"([^"<>]+)"|'([^'<>]+)'|([^\s"'<>=]+))\s*>$`)
	// anchorsOnly is an HTML block of nothing but such anchors.
	anchorsOnly = regexp.MustCompile(`^(?:\s*<a\s+(?:id|name)\s*=\s*(?:"[^"<>]+"|'[^'<>]+'|[^\s"'<>=]+)\s*>\s*</a>)+\s*$`)
	anchorIn    = regexp.MustCompile(`<a\s+(?:id|name)\s*=\s*(?:"([^"<>]+)"|'([^'<>]+)'|([^\s"'<>=]+))`)
	// anyID is an id= or name= attribute anywhere, for raw HTML let through.
	anyID = regexp.MustCompile(`\s(?:id|name)\s*=\s*(?:"([^"<>]+)"|'([^'<>]+)'|([^\s"'<>=]+))`)
)

func firstGroup(m [][]byte) string {
	for _, g := range m[1:] {
		if len(g) > 0 {
			return string(g)
		}
	}
	return ""
}

type htmlAnchorTransformer struct{ escaped bool }

func (t *htmlAnchorTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	if p == nil || !bytes.Contains(p.Body, []byte("<")) {
		return
	}
	p.HTMLIDs = p.HTMLIDs[:0]
	src := reader.Source()
	raws, blocks := htmlNodes(doc)
	if !t.escaped {
		for _, r := range raws {
			p.HTMLIDs = appendIDs(p.HTMLIDs, anyID, rawText(r, src))
		}
		for _, b := range blocks {
			p.HTMLIDs = appendIDs(p.HTMLIDs, anyID, blockText(b, src))
		}
		return
	}
	for _, r := range raws {
		m := safeAnchor.FindSubmatch(rawText(r, src))
		if m == nil || r.Parent() == nil {
			continue
		}
		a := &HTMLAnchor{ID: firstGroup(m)}
		p.HTMLIDs = append(p.HTMLIDs, a.ID)
		// The </a> that closes it goes too; the text between stays.
		for s := r.NextSibling(); s != nil; s = s.NextSibling() {
			if c, ok := s.(*ast.RawHTML); ok && bytes.EqualFold(bytes.TrimSpace(rawText(c, src)), []byte("</a>")) {
				c.Parent().RemoveChild(c.Parent(), c)
				break
			}
		}
		r.Parent().ReplaceChild(r.Parent(), r, a)
	}
	for _, b := range blocks {
		body := blockText(b, src)
		if !anchorsOnly.Match(body) {
			continue
		}
		para := ast.NewParagraph()
		for _, m := range anchorIn.FindAllSubmatch(body, -1) {
			a := &HTMLAnchor{ID: firstGroup(m)}
			p.HTMLIDs = append(p.HTMLIDs, a.ID)
			para.AppendChild(para, a)
		}
		b.Parent().ReplaceChild(b.Parent(), b, para)
	}
}

// htmlNodes lists the raw HTML in doc, inline and in blocks, so that a
// transformer can replace nodes without disturbing its own walk.
func htmlNodes(doc ast.Node) (raws []*ast.RawHTML, blocks []*ast.HTMLBlock) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.RawHTML:
				raws = append(raws, n)
			case *ast.HTMLBlock:
				blocks = append(blocks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	return raws, blocks
}

func appendIDs(ids []string, re *regexp.Regexp, html []byte) []string {
	for _, m := range re.FindAllSubmatch(html, -1) {
		ids = append(ids, firstGroup(m))
	}
	return ids
}

func rawText(r *ast.RawHTML, src []byte) []byte {
	var b bytes.Buffer
	for i := 0; i < r.Segments.Len(); i++ {
		seg := r.Segments.At(i)
		b.Write(seg.Value(src))
	}
	return b.Bytes()
}

func blockText(n *ast.HTMLBlock, src []byte) []byte {
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(src))
	}
	return b.Bytes()
}

type htmlAnchorRenderer struct{}

func (htmlAnchorRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindHTMLAnchor, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<a id="`)
			w.Write(util.EscapeHTML([]byte(n.(*HTMLAnchor).ID)))
			w.WriteString(`"></a>`)
		}
		return ast.WalkContinue, nil
	})
}
