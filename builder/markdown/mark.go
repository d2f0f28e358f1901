package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindMark is highlighted text.
var KindMark = ast.NewNodeKind("Mark")

// Mark is ==highlighted text==, rendered as <mark>.
type Mark struct {
	ast.BaseInline
}

func (n *Mark) Kind() ast.NodeKind { return KindMark }

func (n *Mark) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Marks renders Obsidian's ==highlights== as <mark>. The delimiters follow
// the same flanking rules as **strong**, so "a == b" in prose stays text;
// exactly two = open and close a highlight.
type Marks struct{}

func (e *Marks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(&markParser{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&markRenderer{}, 500)))
}

type markDelimiter struct{}

func (markDelimiter) IsDelimiter(b byte) bool { return b == '=' }

func (markDelimiter) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (markDelimiter) OnMatch(consumes int) ast.Node { return &Mark{} }

type markParser struct{}

func (*markParser) Trigger() []byte { return []byte{'='} }

func (*markParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 2, markDelimiter{})
	if d == nil || d.OriginalLength != 2 || before == '=' {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

type markRenderer struct{}

func (r *markRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMark, r.render)
}

func (r *markRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString("<mark>")
	} else {
		w.WriteString("</mark>")
	}
	return ast.WalkContinue, nil
}
