// Package page is Lore's page model: one Markdown file, its front matter,
// and what later build stages learn about it.
//
// Front matter keys (YAML between --- lines, or TOML between +++ lines):
//
//	title        string    page title; else the first H1; else the file name
//	date         date      creation date; else a YYYY-MM-DD file name prefix
//	updated      date      last meaningful update
//	type         string    retro, journal, mentoring, meeting, note...; else from the folder
//	tags         list      tags, also a comma-separated string
//	authors      list      handles of the authors (author: is accepted too)
//	team         string    the team the page belongs to
//	draft        bool      left out of the build unless --drafts
//	description  string    summary for lists, feeds and search
//	aliases      list      other names [[wikilinks]] may use for this page
//	slug         string    replaces the last URL segment
//	layout       string    template to render with
//	weight       number    order within the folder, lowest first
//
// Every key, including the ones above, is also available to templates as
// .Page.Params.
package page

import (
	"github.com/lore-wiki/lore/builder/diag"
	"html/template"
	"path"
	"slices"
	"strings"
	"time"
)

// Page is one Markdown file and everything the build learns about it.
type Page struct {
	// Path is the source path relative to the content folder, slash-separated.
	Path string
	// Dir is Path's folder ("" at the root).
	Dir string
	// IsIndex is true for README.md and index.md: the page of its folder.
	IsIndex bool

	Title       string
	Description string
	Type        string
	Team        string
	Slug        string
	// FixedURL is the page's whole address from url: front matter, as in
	// Hugo (url: /about-us/); it wins over the folder and slug.
	FixedURL string
	Layout   string
	Date     time.Time
	Updated  time.Time
	Tags     []string
	Authors  []string
	Aliases  []string
	Draft    bool
	// Unpublished pages (publish: false, as in Obsidian Publish) are left
	// out of every build, --drafts too: they are private, not unfinished.
	Unpublished bool
	// PublishDate and ExpiryDate bound when the page is published, as in
	// Hugo: a scheduled announcement, a notice that lapses.
	PublishDate, ExpiryDate time.Time
	// Weight orders pages within their folder, lowest first, before
	// unweighted pages (which are newest first).
	Weight int
	// Params holds every front matter key as written.
	Params map[string]any
	// KeyLines maps front matter keys to their line in the file.
	KeyLines map[string]int
	// FolderNote marks a note the build made its folder's page (Books.md
	// beside Books/); IsIndex is then true too.
	FolderNote bool
	// HasFrontMatter is false for plain Markdown files.
	HasFrontMatter bool
	// TitleFromH1 is true when the title came from the first heading,
	// which the renderer then leaves out of the body.
	TitleFromH1 bool
	// TitleID is the ID of a leading H1 that the renderer left out of the
	// body because it is the title. Themes give the title heading this ID,
	// so that links to it (#title, as on GitHub) still land.
	TitleID string

	// URL is the site-relative URL path, e.g. "/retros/2026-11-20-sprint-42/".
	URL string

	// Body is the Markdown after the front matter.
	Body []byte
	// BodyLine is the file line on which Body starts.
	BodyLine int
	// Hash identifies the file's bytes; unchanged hash means unchanged page.
	Hash string

	// Set by the parse stage.
	Headings []Heading
	// HasDiagrams and HasMath are true when the page's own body has
	// ```mermaid diagrams or TeX maths (set when it is parsed).
	HasDiagrams, HasMath bool
	// Diagrams and Math are true when the page shows diagrams or maths,
	// its own or an embedded note's (set by the link stage); the theme
	// then loads the diagram or maths script.
	Diagrams, Math bool
	// BlockIDs are the Obsidian block IDs (^id, without the caret) that
	// the renderer gave to paragraphs, list items and other blocks.
	BlockIDs []string
	// HTMLIDs are the anchors set in the page's HTML (<a id="x"></a>), which
	// links may name as #x.
	HTMLIDs []string
	Links   []*Link
	// BodyHTML is the rendered body with link placeholders still in it.
	BodyHTML []byte
	// Sections is the body as plain text, by section, for search and
	// excerpts, with a LinkMarker for each link showing its target's title.
	Sections []Section
	// Code is the text of the page's code blocks.
	Code string
	// SummarySource is the description, or the first paragraph as plain
	// text with a LinkMarker for each link showing its target's title.
	SummarySource string
	// Summary is SummarySource as shown: the link stage labels its links.
	Summary string
	// WordCount counts words of prose.
	WordCount int
	// Tasks are the body's task-list items ("- [ ] ...").
	Tasks []Task
	// Warnings are problems the Markdown renderer found in the body, such
	// as a wikilink a table cell split; the build reports them.
	Warnings []*diag.Diagnostic

	// Set by the link stage.
	Content template.HTML
	// Backlinks are pages linking here, in a stable order.
	Backlinks []*Backlink

	// Set by the history stage; zero when unknown.
	Created      time.Time
	LastModified time.Time
	Contributors []string
}

// Heading is one heading in the rendered body.
type Heading struct {
	Level int
	ID    string
	Text  string
	// Source is the heading as written (":tada: Release", "Team {#team}"
	// without its ID), which [[Note#Heading]] links name.
	Source string
}

// Task is one task-list item.
type Task struct {
	Text string
	// Done is true for "[x]" or "[X]".
	Done bool
	// Mark is the character between the brackets: " " open, "x" done, or
	// an Obsidian custom state such as "/" (in progress) or "-"
	// (cancelled), which shows ticked but is not Done.
	Mark string
	Line int
	// Heading is the text of the heading the task is under.
	Heading string
}

// Section is the plain text under one heading (the first has no heading).
type Section struct {
	HeadingID string
	Heading   string
	Text      string
}

// LinkKind tells how a link was written.
type LinkKind int

const (
	// WikiLink is [[Note]] or [[Note#Heading|text]].
	WikiLink LinkKind = iota
	// MarkdownLink is [text](relative/path.md#frag) to a local file.
	MarkdownLink
	// Embed is ![[Note]], ![[Note#Heading]] or ![[image.png|300]].
	Embed
	// MarkdownImage is ![alt](relative/image.png).
	MarkdownImage
)

// Link is a link to another page or file of the site, recorded while
// parsing and resolved by the link stage.
type Link struct {
	Kind LinkKind
	// Target is the note name or path as written, without fragment.
	Target string
	// Fragment is the heading part after #, as written.
	Fragment string
	// Label is the link text as written, "" when none was given.
	Label string
	// Title is a Markdown link's title, [x](a.md "title"): its tooltip.
	Title string
	// Reversed is set by the link stage for a GitHub wiki link, [[text|Page]],
	// which names its page after the bar: Target is the text shown.
	Reversed bool
	// Size is an embed's "300" or "300x200".
	Size string
	// Line and Col locate the link in the source file (Col counts characters).
	Line, Col int
	// Raw is a destination written as it is: for a site-absolute Markdown
	// link (/retros/, /img/logo.png), the destination as written, used when
	// it is not a file or page of the site; for a link that leaves the
	// content folder, the file's URL in the repository (set by the link
	// stage).
	Raw string
	// Context is about 120 characters of plain text around the link, for
	// backlink excerpts, with a LinkMarker for each link in it showing its
	// target's title.
	Context string
	// Excerpt is Context as shown: the link stage labels its links.
	Excerpt string

	// Set by the link stage.
	To *Page
	// Asset is the site-relative URL of a non-page file the link resolves to.
	Asset string
	// AssetPath is that file's path in the content folder, as written on
	// disk, for messages; set when the name matched several files.
	AssetPath string
	// AnchorID is the heading ID the fragment resolved to.
	AnchorID string
	// Problem is why the link is broken; "" when it resolved.
	Problem string
	// Ambiguous lists other files the target could have meant.
	Ambiguous []string
}

// KeptAsWritten reports whether the link stage leaves l pointing at Raw:
// a site-absolute link to something outside the site (another app on the
// same host), or a link into the site's repository.
func (l *Link) KeptAsWritten() bool {
	return l.Raw != "" && l.To == nil && l.Asset == "" && l.Problem == ""
}

// Backlink is a link into a page from another page.
type Backlink struct {
	From    *Page
	Excerpt string
	Embed   bool
}

// TagTerms are the tags a page is listed under: its own, and the parents
// of nested ones, as in Obsidian, where #project/alpha is found under
// #project too.
func (p *Page) TagTerms() []string {
	terms := p.Tags
	for _, t := range p.Tags {
		for i := strings.LastIndexByte(t, '/'); i > 0; i = strings.LastIndexByte(t[:i], '/') {
			if parent := t[:i]; !slices.ContainsFunc(terms, func(x string) bool { return strings.EqualFold(x, parent) }) {
				if len(terms) == len(p.Tags) {
					terms = slices.Clone(p.Tags)
				}
				terms = append(terms, parent)
			}
		}
	}
	return terms
}

// Name is the file name without extension, which [[wikilinks]] match.
func (p *Page) Name() string {
	base := path.Base(p.Path)
	return strings.TrimSuffix(base, path.Ext(base))
}

// Section returns the top-level folder the page lives in ("" at the root).
func (p *Page) Section() string {
	first, _, _ := strings.Cut(p.Dir, "/")
	return first
}

// LastChange is the most recent date known for the page.
func (p *Page) LastChange() time.Time {
	t := p.Date
	for _, c := range []time.Time{p.Updated, p.LastModified} {
		if c.After(t) {
			t = c
		}
	}
	return t
}

// Param returns a front matter value by key, nil if absent.
func (p *Page) Param(key string) any { return p.Params[key] }

// OutOfSchedule reports a page whose publishDate is still to come or
// whose expiryDate has passed at now; builds leave it out as a draft.
func (p *Page) OutOfSchedule(now time.Time) bool {
	return !p.PublishDate.IsZero() && p.PublishDate.After(now) || !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(now)
}

// HasOwnTitle reports a title the author wrote, in title: or as the first
// heading, rather than one made from the file name.
func (p *Page) HasOwnTitle() bool {
	return p.HasParam("title") || p.TitleFromH1
}

// HasParam reports a front matter key Lore reads, in any case (Title:).
func (p *Page) HasParam(key string) bool {
	_, _, ok := p.lookup(key)
	return ok
}

// HeadingByID returns the heading with the given ID.
// HeadingByText finds a heading by its text as shown or as written, in
// any case: [[Note#Team Members]] names the heading "Team Members {#team}".
func (p *Page) HeadingByText(text string) (Heading, bool) {
	for _, h := range p.Headings {
		if strings.EqualFold(h.Text, text) || strings.EqualFold(h.Source, text) {
			return h, true
		}
	}
	return Heading{}, false
}

func (p *Page) HeadingByID(id string) (Heading, bool) {
	for _, h := range p.Headings {
		if h.ID == id {
			return h, true
		}
	}
	return Heading{}, false
}

// TOC is what a page's table of contents lists: its second- and
// third-level headings, and nothing when there are fewer than two (a
// contents box with one entry only takes room).
func (p *Page) TOC() []Heading {
	var toc []Heading
	for _, h := range p.Headings {
		if h.Level == 2 || h.Level == 3 {
			toc = append(toc, h)
		}
	}
	if len(toc) < 2 {
		return nil
	}
	return toc
}
