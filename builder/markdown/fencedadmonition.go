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
	if m == nil || !closedLater(reader.Source()[seg.Stop:], len(m[1])) {
		// Never closed: text, not the rest of the page.
		return nil, parser.NoChildren
	}
	c := newAdmonition(string(m[2]), string(m[3])+string(m[4]))
	c.fence = len(m[1])
	reader.AdvanceToEOL()
	return c, parser.HasChildren
}

// closedLater reports a line of exactly n colons in rest.
func closedLater(rest []byte, n int) bool {
	for len(rest) > 0 {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte{'\n'})
		if t := bytes.TrimSpace(l); len(t) == n && bytes.Count(t, []byte{':'}) == n {
			return true
		}
	}
	return false
}

func (*fencedAdmonitionParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	n := node.(*Callout).fence
	if t := bytes.TrimSpace(line); len(t) == n && bytes.Count(t, []byte{':'}) == n {
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (*fencedAdmonitionParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	intoBody(node)
}

func (*fencedAdmonitionParser) CanInterruptParagraph() bool { return true }

func (*fencedAdmonitionParser) CanAcceptIndentedLine() bool { return false }
