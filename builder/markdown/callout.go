package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Callout kinds: a blockquote whose first line is [!type] becomes a
// Callout with a CalloutTitle and a CalloutBody.
var (
	KindCallout      = ast.NewNodeKind("Callout")
	KindCalloutTitle = ast.NewNodeKind("CalloutTitle")
	KindCalloutBody  = ast.NewNodeKind("CalloutBody")
)

// Callout is an Obsidian callout:
//
//	> [!warning] Title        a callout
//	> [!tip]- Title           folded; opens on click (<details>, no JavaScript)
//	> [!tip]+ Title           foldable, open at first
//
// Style is the canonical type (aliases folded, unknown types become note);
// Written is the type as the author wrote it, kept as data-callout so a
// site's CSS can style its own types.
type Callout struct {
	ast.BaseBlock
	Style   string
	Written string
	// Fold is "" (not foldable), "-" (folded) or "+" (foldable, open).
	Fold string
	// fence is the length of a fenced admonition's opening ::: (see
	// FencedAdmonitions), which its closing line must match, and
	// fenceIndent how deep the opening line was indented.
	fence, fenceIndent int
}

func (n *Callout) Kind() ast.NodeKind { return KindCallout }

func (n *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Style": n.Style, "Fold": n.Fold}, nil)
}

// CalloutTitle holds the title's inline content (the callout's type, title
// cased, when the author gave none).
type CalloutTitle struct {
	ast.BaseBlock
	Default string
}

func (n *CalloutTitle) Kind() ast.NodeKind { return KindCalloutTitle }

func (n *CalloutTitle) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// CalloutBody holds the callout's blocks.
type CalloutBody struct{ ast.BaseBlock }

func (n *CalloutBody) Kind() ast.NodeKind { return KindCalloutBody }

func (n *CalloutBody) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// calloutTypes maps Obsidian's callout types and aliases to the type that
// names their style.
var calloutTypes = map[string]string{
	"note":     "note",
	"abstract": "abstract", "summary": "abstract", "tldr": "abstract",
	"info": "info",
	"todo": "todo",
	"tip":  "tip", "hint": "tip", "important": "tip",
	"success": "success", "check": "success", "done": "success",
	"question": "question", "help": "question", "faq": "question",
	"warning": "warning", "caution": "warning", "attention": "warning",
	"failure": "failure", "fail": "failure", "missing": "failure",
	"danger": "danger", "error": "danger",
	"bug":     "bug",
	"example": "example",
	"quote":   "quote", "cite": "quote",
}

// CalloutType returns the canonical type for a written one; unknown types
// are styled as notes.
func CalloutType(written string) string {
	if t, ok := calloutTypes[strings.ToLower(written)]; ok {
		return t
	}
	return "note"
}

var calloutHead = regexp.MustCompile(`^\[!([^\]\s]+)\]([+-]?)[ \t]*`)

// Callouts turns [!type] blockquotes into callouts.
type Callouts struct{}

func (e *Callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&calloutTransformer{}, 1000)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&calloutRenderer{}, 100)))
}

type calloutTransformer struct{}

func (t *calloutTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("[!")) {
		// Every callout starts [!type]: most notes have none, and need
		// no walk.
		return
	}
	var quotes []*ast.Blockquote
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	// Innermost last in document order; converting outer ones first keeps
	// the inner blockquote nodes valid, as they only move.
	for _, q := range quotes {
		convertCallout(q, src)
	}
}

func convertCallout(q *ast.Blockquote, src []byte) {
	para, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || para.Lines().Len() == 0 {
		return
	}
	first := para.Lines().At(0)
	m := calloutHead.FindSubmatchIndex(first.Value(src))
	if m == nil {
		return
	}
	written := string(first.Value(src)[m[2]:m[3]])
	c := &Callout{Style: CalloutType(written), Written: strings.ToLower(written), Fold: string(first.Value(src)[m[4]:m[5]])}
	headEnd := first.Start + m[1]
	lineEnd := first.Stop

	title := &CalloutTitle{Default: titleCase(written)}
	for n := para.FirstChild(); n != nil; {
		next := n.NextSibling()
		start, stop := inlineSpan(n)
		switch {
		case start >= lineEnd:
			// The rest of the paragraph is the callout's first body line.
			next = nil
		case start >= 0 && stop <= headEnd:
			para.RemoveChild(para, n)
		default:
			if t, ok := n.(*ast.Text); ok && t.Segment.Start < headEnd {
				t.Segment = t.Segment.WithStart(headEnd)
			}
			para.RemoveChild(para, n)
			if t, ok := n.(*ast.Text); ok && t.SoftLineBreak() {
				t.SetSoftLineBreak(false)
			}
			title.AppendChild(title, n)
		}
		n = next
	}
	trimTitle(title, src)

	body := &CalloutBody{}
	if para.FirstChild() == nil {
		q.RemoveChild(q, para)
	}
	for n := q.FirstChild(); n != nil; {
		next := n.NextSibling()
		body.AppendChild(body, n)
		n = next
	}
	c.AppendChild(c, title)
	c.AppendChild(c, body)
	parent := q.Parent()
	parent.ReplaceChild(parent, q, c)
}

// trimTitle drops a title made only of spaces, so the default is used.
func trimTitle(title *CalloutTitle, src []byte) {
	for n := title.FirstChild(); n != nil; n = n.NextSibling() {
		t, ok := n.(*ast.Text)
		if !ok || strings.TrimSpace(string(t.Segment.Value(src))) != "" {
			return
		}
	}
	for title.FirstChild() != nil {
		title.RemoveChild(title, title.FirstChild())
	}
}

// inlineSpan is where an inline node's source starts and stops (-1 when
// it has no source text, such as an empty emphasis).
func inlineSpan(n ast.Node) (start, stop int) {
	switch n := n.(type) {
	case *ast.Text:
		return n.Segment.Start, n.Segment.Stop
	case *WikiLink:
		return n.Offset, n.Offset + 1
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			return n.Segments.At(0).Start, n.Segments.At(n.Segments.Len() - 1).Stop
		}
	}
	start, stop = -1, -1
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		s, e := inlineSpan(c)
		if s < 0 {
			continue
		}
		if start < 0 {
			start = s
		}
		stop = e
	}
	return start, stop
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToLower(s)
	r, size := utf8.DecodeRuneInString(s) // [!été]: a letter of two bytes
	return string(unicode.ToUpper(r)) + s[size:]
}

type calloutRenderer struct{}

func (r *calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, r.callout)
	reg.Register(KindCalloutTitle, r.title)
	reg.Register(KindCalloutBody, r.body)
}

func (r *calloutRenderer) callout(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Callout)
	tag := "div"
	if n.Fold != "" {
		tag = "details"
	}
	if !entering {
		w.WriteString("</" + tag + ">\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<" + tag + ` class="callout callout-` + n.Style + `" data-callout="`)
	w.Write(util.EscapeHTML([]byte(n.Written)))
	w.WriteString(`"`)
	if n.Fold == "+" {
		w.WriteString(" open")
	}
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func (r *calloutRenderer) title(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*CalloutTitle)
	folded := n.Parent().(*Callout).Fold != ""
	tag := "div"
	if folded {
		tag = "summary"
	}
	if entering {
		w.WriteString("<" + tag + ` class="callout-title"><span class="callout-icon" aria-hidden="true"></span><span class="callout-title-text">`)
		if n.FirstChild() == nil {
			w.Write(util.EscapeHTML([]byte(n.Default)))
		}
		return ast.WalkContinue, nil
	}
	w.WriteString("</span></" + tag + ">\n")
	return ast.WalkContinue, nil
}

func (r *calloutRenderer) body(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if node.FirstChild() == nil {
		return ast.WalkSkipChildren, nil
	}
	if entering {
		w.WriteString("<div class=\"callout-content\">\n")
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
