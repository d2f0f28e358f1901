package markdown

import (
	"slices"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// InlineFootnotes reads Obsidian's and Pandoc's inline footnotes,
// "a claim.^[The note, with *Markdown*.]", into the same numbered
// footnotes as [^label] ones, in the order the text refers to them.
//
// goldmark keeps its footnote list private to its parser, so the notes
// are parsed in place, like a link's text, and joined to that list after
// goldmark's footnote transformer has numbered its own.
type InlineFootnotes struct{}

func (e *InlineFootnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// The closing parser runs before the link parser (200), which would
		// take the ']' as the end of a link's text.
		parser.WithInlineParsers(util.Prioritized(&inlineFootnoteParser{}, 150)),
		// After goldmark's footnote transformer (999).
		parser.WithASTTransformers(util.Prioritized(&inlineFootnoteTransformer{}, 1001)),
	)
}

// KindInlineFootnote is a footnote written where it is referred to.
var KindInlineFootnote = ast.NewNodeKind("InlineFootnote")

// InlineFootnote holds the text of ^[...] until the transformer moves it
// into the footnote list and leaves a numbered reference in its place.
type InlineFootnote struct {
	ast.BaseInline
}

func (n *InlineFootnote) Kind() ast.NodeKind { return KindInlineFootnote }

func (n *InlineFootnote) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

var kindInlineFootnoteOpen = ast.NewNodeKind("InlineFootnoteOpen")

// inlineFootnoteOpen marks where a ^[ was read while the note's text is
// parsed after it. One left in the tree never met its ']' and becomes
// text again.
type inlineFootnoteOpen struct {
	ast.BaseInline
	segment text.Segment // the "^[" itself
	close   int          // source offset of the matching ']'
	bottom  ast.Node     // the last delimiter before the note, for emphasis inside it
}

func (n *inlineFootnoteOpen) Kind() ast.NodeKind { return kindInlineFootnoteOpen }

func (n *inlineFootnoteOpen) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// openFootnotesKey holds the *[]*inlineFootnoteOpen of a paragraph being
// parsed, innermost last.
var openFootnotesKey = parser.NewContextKey()

type inlineFootnoteParser struct{}

func (*inlineFootnoteParser) Trigger() []byte { return []byte{'^', ']'} }

func (p *inlineFootnoteParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, segment := block.PeekLine()
	if line[0] == ']' {
		return p.close(parent, block, pc, segment.Start)
	}
	if len(line) < 3 || line[1] != '[' {
		return nil
	}
	// Like goldmark's [^label], the note ends on the line it starts on;
	// brackets inside it nest, and code spans are skipped.
	closure := util.FindClosure(line[2:], '[', ']', true, true) //nolint:staticcheck // as goldmark's own [^label] parser
	if closure <= 0 {
		return nil
	}
	open := &inlineFootnoteOpen{
		segment: segment.WithStop(segment.Start + 2),
		close:   segment.Start + 2 + closure,
		bottom:  pc.LastDelimiter(),
	}
	stack, _ := pc.Get(openFootnotesKey).(*[]*inlineFootnoteOpen)
	if stack == nil {
		stack = &[]*inlineFootnoteOpen{}
		pc.Set(openFootnotesKey, stack)
	}
	*stack = append(*stack, open)
	block.Advance(2)
	return open
}

// close ends the innermost open note when this ']' is the one that
// matched its '['; any other ']' is left to the link parser.
func (p *inlineFootnoteParser) close(parent ast.Node, block text.Reader, pc parser.Context, at int) ast.Node {
	stack, _ := pc.Get(openFootnotesKey).(*[]*inlineFootnoteOpen)
	if stack == nil {
		return nil
	}
	// A note whose ']' went by inside something else ($a]$, a raw HTML
	// attribute) can never close; it stays text, and its outer note may.
	for len(*stack) > 0 && (*stack)[len(*stack)-1].close < at {
		*stack = (*stack)[:len(*stack)-1]
	}
	if len(*stack) == 0 {
		return nil
	}
	open := (*stack)[len(*stack)-1]
	if open.close != at || open.Parent() != parent {
		return nil
	}
	*stack = (*stack)[:len(*stack)-1]
	block.Advance(1)
	parser.ProcessDelimiters(open.bottom, pc)
	note := &InlineFootnote{}
	for c := open.NextSibling(); c != nil; {
		next := c.NextSibling()
		parent.RemoveChild(parent, c)
		note.AppendChild(note, c)
		c = next
	}
	parent.RemoveChild(parent, open)
	return note
}

type inlineFootnoteTransformer struct{}

func (t *inlineFootnoteTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	pc.Set(openFootnotesKey, nil)
	// *extast.FootnoteLink and *InlineFootnote in reading order: the
	// body's, then those inside footnotes, as the list comes last.
	var refs []ast.Node
	var unclosed []*inlineFootnoteOpen
	inline := false
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *inlineFootnoteOpen:
			unclosed = append(unclosed, n)
		case *extast.FootnoteLink:
			refs = append(refs, n)
		case *InlineFootnote:
			refs = append(refs, n)
			inline = true
		}
		return ast.WalkContinue, nil
	})
	for _, o := range unclosed {
		ast.MergeOrReplaceTextSegment(o.Parent(), o, o.segment)
	}
	if inline {
		numberFootnotes(doc, refs)
	}
}

// numberFootnotes numbers all of a page's footnotes in the order the text
// first refers to them, and moves each inline note into the list.
func numberFootnotes(doc *ast.Document, refs []ast.Node) {
	var list *extast.FootnoteList
	for c := doc.FirstChild(); c != nil && list == nil; c = c.NextSibling() {
		list, _ = c.(*extast.FootnoteList)
	}
	if list == nil {
		list = extast.NewFootnoteList()
		doc.AppendChild(doc, list)
	}
	renumber := map[int]int{}
	var notes []*extast.Footnote
	next := 0
	for _, r := range refs {
		switch r := r.(type) {
		case *extast.FootnoteLink:
			if _, ok := renumber[r.Index]; !ok {
				next++
				renumber[r.Index] = next
			}
			r.Index = renumber[r.Index]
		case *InlineFootnote:
			next++
			notes = append(notes, inlineNote(r, next))
			link := extast.NewFootnoteLink(next)
			link.RefCount = 1
			// In a link's text ([a claim^[note]](url)), the reference
			// goes after the link: a link in a link is not HTML.
			if outer := enclosingLink(r); outer != nil {
				r.Parent().RemoveChild(r.Parent(), r)
				outer.Parent().InsertAfter(outer.Parent(), outer, link)
			} else {
				r.Parent().ReplaceChild(r.Parent(), r, link)
			}
		}
	}
	// The [^label] notes first, before the inline ones join them.
	for fn := list.FirstChild(); fn != nil; fn = fn.NextSibling() {
		note := fn.(*extast.Footnote)
		n := renumber[note.Index]
		note.Index = n
		ast.Walk(note, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if b, ok := c.(*extast.FootnoteBacklink); ok && entering {
				b.Index = n
			}
			return ast.WalkContinue, nil
		})
	}
	// Sorted here, not with list.SortChildren: that is an insertion sort
	// on a linked list, which took 5.7 s for 40,000 inline notes.
	all := notes
	for fn := list.FirstChild(); fn != nil; fn = fn.NextSibling() {
		all = append(all, fn.(*extast.Footnote))
	}
	slices.SortStableFunc(all, func(a, b *extast.Footnote) int { return a.Index - b.Index })
	list.RemoveChildren(list)
	for _, note := range all {
		list.AppendChild(list, note)
	}
	list.Count = next
}

// inlineNote makes the list entry numbered index from an inline note.
func inlineNote(r *InlineFootnote, index int) *extast.Footnote {
	fn := extast.NewFootnote([]byte("inline-" + strconv.Itoa(index)))
	fn.Index = index
	para := ast.NewParagraph()
	for c := r.FirstChild(); c != nil; {
		next := c.NextSibling()
		r.RemoveChild(r, c)
		para.AppendChild(para, c)
		c = next
	}
	back := extast.NewFootnoteBacklink(index)
	back.RefCount = 1
	para.AppendChild(para, back)
	fn.AppendChild(fn, para)
	return fn
}

// enclosingLink is the outermost link around n, nil when there is none.
func enclosingLink(n ast.Node) ast.Node {
	var outer ast.Node
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindLink {
			outer = p
		}
	}
	return outer
}
