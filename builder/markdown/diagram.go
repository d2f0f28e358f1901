package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindDiagram is a ```mermaid block.
var KindDiagram = ast.NewNodeKind("Diagram")

// Diagram is a Mermaid diagram; its lines are the diagram's source.
type Diagram struct {
	ast.BaseBlock
}

func (n *Diagram) Kind() ast.NodeKind { return KindDiagram }

// IsRaw keeps goldmark from parsing the source as Markdown.
func (n *Diagram) IsRaw() bool { return true }

func (n *Diagram) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Diagrams draws ```mermaid code blocks as diagrams, as GitHub, Obsidian
// and Material for MkDocs do. The source goes into <pre class="mermaid">,
// which the theme draws in the browser with the mermaid.js it ships (no
// CDN); Page.HasDiagrams marks the pages that need it, so the others do not
// load it. Without JavaScript the source shows as code.
type Diagrams struct{}

func (e *Diagrams) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&diagramTransformer{}, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&diagramRenderer{}, 100)))
}

type diagramTransformer struct{}

func (t *diagramTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*ast.FencedCodeBlock); ok && entering && strings.EqualFold(string(c.Language(src)), "mermaid") {
			blocks = append(blocks, c)
		}
		return ast.WalkContinue, nil
	})
	if p := PageFrom(pc); p != nil {
		p.HasDiagrams = len(blocks) > 0
	}
	for _, c := range blocks {
		d := &Diagram{}
		d.SetLines(c.Lines())
		c.Parent().ReplaceChild(c.Parent(), c, d)
	}
}

type diagramRenderer struct{}

func (r *diagramRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDiagram, r.render)
}

func (r *diagramRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	writeRawBlock(w, src, n, `<pre class="mermaid" tabindex="0">`, "</pre>\n")
	return ast.WalkSkipChildren, nil
}

// writeRawBlock writes the source lines of a raw block (a diagram, a maths
// block), escaped, between open and close, for a script to read back.
func writeRawBlock(w util.BufWriter, src []byte, n ast.Node, open, close string) {
	w.WriteString(open)
	lines := n.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		w.Write(util.EscapeHTML(line.Value(src)))
	}
	w.WriteString(close)
}
