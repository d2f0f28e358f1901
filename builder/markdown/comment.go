package markdown

import (
	"bytes"

	"github.com/lore-wiki/lore/builder/diag"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindComment is an Obsidian comment, inline or block.
var KindComment = ast.NewNodeKind("Comment")

// Comment is text between %% and %%. It has no children: what it hides is
// never rendered, searched, summarised or linked.
type Comment struct {
	ast.BaseInline
}

func (n *Comment) Kind() ast.NodeKind { return KindComment }

func (n *Comment) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// KindCommentBlock is a comment that takes whole lines.
var KindCommentBlock = ast.NewNodeKind("CommentBlock")

// CommentBlock is a comment that starts a line: %% alone on a line up to
// the next line containing %%, blank lines included, or a whole line
// %% like this %%.
type CommentBlock struct {
	ast.BaseBlock
	closed bool // its closing %% has been read
	start  int  // offset of its opening %%, for the warning when never closed
}

func (n *CommentBlock) Kind() ast.NodeKind { return KindCommentBlock }

func (n *CommentBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Comments hides Obsidian comments, as Obsidian's reading view does:
//
//	Visible %%not published%% visible.
//
//	%%
//	Notes to ourselves, over several
//
//	paragraphs.
//	%%
//
// Authors keep private notes in them, so what they hide never reaches the
// site, the search index or backlink excerpts. A block comment that is
// never closed hides the rest of the page, as in Obsidian: showing it
// would publish what the author meant to hide.
type Comments struct{}

func (e *Comments) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before the fenced code parser (700); nothing else starts with '%'.
		parser.WithBlockParsers(util.Prioritized(&commentBlockParser{}, 650)),
		// Code spans (100) come first, so `%%` in code stays code.
		parser.WithInlineParsers(util.Prioritized(&commentParser{}, 150)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&commentRenderer{}, 100)))
}

var commentMark = []byte("%%")

type commentBlockParser struct{}

func (*commentBlockParser) Trigger() []byte { return []byte{'%'} }

func (*commentBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], commentMark) {
		return nil, parser.NoChildren
	}
	rest := line[pos+2:]
	if end := bytes.Index(rest, commentMark); end >= 0 {
		// One line: a block only when nothing follows the closing %% and
		// it does not sit between a paragraph's lines; otherwise it is an
		// inline comment, and the paragraph stays whole.
		if !util.IsBlank(rest[end+2:]) || ast.IsParagraph(pc.LastOpenedBlock().Node) {
			return nil, parser.NoChildren
		}
		reader.AdvanceToEOL()
		return &CommentBlock{closed: true}, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &CommentBlock{start: seg.Start + pos}, parser.NoChildren
}

func (*commentBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	c := node.(*CommentBlock)
	if c.closed {
		return parser.Close
	}
	line, _ := reader.PeekLine()
	reader.AdvanceToEOL()
	c.closed = bytes.Contains(line, commentMark)
	return parser.Continue | parser.NoChildren
}

// Close warns about a comment never closed: it hides the rest of the page,
// which is rarely what the author meant ("%% Section one" in a MATLAB
// snippet, a forgotten closing mark), and nothing else would show it.
func (*commentBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	c := node.(*CommentBlock)
	p, lines := PageFrom(pc), linesFrom(pc)
	if c.closed || p == nil || lines == nil {
		return
	}
	l, col := lines.lineCol(c.start)
	p.Warnings = append(p.Warnings, diag.Warnf(p.Path, l, col, diag.CodeUnclosedComment,
		"this %%%% comment is never closed, so it hides everything after it; close it with %%%%"))
}

func (*commentBlockParser) CanInterruptParagraph() bool { return true }

func (*commentBlockParser) CanAcceptIndentedLine() bool { return false }

type commentParser struct{}

func (*commentParser) Trigger() []byte { return []byte{'%'} }

// Parse takes %%...%% within a paragraph, across its lines if need be. An
// opening %% that the paragraph never closes is plain text ("50%% done").
func (*commentParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if !bytes.HasPrefix(line, commentMark) {
		return nil
	}
	startLine, startPos := block.Position()
	block.Advance(2)
	for {
		line, _ := block.PeekLine()
		if line == nil {
			block.SetPosition(startLine, startPos)
			return nil
		}
		if end := bytes.Index(line, commentMark); end >= 0 {
			block.Advance(end + 2)
			return &Comment{}
		}
		block.AdvanceLine()
	}
}

type commentRenderer struct{}

func (r *commentRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindComment, skipComment)
	reg.Register(KindCommentBlock, skipComment)
}

func skipComment(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}
