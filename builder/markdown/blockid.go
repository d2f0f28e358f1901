package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// BlockIDs reads Obsidian block IDs, the target of [[Note#^id]] links and
// ![[Note#^id]] embeds:
//
//	A paragraph or a list item ending in one. ^decision-1
//
//	> A quote, a list or a table, with the ID on a line of its own after it.
//
//	^quote-1
//
// The marker is not shown. The block gets id="^decision-1", so a link
// lands on it, and the page's BlockIDs lists it so links can be checked.
type BlockIDs struct{}

func (e *BlockIDs) Extend(m goldmark.Markdown) {
	// After the callout transformer (1000), so a callout's paragraphs are
	// final, and before links get their context (2000).
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&blockIDTransformer{}, 1500)))
}

type blockIDTransformer struct{}

func (t *blockIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	if p == nil {
		return
	}
	p.BlockIDs = p.BlockIDs[:0]
	src := reader.Source()
	if bytes.IndexByte(src, '^') < 0 {
		// No ^id anywhere: most notes, and no walk of their tree.
		return
	}
	var found []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindParagraph || n.Kind() == ast.KindTextBlock) {
			found = append(found, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		if id := takeBlockID(n, src); id != "" {
			p.BlockIDs = append(p.BlockIDs, id)
		}
	}
}

// takeBlockID removes a trailing ^id from block n, gives the block it
// names that ID, and returns it ("" when n has none, or names a block
// whose HTML cannot carry an id).
func takeBlockID(n ast.Node, src []byte) string {
	last := joinTrailingText(n)
	if last == nil {
		return ""
	}
	value := last.Segment.Value(src)
	trimmed := bytes.TrimRight(value, " \t")
	caret := bytes.LastIndexByte(trimmed, '^')
	if caret < 0 || !isBlockID(trimmed[caret+1:]) || (caret > 0 && trimmed[caret-1] != ' ' && trimmed[caret-1] != '\t') {
		return ""
	}
	id := string(trimmed[caret+1:])
	alone := caret == 0 && last == n.FirstChild()
	target := n
	switch {
	case alone && n.Kind() == ast.KindParagraph:
		// "^id" as a paragraph of its own names the block before it.
		target = n.PreviousSibling()
		if target == nil || !carriesID(target) {
			return ""
		}
		if _, taken := target.AttributeString("id"); taken {
			return ""
		}
		n.Parent().RemoveChild(n.Parent(), n)
		target.SetAttributeString("id", []byte("^"+id))
		return id
	case alone:
		return ""
	case n.Parent() != nil && n.Parent().Kind() == ast.KindListItem && n.Parent().FirstChild() == n:
		target = n.Parent()
	}
	if n.Kind() == ast.KindTextBlock && target == n {
		return "" // a text block writes no tag of its own
	}
	last.Segment = last.Segment.WithStop(last.Segment.Start + len(bytes.TrimRight(trimmed[:caret], " \t")))
	target.SetAttributeString("id", []byte("^"+id))
	return id
}

// joinTrailingText joins the text at the end of block n that the inline
// parser split where a trigger character (the ^ of ^[note]) matched
// nothing, so "item ^id" is read as one text, and returns it (nil when n
// ends in something else).
func joinTrailingText(n ast.Node) *ast.Text {
	last, ok := n.LastChild().(*ast.Text)
	if !ok {
		return nil
	}
	for {
		prev, ok := last.PreviousSibling().(*ast.Text)
		if !ok || prev.SoftLineBreak() || prev.HardLineBreak() || prev.IsRaw() || prev.Segment.Stop != last.Segment.Start || prev.Segment.Padding != 0 || last.Segment.Padding != 0 {
			return last
		}
		prev.Segment = prev.Segment.WithStop(last.Segment.Stop)
		n.RemoveChild(n, last)
		last = prev
	}
}

// carriesID reports whether the renderer writes a block's attributes.
func carriesID(n ast.Node) bool {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindList, ast.KindBlockquote, extast.KindTable:
		return true
	}
	return false
}

// isBlockID reports whether b is an Obsidian block ID: letters, digits
// and dashes, with a letter somewhere. "Requires typescript ^5" and
// "react ^18" end in a version range, not an ID (Obsidian's own IDs are
// six letters and digits, and people name theirs in words).
func isBlockID(b []byte) bool {
	letter := false
	for _, c := range b {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9' || c == '-':
		default:
			return false
		}
	}
	return letter
}
