package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindMath is inline maths, $...$ or $$...$$ within a paragraph.
var KindMath = ast.NewNodeKind("Math")

// Math is TeX within a paragraph.
type Math struct {
	ast.BaseInline
	TeX     []byte
	Display bool
}

func (n *Math) Kind() ast.NodeKind { return KindMath }

func (n *Math) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"TeX": string(n.TeX)}, nil)
}

// PlainText is what search and summaries see: the TeX source.
func (n *Math) PlainText() string { return string(n.TeX) }

// KindMathBlock is display maths on lines of its own, $$ ... $$.
var KindMathBlock = ast.NewNodeKind("MathBlock")

// MathBlock is display maths; its lines are the TeX source.
type MathBlock struct {
	ast.BaseBlock
	closed bool // its closing $$ has been read
}

func (n *MathBlock) Kind() ast.NodeKind { return KindMathBlock }

// IsRaw keeps goldmark from parsing the source as Markdown.
func (n *MathBlock) IsRaw() bool { return true }

func (n *MathBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Maths reads TeX maths as Obsidian, GitHub and MkDocs (arithmatex) do:
//
//	Inline $e^{i\pi} + 1 = 0$, or display $$\sum_i x_i$$ in a paragraph.
//
//	$$
//	\int_0^1 x^2\,dx = \tfrac13
//	$$
//
// The TeX is written escaped into <span class="math"> or <div class="math
// math-display">, which the theme typesets in the browser with the KaTeX
// it ships; Page.HasMath marks the pages that need it. Without JavaScript the
// TeX shows as written.
//
// So that prices stay prose ("$5 and $10"), an inline $ must be followed by
// a non-space, and the next $ must close it: preceded by a non-space and
// not followed by a digit, with no backtick between them; \$ is a dollar
// sign.
type Maths struct{}

func (e *Maths) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before the fenced code parser (700); nothing else starts with '$'.
		parser.WithBlockParsers(util.Prioritized(&mathBlockParser{}, 660)),
		parser.WithInlineParsers(util.Prioritized(&mathParser{}, 160)),
		parser.WithASTTransformers(util.Prioritized(&mathTransformer{}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&mathRenderer{}, 100)))
}

var displayMark = []byte("$$")

type mathBlockParser struct{}

func (*mathBlockParser) Trigger() []byte { return []byte{'$'} }

func (*mathBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], displayMark) {
		return nil, parser.NoChildren
	}
	rest := util.TrimRightSpace(line[pos+2:])
	end := bytes.Index(rest, displayMark)
	if end < 0 && !bytes.Contains(reader.Source()[seg.Stop:], displayMark) {
		// Never closed: text ("$$5 million"), not the rest of the page.
		return nil, parser.NoChildren
	}
	n := &MathBlock{}
	if end >= 0 {
		// $$ x $$ on one line is a block only when nothing follows it.
		if end+2 != len(rest) {
			return nil, parser.NoChildren
		}
		start := seg.Start + pos + 2
		n.Lines().Append(text.NewSegment(start, start+end))
		n.closed = true
	} else if len(bytes.TrimSpace(rest)) > 0 {
		start := seg.Start + pos + 2
		n.Lines().Append(text.NewSegment(start, start+len(rest)))
	}
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

func (*mathBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*MathBlock)
	if n.closed {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	trimmed := util.TrimRightSpace(line)
	if bytes.HasSuffix(trimmed, displayMark) {
		if body := trimmed[:len(trimmed)-2]; len(bytes.TrimSpace(body)) > 0 {
			n.Lines().Append(text.NewSegment(seg.Start, seg.Start+len(body)))
		}
		n.closed = true
	} else {
		n.Lines().Append(seg)
	}
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (*mathBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (*mathBlockParser) CanInterruptParagraph() bool { return true }

func (*mathBlockParser) CanAcceptIndentedLine() bool { return false }

type mathParser struct{}

func (*mathParser) Trigger() []byte { return []byte{'$'} }

func (*mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if block.PrecendingCharacter() == '\\' {
		return nil
	}
	line, _ := block.PeekLine()
	if bytes.HasPrefix(line, displayMark) {
		return parseDisplayMath(block)
	}
	if len(line) < 3 || line[1] == ' ' || line[1] == '\t' || line[1] == '\n' {
		return nil
	}
	for i := 2; i < len(line); i++ {
		switch {
		case line[i] == '`':
			// Maths holds no code; "$5 ... `$HOME`" is a price and code.
			return nil
		case line[i] == ']' && i+1 < len(line) && line[i+1] == '(':
			// Nor the end of a link's text: "[$http service](.../$http)".
			return nil
		case line[i] == '\\':
			i++ // \$ inside maths is a dollar sign
		case line[i] == '$':
			// TeX ends inline maths at the next $, so one that cannot close
			// ("$5 and $10, and $a^2$") makes this $ a dollar sign.
			if line[i-1] == ' ' || line[i-1] == '\t' || i+1 < len(line) && isDigit(line[i+1]) {
				return nil
			}
			n := &Math{TeX: bytes.Clone(line[1:i])}
			if inTableCell(parent) {
				// The bar was escaped for the table, not for TeX: $a \| b$.
				n.TeX = bytes.ReplaceAll(n.TeX, []byte(`\|`), []byte("|"))
			}
			block.Advance(i + 1)
			return n
		}
	}
	return nil
}

// parseDisplayMath takes $$...$$ within a paragraph, across its lines if
// need be; without a closing $$ it is text.
func parseDisplayMath(block text.Reader) ast.Node {
	startLine, startPos := block.Position()
	block.Advance(2)
	var tex []byte
	for {
		line, _ := block.PeekLine()
		if line == nil {
			block.SetPosition(startLine, startPos)
			return nil
		}
		if end := bytes.Index(line, displayMark); end >= 0 {
			tex = append(tex, line[:end]...)
			block.Advance(end + 2)
			if len(bytes.TrimSpace(tex)) == 0 {
				block.SetPosition(startLine, startPos)
				return nil
			}
			return &Math{TeX: tex, Display: true}
		}
		tex = append(tex, line...)
		block.AdvanceLine()
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// mathTransformer marks pages with maths, so the theme loads KaTeX.
type mathTransformer struct{}

func (t *mathTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	if p == nil {
		return
	}
	p.HasMath = false
	if bytes.IndexByte(reader.Source(), '$') < 0 {
		// Maths needs a $: most notes have none, and need no walk.
		return
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if k := n.Kind(); entering && (k == KindMath || k == KindMathBlock) {
			p.HasMath = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
}

type mathRenderer struct{}

func (r *mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMath, r.inline)
	reg.Register(KindMathBlock, r.block)
}

func (r *mathRenderer) inline(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*Math)
	if n.Display {
		w.WriteString(`<span class="math math-display">`)
	} else {
		w.WriteString(`<span class="math">`)
	}
	w.Write(util.EscapeHTML(n.TeX))
	w.WriteString("</span>")
	return ast.WalkSkipChildren, nil
}

func (r *mathRenderer) block(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	writeRawBlock(w, src, node, `<div class="math math-display">`, "</div>\n")
	return ast.WalkSkipChildren, nil
}
