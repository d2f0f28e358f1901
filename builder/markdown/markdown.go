// Package markdown turns a page's Markdown body into HTML with goldmark and
// records what later stages need: headings, links to resolve, plain text
// for search, tasks.
//
// One Markdown value is built per site and shared by all goroutines; the
// page being rendered travels in goldmark's parser.Context. Each Lore
// feature is one goldmark Extender in its own file.
//
// Links to other pages cannot be rendered before every page is known, so
// the renderer writes placeholders (see placeholder.go) that the link stage
// replaces once it has resolved them.
package markdown

import (
	"bufio"
	"bytes"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// Options configure rendering for a site.
type Options struct {
	// UnsafeHTML lets raw HTML through; by default it is shown escaped.
	UnsafeHTML bool
	// FileURL is the URL a file of the content folder is published at
	// (rel is a path from its top), for raw HTML let through.
	FileURL func(rel string) string
	// HardLineBreaks renders a line break inside a paragraph as <br>, as
	// Obsidian does unless "Strict line breaks" is on; by default it is a
	// space, as in CommonMark.
	HardLineBreaks bool
	// HighlightStyle and HighlightDarkStyle are chroma style names.
	HighlightStyle, HighlightDarkStyle string
	// TagURL returns the URL of a tag's page, for inline #tags.
	TagURL func(tag string) string
	// Extensions are added after Lore's own.
	Extensions []goldmark.Extender
}

// Markdown renders pages. It is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
}

// pageKey carries the *page.Page being rendered through parser.Context.
var pageKey = parser.NewContextKey()

// PageFrom returns the page being parsed, for extensions that record links.
func PageFrom(pc parser.Context) *page.Page {
	p, _ := pc.Get(pageKey).(*page.Page)
	return p
}

// New builds the site's Markdown renderer.
func New(opt Options) *Markdown {
	exts := []goldmark.Extender{
		// GFM without its task lists, which TaskLists replaces.
		extension.Linkify,
		extension.Table,
		extension.Strikethrough,
		&TaskLists{},
		extension.Footnote,
		&InlineFootnotes{},
		extension.DefinitionList,
		&Emoji{},
		&Highlight{Light: opt.HighlightStyle, Dark: opt.HighlightDarkStyle},
		&LocalLinks{},
		&WikiLinks{},
		&Embeds{},
		&Callouts{},
		&Admonitions{},
		&FencedAdmonitions{},
		&ContentTabs{},
		&HeadingIDs{},
		&Shortcodes{},
		&Snippets{},
		&Comments{},
		&Marks{},
		&TableWraps{},
		&Tags{URL: opt.TagURL},
		&BlockIDs{},
		&Diagrams{},
		&Maths{},
	}
	exts = append(exts, &HTMLAnchors{Escaped: !opt.UnsafeHTML})
	if opt.UnsafeHTML && opt.FileURL != nil {
		exts = append(exts, &HTMLFileURLs{FileURL: opt.FileURL})
	}
	if !opt.UnsafeHTML {
		exts = append(exts, &EscapedHTML{})
	}
	exts = append(exts, opt.Extensions...)
	return &Markdown{md: goldmark.New(
		goldmark.WithExtensions(exts...),
		// Heading attributes, ## Team {#team}, as MkDocs (attr_list), Hugo and
		// Docusaurus write custom anchors; HeadingIDs gives the others theirs.
		goldmark.WithParserOptions(parser.WithHeadingAttribute()),
		goldmark.WithRendererOptions(htmlOptions(opt)...),
	)}
}

// htmlOptions are the options of goldmark's HTML renderer for opt.
func htmlOptions(opt Options) []renderer.Option {
	var out []renderer.Option
	if opt.UnsafeHTML {
		out = append(out, html.WithUnsafe())
	}
	if opt.HardLineBreaks {
		out = append(out, html.WithHardWraps())
	}
	return out
}

// Render parses p.Body and fills p's Headings, Links, Sections, Code,
// Summary, WordCount, Tasks and BodyHTML. A title taken from the first H1
// replaces a title made up from the file name.
func (m *Markdown) Render(p *page.Page) error {
	capNesting(p)
	pc := parser.NewContext()
	pc.Set(pageKey, p)
	lines := newLineIndex(p)
	pc.Set(linesKey, lines)
	p.Links = p.Links[:0]
	doc := m.md.Parser().Parse(text.NewReader(p.Body), parser.WithContext(pc))
	takeTitle(doc, p)
	inspect(doc, p, lines)
	var buf bytes.Buffer
	buf.Grow(len(p.Body) + len(p.Body)/2)
	w := &pageWriter{Writer: bufio.NewWriter(&buf), page: p, lines: lines}
	if err := m.md.Renderer().Render(w, p.Body, doc); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	p.BodyHTML = buf.Bytes()
	return nil
}

// pageWriter is the writer goldmark hands every node renderer. Renderers
// are shared by all pages; through it, one can report a problem on the
// page it is rendering, at a line.
type pageWriter struct {
	*bufio.Writer
	page  *page.Page
	lines *lineIndex
}

// isCommentBlock reports whether n is an HTML comment or a %% comment,
// which show nothing on the page.
func isCommentBlock(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.HTMLBlock:
		return n.HTMLBlockType == ast.HTMLBlockType2
	case *CommentBlock:
		return true
	}
	return false
}

// takeTitle uses a leading H1 as the page title when front matter has none,
// and drops it from the body when it only repeats the title.
func takeTitle(doc ast.Node, p *page.Page) {
	p.TitleID = ""
	first := doc.FirstChild()
	// Tools' comments come before the title in many repositories
	// (<!-- markdownlint-disable -->, a licence header); Obsidian's %%
	// comments too.
	for first != nil && isCommentBlock(first) {
		first = first.NextSibling()
	}
	h, ok := first.(*ast.Heading)
	if !ok || h.Level != 1 {
		return
	}
	title := plainText(h, p.Body)
	hasTitle := p.HasParam("title")
	switch {
	case !hasTitle && title != "":
		p.Title = title
		p.TitleFromH1 = true
	case title != p.Title:
		return
	}
	if id, ok := h.AttributeString("id"); ok {
		if id, ok := id.([]byte); ok {
			p.TitleID = string(id)
		}
	}
	doc.RemoveChild(doc, h)
}
