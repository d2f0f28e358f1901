package markdown

import (
	"bytes"
	emojiast "github.com/yuin/goldmark-emoji/ast"
	"strings"
	"unicode"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

const summaryLen = 280

// inspect walks the parsed document once and records headings, plain text
// by section, code, tasks and a summary on p.
func inspect(doc ast.Node, p *page.Page, lines *lineIndex) {
	src := p.Body
	p.Headings = p.Headings[:0]
	p.Tasks = p.Tasks[:0]
	var sections []page.Section
	cur := page.Section{}
	var text, code strings.Builder
	words := 0
	firstPara := ""
	currentHeading := ""
	flush := func() {
		cur.Text = strings.TrimSpace(text.String())
		if cur.Text != "" || cur.Heading != "" {
			sections = append(sections, cur)
		}
		text.Reset()
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			flush()
			id, _ := n.AttributeString("id")
			idStr, _ := id.([]byte)
			h := page.Heading{Level: n.Level, ID: string(idStr), Text: plainText(n, src),
				Source: strings.TrimSpace(string(n.Lines().Value(src)))}
			p.Headings = append(p.Headings, h)
			cur = page.Section{HeadingID: h.ID, Heading: h.Text}
			currentHeading = h.Text
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			code.Write(n.Lines().Value(src))
			code.WriteByte('\n')
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			// Section text keeps link markers, which the search document
			// labels; tasks and word counts take names as written.
			marked := markedText(n, src)
			t := page.LabelLinks(marked, p.WrittenName)
			if firstPara == "" && n.Parent() == doc {
				firstPara = marked
			}
			words += countWords(t)
			text.WriteString(marked)
			text.WriteByte('\n')
			if box, ok := n.FirstChild().(*TaskBox); ok {
				line, _ := lines.lineCol(nodeOffset(n, src))
				p.Tasks = append(p.Tasks, page.Task{
					Text: strings.TrimSpace(t), Done: box.Done(), Mark: string(box.Mark),
					Line: line, Heading: currentHeading,
				})
			}
			return ast.WalkSkipChildren, nil
		case *extast.TableCell:
			text.WriteString(markedText(n, src))
			text.WriteByte(' ')
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	flush()
	p.Sections = sections
	p.Code = code.String()
	p.WordCount = words
	p.SummarySource = p.Description
	if p.SummarySource == "" {
		p.SummarySource = truncate(firstPara, summaryLen)
	}
	p.Summary = p.SummarySource
}

// plainText is the text of n's inline content, without markup.
func plainText(n ast.Node, src []byte) string {
	return inlineText(n, src, false)
}

// markedText is plainText with a page.LinkMarker for each wikilink that
// shows its target's title, for text the link stage finishes.
func markedText(n ast.Node, src []byte) string {
	return inlineText(n, src, true)
}

func inlineText(n ast.Node, src []byte, marked bool) string {
	var b strings.Builder
	writeText(&b, n, src, marked, nil)
	return strings.TrimSpace(b.String())
}

// textValue is a text node as shown: "Tom &amp; Jerry" is "Tom & Jerry",
// "A \\* B" is "A * B". Code spans' text is as written.
func textValue(t *ast.Text, src []byte) []byte {
	v := t.Segment.Value(src)
	if t.IsRaw() || !bytes.ContainsAny(v, "&\\") {
		return v
	}
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}

// writeText writes the plain text of n's inline children: what a summary,
// an excerpt or search shows of them. With marked, a wikilink that shows
// its target's title is a page.LinkMarker; atLink, when set, hears where
// each link starts in b.
func writeText(b *strings.Builder, n ast.Node, src []byte, marked bool, atLink func(idx, pos int)) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(textValue(c, src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			// A bare URL has no text node: its label is the URL.
			b.Write(c.Label(src))
		case *ast.RawHTML, *TaskBox:
		case *ast.Image:
			// A badge's "CI" or a logo's alt text is not the title's or the
			// summary's words; GitHub's heading anchors leave images out too.
		case *emojiast.Emoji:
			b.WriteString(string(c.Value.Unicode))
		case *WikiLink:
			if atLink != nil {
				atLink(c.Index, b.Len())
			}
			if marked && c.showsTitle() {
				b.WriteString(page.LinkMarker(c.Index))
			} else {
				b.WriteString(c.PlainText())
			}
		case *LocalLink:
			if atLink != nil {
				atLink(c.Index, b.Len())
			}
			writeText(b, c, src, marked, atLink)
		default:
			// Inline #tags, maths and the like say what they read as.
			if t, ok := c.(interface{ PlainText() string }); ok {
				b.WriteString(t.PlainText())
				continue
			}
			writeText(b, c, src, marked, atLink)
		}
	}
}

// nodeOffset finds the byte offset in src where n starts, for line numbers.
func nodeOffset(n ast.Node, src []byte) int {
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
		if fc := firstText(c); fc != nil {
			return fc.Segment.Start
		}
	}
	return 0
}

func firstText(n ast.Node) *ast.Text {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t
		}
		if t := firstText(c); t != nil {
			return t
		}
	}
	return nil
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], " ,.;:") + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
