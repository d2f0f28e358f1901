package markdown

import (
	"net/url"
	"strings"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindLocalLink is a Markdown link or image whose destination is a relative
// path inside the site, e.g. [risks](../retros/sprint%2042.md#risks).
var KindLocalLink = ast.NewNodeKind("LocalLink")

// LocalLink replaces an ast.Link or ast.Image pointing at a local file. Its
// children are the link text (or, for images, the alt text).
type LocalLink struct {
	ast.BaseInline
	Index int
	Image bool
	Title []byte
}

func (n *LocalLink) Kind() ast.NodeKind { return KindLocalLink }

func (n *LocalLink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

// LocalLinks records relative links and images so the link stage can point
// them at the target page's URL, and renders them as placeholders.
type LocalLinks struct{}

func (e *LocalLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&localLinkTransformer{}, 900)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&localLinkRenderer{}, 100)))
}

type localLinkTransformer struct{}

func (t *localLinkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	if p == nil {
		return
	}
	src := reader.Source()
	var found []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if isLocal(string(l.Destination)) {
				found = append(found, n)
			}
		case *ast.Image:
			if isLocal(string(l.Destination)) {
				found = append(found, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		replaceLocal(n, p, src, linesFrom(pc))
	}
}

func replaceLocal(n ast.Node, p *page.Page, src []byte, lines *lineIndex) {
	var dest, title []byte
	image := false
	switch l := n.(type) {
	case *ast.Link:
		dest, title = l.Destination, l.Title
	case *ast.Image:
		dest, title, image = l.Destination, l.Title, true
	}
	target, frag, _ := strings.Cut(string(dest), "#")
	// A query means nothing to a file of the site; GitHub's ?plain=1
	// (show the source) is the one READMEs write.
	target, _, _ = strings.Cut(target, "?")
	if t, err := url.PathUnescape(target); err == nil {
		target = t
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	// The offset is that of the link text; point at the "[" or "![" before
	// it. With no text (![](x.png)), goldmark's own record of where the
	// link starts beats the start of its paragraph.
	off, before := nodeOffset(n, src), 1
	if image {
		before = 2
	}
	if firstText(n) == nil && n.Pos() >= 0 {
		off, before = n.Pos(), 0
	}
	line, col := lines.lineCol(off)
	col = max(1, col-before)
	link := &page.Link{Kind: page.MarkdownLink, Target: target, Fragment: frag,
		Label: plainText(n, src), Title: string(title), Line: line, Col: col}
	if image {
		link.Kind = page.MarkdownImage
		link.Size = takeImageSize(n, src, link)
	}
	if strings.HasPrefix(target, "/") {
		link.Raw = string(dest)
	}
	p.Links = append(p.Links, link)
	ll := &LocalLink{Index: len(p.Links) - 1, Image: image, Title: title}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		ll.AppendChild(ll, c)
		c = next
	}
	n.Parent().ReplaceChild(n.Parent(), n, ll)
}

// takeImageSize reads Obsidian's width in an image's alt text,
// ![diagram|300](flow.png) or |300x200, takes it out of the alt text and
// returns it.
func takeImageSize(n ast.Node, src []byte, l *page.Link) string {
	i := strings.LastIndexByte(l.Label, '|')
	if i < 0 || !isSize(l.Label[i+1:]) {
		return ""
	}
	suffix := l.Label[i:]
	last, ok := n.LastChild().(*ast.Text)
	if !ok || !strings.HasSuffix(string(last.Segment.Value(src)), suffix) {
		return ""
	}
	last.Segment = last.Segment.WithStop(last.Segment.Stop - len(suffix))
	l.Label = strings.TrimSpace(l.Label[:i])
	return strings.TrimSpace(suffix[1:])
}

// isLocal reports whether a link destination may be a file of the site: a
// relative or site-absolute path; no scheme, not protocol-relative, not a
// bare #fragment on the same page.
func isLocal(dest string) bool {
	if strings.HasPrefix(dest, "#") {
		// A heading of the same page: checked like [[#Heading]].
		return true
	}
	if dest == "" || strings.HasPrefix(dest, "//") || strings.HasPrefix(dest, "?") {
		return false
	}
	u, err := url.Parse(dest)
	if err != nil {
		// Spaces and other raw characters are common in hand-written paths.
		return !strings.Contains(dest, ":")
	}
	return u.Scheme == "" && u.Host == ""
}

type localLinkRenderer struct{}

func (r *localLinkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindLocalLink, r.render)
}

func (r *localLinkRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	l := n.(*LocalLink)
	if l.Image {
		if entering {
			WriteOpen(w, KindImage, l.Index)
			w.Write(util.EscapeHTML([]byte(plainText(n, src))))
			WriteClose(w, l.Index)
		}
		return ast.WalkSkipChildren, nil
	}
	if entering {
		WriteOpen(w, KindLink, l.Index)
	} else {
		WriteClose(w, l.Index)
	}
	return ast.WalkContinue, nil
}
