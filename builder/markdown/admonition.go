package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Admonitions reads MkDocs admonitions (Python-Markdown's, and Material
// for MkDocs' collapsible ones) as callouts, so a docs folder written for
// MkDocs builds as it is:
//
//	!!! warning "Rotate before Friday"
//	    The body, indented by four spaces.
//
//	??? tip "Folded until clicked"     ???+ tip "Foldable, open at first"
//
// The types are the callouts' types; words after the type (Material's
// "inline end") are ignored, and a missing title is the type's name.
type Admonitions struct{}

func (e *Admonitions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(&admonitionParser{}, 750)))
}

var admonitionHead = regexp.MustCompile(`^(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)(?:[ \t]+[A-Za-z][\w-]*)*(?:[ \t]+"([^"]*)")?[ \t]*$`)

type admonitionParser struct{}

func (*admonitionParser) Trigger() []byte { return []byte{'!', '?'} }

func (*admonitionParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	m := admonitionHead.FindSubmatch(util.TrimRightSpace(line[pos:]))
	if m == nil {
		return nil, parser.NoChildren
	}
	c := newAdmonition(string(m[2]), string(m[3]))
	switch string(m[1]) {
	case "???":
		c.Fold = "-"
	case "???+":
		c.Fold = "+"
	}
	reader.AdvanceToEOL()
	return c, parser.HasChildren
}

func (*admonitionParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return continueIndented(reader)
}

// continueIndented takes blank lines and lines indented by four spaces or
// more, without the four spaces, as the body of a block opened by a line
// of its own: Python-Markdown's admonitions and content tabs.
func continueIndented(reader text.Reader) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		reader.AdvanceToEOL()
		return parser.Continue | parser.HasChildren
	}
	if indent, _ := util.IndentWidth(line, reader.LineOffset()); indent < 4 {
		return parser.Close
	}
	pos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	reader.AdvanceAndSetPadding(pos, padding)
	return parser.Continue | parser.HasChildren
}

// newAdmonition is a callout of the type written, titled title or, without
// one, by its type. The title is plain text, as in MkDocs and Docusaurus,
// so it needs no inline children (which a block parser could not add yet).
func newAdmonition(written, title string) *Callout {
	c := &Callout{Style: CalloutType(written), Written: strings.ToLower(written)}
	t := &CalloutTitle{Default: titleCase(written)}
	if title = strings.TrimSpace(title); title != "" {
		t.Default = title
	}
	c.AppendChild(c, t)
	return c
}

func (*admonitionParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	intoBody(node)
}

// intoBody moves the blocks parsed into a callout after its title into its
// body, the shape the callout renderer expects.
func intoBody(node ast.Node) {
	body := &CalloutBody{}
	for n := node.FirstChild().NextSibling(); n != nil; {
		next := n.NextSibling()
		body.AppendChild(body, n)
		n = next
	}
	node.AppendChild(node, body)
}

func (*admonitionParser) CanInterruptParagraph() bool { return false }

func (*admonitionParser) CanAcceptIndentedLine() bool { return false }
