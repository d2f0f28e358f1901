package markdown

import (
	"bytes"
	"regexp"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Shortcodes warns about Hugo shortcodes ({{< ref "x.md" >}},
// {{% notice %}}) in a page's text. Lore has no shortcodes, so they show
// as written; said at their line, a site moved from Hugo finds every one
// with lore check instead of reading every page. Shortcodes in code are
// examples, not uses, and are left alone.
type Shortcodes struct{}

func (e *Shortcodes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&shortcodeChecker{}, 900)))
}

var shortcodeRe = regexp.MustCompile(`\{\{[<%]\s*([A-Za-z][\w./-]*)`) // not the closing {{< /name >}}

type shortcodeChecker struct{}

func (*shortcodeChecker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	lines := linesFrom(pc)
	if p == nil || lines == nil || !bytes.Contains(p.Body, []byte("{{")) {
		return
	}
	src := reader.Source()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			seg := n.Segment
			for _, m := range shortcodeRe.FindAllSubmatchIndex(seg.Value(src), -1) {
				l, c := lines.lineCol(seg.Start + m[0])
				p.Warnings = append(p.Warnings, diag.Warnf(p.Path, l, c, diag.CodeUnsupported,
					"Hugo shortcode %q is not supported and shows as written", string(seg.Value(src)[m[2]:m[3]])))
			}
		}
		return ast.WalkContinue, nil
	})
}
