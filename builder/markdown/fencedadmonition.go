package markdown

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// FencedAdmonitions reads the admonitions of Docusaurus (and of
// markdown-it-container, VuePress and VitePress) as callouts, so docs
// written for them build as they are:
//
//	:::tip Deploy on Fridays
//	The body, not indented, in Markdown.
//	:::
//
//	:::danger[A title in brackets]     ::::warning holding a :::note
//
// The fence is three colons or more, closed by a line of as many; a longer
// fence holds shorter ones, as Docusaurus nests them.
type FencedAdmonitions struct{}

func (e *FencedAdmonitions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(&fencedAdmonitionParser{}, 760)))
}

var fencedAdmonitionHead = regexp.MustCompile(`^(:{3,})[ \t]*([A-Za-z][\w-]*)[ \t]*(?:\[(.*)\]|(.*))$`)

type fencedAdmonitionParser struct{}

func (*fencedAdmonitionParser) Trigger() []byte { return []byte{':'} }

func (*fencedAdmonitionParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	m := fencedAdmonitionHead.FindSubmatch(util.TrimRightSpace(line[pos:]))
	if m == nil || !fenceLines(pc, reader.Source()).closedAfter(len(m[1]), seg.Stop) {
		// Never closed: text, not the rest of the page.
		return nil, parser.NoChildren
	}
	c := newAdmonition(string(m[2]), string(m[3])+string(m[4]))
	c.fence = len(m[1])
	c.fenceIndent, _ = util.IndentWidth(line, reader.LineOffset())
	reader.AdvanceToEOL()
	return c, parser.HasChildren
}

// closingFences are the offsets of the lines that are only colons, by
// their number of colons, found once per page: asking anew for each
// opening fence cost the square of a page of unclosed ones.
type closingFences map[int][]int

var fencesKey = parser.NewContextKey()

func fenceLines(pc parser.Context, src []byte) closingFences {
	if f, ok := pc.Get(fencesKey).(closingFences); ok {
		return f
	}
	f := closingFences{}
	for at := 0; at < len(src); {
		l, _, _ := bytes.Cut(src[at:], []byte{'\n'})
		if t := bytes.TrimSpace(l); len(t) >= 3 && bytes.Count(t, []byte{':'}) == len(t) {
			f[len(t)] = append(f[len(t)], at)
		}
		at += len(l) + 1
	}
	pc.Set(fencesKey, f)
	return f
}

// closedAfter reports a line of exactly n colons after offset at.
func (f closingFences) closedAfter(n, at int) bool {
	offs := f[n]
	return len(offs) > 0 && offs[len(offs)-1] >= at
}

// Continue closes the admonition at a line of as many colons, written no
// deeper than its opening fence and not inside a code block of its body:
// an indented ":::" belongs to a list item's own admonition.
func (*fencedAdmonitionParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	c := node.(*Callout)
	t := bytes.TrimSpace(line)
	indent, _ := util.IndentWidth(line, reader.LineOffset())
	if len(t) == c.fence && bytes.Count(t, []byte{':'}) == c.fence && indent <= c.fenceIndent && !inCode(pc.LastOpenedBlock().Node, node) {
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

// inCode reports whether the block open deepest, below the admonition,
// is code (or raw HTML), where a ":::" line is content.
func inCode(open, admonition ast.Node) bool {
	for n := open; n != nil && n != admonition; n = n.Parent() {
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return true
		}
	}
	return false
}

func (*fencedAdmonitionParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	intoBody(node)
}

func (*fencedAdmonitionParser) CanInterruptParagraph() bool { return true }

func (*fencedAdmonitionParser) CanAcceptIndentedLine() bool { return false }
