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

var rawShortcodeRe = regexp.MustCompile(`^<([A-Za-z][\w./-]*)`)

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
			report := func(at int, name []byte) {
				l, c := lines.lineCol(at)
				p.Warnings = append(p.Warnings, diag.Warnf(p.Path, l, c, diag.CodeUnsupported,
					"Hugo shortcode %q is not supported and shows as written", string(name)))
			}
			for _, m := range shortcodeRe.FindAllSubmatchIndex(seg.Value(src), -1) {
				report(seg.Start+m[0], seg.Value(src)[m[2]:m[3]])
			}
			// {{<figure src="x">}}, with no space, reads as "{{" and an HTML
			// tag (made text already when raw HTML is escaped).
			if bytes.HasSuffix(seg.Value(src), []byte("{{")) {
				if m := rawShortcodeRe.FindSubmatch(htmlAfter(n, src)); m != nil {
					report(seg.Stop-2, m[1])
				}
			}
		}
		return ast.WalkContinue, nil
	})
}

// htmlAfter returns the inline HTML right after n, nil when there is none.
func htmlAfter(n ast.Node, src []byte) []byte {
	switch next := n.NextSibling().(type) {
	case *ast.RawHTML:
		if next.Segments.Len() > 0 {
			first := next.Segments.At(0)
			return first.Value(src)
		}
	case *ast.String:
		return next.Value
	}
	return nil
}
