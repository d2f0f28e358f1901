package markdown

import (
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ContentTabs reads Material for MkDocs' content tabs, so docs written for
// it build as they are:
//
//	=== "Linux"
//
//	    The body, indented by four spaces.
//
//	=== "macOS"
//
//	    Another.
//
// Each tab shows as a titled block, one after the other: everything is
// readable with no script, and in print.
type ContentTabs struct{}

func (e *ContentTabs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(&contentTabParser{}, 755)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(contentTabRenderer{}, 100)))
}

// KindContentTab is one content tab.
var KindContentTab = ast.NewNodeKind("ContentTab")

// ContentTab is one tab: its title and, as children, its body.
type ContentTab struct {
	ast.BaseBlock
	Title string
}

func (n *ContentTab) Kind() ast.NodeKind { return KindContentTab }

func (n *ContentTab) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Title": n.Title}, nil)
}

var contentTabHead = regexp.MustCompile(`^===[+!]?[ \t]+"([^"]*)"[ \t]*$`)

type contentTabParser struct{}

func (*contentTabParser) Trigger() []byte { return []byte{'='} }

func (*contentTabParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	m := contentTabHead.FindSubmatch(util.TrimRightSpace(line[pos:]))
	if m == nil {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &ContentTab{Title: string(m[1])}, parser.HasChildren
}

func (*contentTabParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return continueIndented(reader)
}

func (*contentTabParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (*contentTabParser) CanInterruptParagraph() bool { return false }

func (*contentTabParser) CanAcceptIndentedLine() bool { return false }

type contentTabRenderer struct{}

func (contentTabRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindContentTab, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<div class="content-tab"><p class="content-tab-title">`)
			w.Write(util.EscapeHTML([]byte(n.(*ContentTab).Title)))
			w.WriteString("</p>\n")
		} else {
			w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
