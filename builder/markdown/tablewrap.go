package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindTableWrap is the scrolling box around a table.
var KindTableWrap = ast.NewNodeKind("TableWrap")

// TableWrap holds one table. A wide table scrolls sideways inside it on a
// phone; styling the table itself as a scrolling block instead would strip
// its table semantics in some screen readers.
type TableWrap struct {
	ast.BaseBlock
	// Number counts the page's tables from 1: each box is a named region,
	// and regions on a page need names of their own.
	Number int
}

func (n *TableWrap) Kind() ast.NodeKind { return KindTableWrap }

func (n *TableWrap) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// TableWraps puts every GFM table in a TableWrap, after the other
// transformers, which look for tables where the author wrote them.
type TableWraps struct{}

func (e *TableWraps) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&tableWrapTransformer{}, 3000)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&tableWrapRenderer{}, 500)))
}

type tableWrapTransformer struct{}

func (t *tableWrapTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if bytes.IndexByte(reader.Source(), '|') < 0 {
		// A table needs a |: a note without one needs no walk.
		return
	}
	var tables []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == extast.KindTable {
			tables = append(tables, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for i, table := range tables {
		wrap := &TableWrap{Number: i + 1}
		parent := table.Parent()
		parent.ReplaceChild(parent, table, wrap)
		wrap.AppendChild(wrap, table)
	}
}

type tableWrapRenderer struct{}

func (r *tableWrapRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTableWrap, r.render)
}

// The box is focusable so that keyboard users can scroll it, and so it is
// a named region.
func (r *tableWrapRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = fmt.Fprintf(w, `<div class="table-wrap" role="region" aria-label="Table %d" tabindex="0">`+"\n", node.(*TableWrap).Number)
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
