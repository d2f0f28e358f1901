package markdown

import (
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindWikiLink is an Obsidian-style [[Note]] link or ![[Note]] embed.
var KindWikiLink = ast.NewNodeKind("WikiLink")

// WikiLink is one [[...]] or ![[...]] written in the body. It has no
// children: the text shown is Label, or the target page's title, filled in
// by the link stage.
//
// Syntax (Obsidian's):
//
//	[[Note]]  [[Note|shown text]]  [[Note#Heading]]  [[Note#Heading|text]]
//	[[#Heading]]  [[folder/Note]]  [[Note.md]]
//	![[image.png]]  ![[image.png|300]]  ![[image.png|300x200]]
//	![[Note]]  ![[Note#Heading]]
//
// Inside a table cell the "|" must be escaped, as in Obsidian: [[Note\|text]].
// Code spans are parsed before wikilinks, so `[[x]]` stays code.
type WikiLink struct {
	ast.BaseInline
	// Index is the link's position in page.Links.
	Index int
	// Embed is true for ![[...]].
	Embed bool
	// Label is the text after "|" ("" when none, or for a size).
	Label string
	// Target is the part before "|", as written, for plain text.
	Target string
	// Offset is where the link starts in the body, for excerpts.
	Offset int
}

func (n *WikiLink) Kind() ast.NodeKind { return KindWikiLink }

func (n *WikiLink) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Target": n.Target, "Label": n.Label}, nil)
}

// PlainText is what search, summaries and excerpts see for the link.
func (n *WikiLink) PlainText() string {
	if n.Embed && !n.IsNoteEmbed() {
		return ""
	}
	if n.Label != "" {
		return n.Label
	}
	t, frag, _ := strings.Cut(n.Target, "#")
	return page.PlainName(t, frag)
}

// showsTitle reports whether the page shows the link with a label the
// link stage chooses (the target's title), as [[Note]] without text does.
func (n *WikiLink) showsTitle() bool {
	return n.Label == "" && (!n.Embed || n.IsNoteEmbed())
}

// IsNoteEmbed reports whether an embed transcludes a note rather than
// showing an attachment: its target has no file extension, or ".md".
func (n *WikiLink) IsNoteEmbed() bool {
	if !n.Embed {
		return false
	}
	t, _, _ := strings.Cut(n.Target, "#")
	return !HasAttachmentExt(t)
}

// HasAttachmentExt reports whether a link target names a file that is not
// a note: it ends in a short extension other than .md ("diagram.png",
// "spec.pdf"). Note names with dots ("v1.2 notes") are not attachments.
func HasAttachmentExt(target string) bool {
	ext := path.Ext(target)
	if len(ext) < 2 || len(ext) > 6 || strings.EqualFold(ext, ".md") || strings.EqualFold(ext, ".markdown") {
		return false
	}
	for _, r := range ext[1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// WikiLinks parses [[wikilinks]] and ![[embeds]], records them in
// page.Links and renders them as placeholders for the link stage. It also
// fills every link's Context (the text around it) for backlink excerpts.
type WikiLinks struct{}

func (e *WikiLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before goldmark's link parser (200), which also triggers on '[' and '!'.
		parser.WithInlineParsers(util.Prioritized(&wikiLinkParser{}, 199)),
		parser.WithASTTransformers(util.Prioritized(&linkContextTransformer{}, 2000)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&wikiLinkRenderer{}, 100)))
}

type wikiLinkParser struct{}

func (*wikiLinkParser) Trigger() []byte { return []byte{'[', '!'} }

func (*wikiLinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	p := PageFrom(pc)
	if p == nil {
		return nil
	}
	line, seg := block.PeekLine()
	embed := len(line) > 0 && line[0] == '!'
	start := 0
	if embed {
		start = 1
	}
	if !bytes.HasPrefix(line[start:], []byte("[[")) {
		return nil
	}
	body := line[start+2:]
	// A link's text holds no bracket and no line break, so the first of
	// those ends the search: looking for "]]" through the rest of the line
	// from every "[[" took 6.7 s on a line of 800,000 '['.
	end := -1
	if i := bytes.IndexAny(body, "[]\n"); i >= 0 && bytes.HasPrefix(body[i:], []byte("]]")) {
		end = i
	}
	if end < 0 && inTableCell(parent) && !bytes.Contains(body, []byte("]]")) && len(bytes.TrimSpace(body)) > 0 {
		// The table split [[Page|text]] at its bar: nothing renders as a
		// link, so without a word here no check would notice.
		l, c := linesFrom(pc).lineCol(seg.Start)
		p.Warnings = append(p.Warnings, diag.Warnf(p.Path, l, c, diag.CodeBrokenLink,
			`[[%s is not closed in its table cell: inside a table, escape the bar as [[Page\|text]]`, strings.TrimSpace(string(body))))
	}
	if end <= 0 {
		return nil
	}
	inner := body[:end]
	target, label, hasLabel := splitPipe(string(inner))
	target = strings.TrimSpace(target)
	if target == "" || target == "#" {
		return nil
	}
	name, frag, _ := strings.Cut(target, "#")
	link := &page.Link{Kind: page.WikiLink, Target: strings.TrimSpace(name), Fragment: strings.TrimSpace(frag)}
	if embed {
		link.Kind = page.Embed
		if hasLabel && isSize(label) {
			link.Size, label = label, ""
		}
	}
	if hasLabel {
		link.Label = strings.TrimSpace(label)
	}
	link.Line, link.Col = linesFrom(pc).lineCol(seg.Start)
	p.Links = append(p.Links, link)
	block.Advance(start + 2 + end + 2)
	return &WikiLink{Index: len(p.Links) - 1, Embed: embed, Label: link.Label, Target: target, Offset: seg.Start}
}

func inTableCell(n ast.Node) bool {
	for ; n != nil; n = n.Parent() {
		if n.Kind() == extast.KindTableCell {
			return true
		}
	}
	return false
}

// splitPipe cuts "target|label" at the first "|"; "\|" (needed inside
// table cells) counts as a separator too.
func splitPipe(s string) (target, label string, ok bool) {
	i := strings.IndexByte(s, '|')
	if i < 0 {
		return s, "", false
	}
	target, label = s[:i], s[i+1:]
	target = strings.TrimSuffix(target, "\\")
	return target, label, true
}

// isSize matches an embed's "300" or "300x200".
func isSize(s string) bool {
	s = strings.TrimSpace(s)
	w, h, hasH := strings.Cut(s, "x")
	return isDigits(w) && (!hasH || isDigits(h))
}

func isDigits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// KindInlineEmbed is the placeholder kind of a note embed written inside
// a sentence: block content cannot go there, so it renders as a link.
const KindInlineEmbed = 'e'

type wikiLinkRenderer struct{}

func (r *wikiLinkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindWikiLink, r.render)
}

func (r *wikiLinkRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*WikiLink)
	kind := byte(KindLink)
	inner := n.Label
	switch {
	case n.IsNoteEmbed():
		kind = KindInlineEmbed
	case n.Embed:
		kind = KindImage
		if inner == "" {
			inner = path.Base(n.Target)
		}
	}
	WriteOpen(w, kind, n.Index)
	w.Write(util.EscapeHTML([]byte(inner)))
	WriteClose(w, n.Index)
	return ast.WalkSkipChildren, nil
}

// linkContextTransformer fills page.Link.Context for every link recorded
// while parsing: about contextLen characters of the plain text of the
// paragraph (or list item, table cell, heading) around the link.
type linkContextTransformer struct{}

const contextLen = 120

func (t *linkContextTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	if p == nil || len(p.Links) == 0 {
		return
	}
	src := reader.Source()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if n.FirstChild() == nil || n.FirstChild().Type() != ast.TypeInline {
			return ast.WalkContinue, nil
		}
		fillContexts(n, p, src)
		return ast.WalkSkipChildren, nil
	})
}

// fillContexts computes one block's plain text once and cuts each of its
// links' excerpts from it.
func fillContexts(block ast.Node, p *page.Page, src []byte) {
	var b strings.Builder
	var at []struct{ idx, pos int }
	writeText(&b, block, src, true, func(idx, pos int) {
		at = append(at, struct{ idx, pos int }{idx, pos})
	})
	if len(at) == 0 {
		return
	}
	s := b.String()
	for _, a := range at {
		if a.idx >= 0 && a.idx < len(p.Links) {
			p.Links[a.idx].Context = excerpt(s, a.pos, contextLen)
		}
	}
}

// excerpt cuts about n characters of s around byte offset pos, on word
// boundaries, marking cuts with an ellipsis.
func excerpt(s string, pos, n int) string {
	if fitsRunes(s, n) {
		return strings.TrimSpace(s)
	}
	// Start a third of the way before the link, so the link and what
	// follows it (usually the reason for linking) are both shown.
	start := backRunes(s, pos, n/3)
	end := len(s)
	count := 0
	for i := range s[start:] {
		if count == n {
			end = start + i
			break
		}
		count++
	}
	if start > 0 {
		if sp := strings.IndexByte(s[start:pos], ' '); sp >= 0 {
			start += sp + 1
		}
	}
	if end < len(s) {
		if sp := strings.LastIndexByte(s[pos:end], ' '); sp > 0 {
			end = pos + sp
		}
	}
	out := strings.TrimSpace(s[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(s) {
		out = strings.TrimRight(out, " ,.;:") + "…"
	}
	return out
}

// fitsRunes reports whether s has at most n characters. It stops counting
// at n: a block with thousands of links asks once per link, and counting
// the whole block each time made such a page quadratic.
func fitsRunes(s string, n int) bool {
	if len(s) <= n {
		return true
	}
	count := 0
	for range s {
		if count++; count > n {
			return false
		}
	}
	return true
}

// backRunes moves back n characters from byte offset pos.
func backRunes(s string, pos, n int) int {
	for ; n > 0 && pos > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:pos])
		pos -= size
	}
	return pos
}
