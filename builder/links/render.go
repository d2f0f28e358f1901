package links

import (
	"bytes"
	"html"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lore-wiki/lore/builder/markdown"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/slug"
)

// resolveFragment maps the #Heading part of a link to the heading ID the
// renderer generated on the target page. Obsidian's nested form
// (#Heading#Sub) names the last heading; a block reference (#^id) names a
// block ID of the page.
func resolveFragment(l *page.Link) {
	frag := l.Fragment
	if i := strings.LastIndexByte(frag, '#'); i >= 0 {
		frag = frag[i+1:]
	}
	if id, ok := strings.CutPrefix(frag, "^"); ok {
		if slices.Contains(l.To.BlockIDs, id) {
			l.AnchorID = frag
			return
		}
		l.Problem = "no block " + quote(frag) + " in " + l.To.Path
		return
	}
	// An ID as written (#install-beta), then a heading by its text
	// ([[Note#Team Members]], whatever ID it has), then by its slug.
	if _, ok := l.To.HeadingByID(frag); ok {
		l.AnchorID = frag
		return
	}
	t := l.To.TitleID
	if t != "" && (frag == t || strings.EqualFold(frag, l.To.Title)) {
		l.AnchorID = t
		return
	}
	if h, ok := l.To.HeadingByText(frag); ok {
		l.AnchorID = h.ID
		return
	}
	id := slug.Anchor(frag)
	if t != "" && id == t {
		l.AnchorID = t
		return
	}
	if _, ok := l.To.HeadingByID(id); ok {
		l.AnchorID = id
		return
	}
	if slices.Contains(l.To.HTMLIDs, frag) || frag == "top" {
		// An anchor the page sets in HTML; #top, which browsers know.
		l.AnchorID = frag
		return
	}
	l.Problem = "no heading " + quote(frag) + " in " + l.To.Path
}

// URLFunc turns a site-relative URL into the URL written in the page,
// adding the base path the site is served under.
type URLFunc func(siteURL string) string

// MaxEmbedDepth is how deeply embeds may nest (a note embedding a note
// embedding a note...) before the next one shows a notice instead.
const MaxEmbedDepth = 4

// MaxEmbeds is how many notes one page shows embedded in all, nested ones
// counted: fifteen notes that each embed the others, four levels deep,
// would otherwise make every page 14^4 notes long.
const MaxEmbeds = 200

// Expander writes pages' final HTML from their placeholders: resolved
// links become <a> and <img>, broken ones visibly broken text (never a
// dead href), and note embeds the target's rendered body or section.
// It keeps no state between pages, so pages can be expanded in parallel.
type Expander struct {
	URL URLFunc
	// Notice, when set, is told about embeds that were not expanded
	// because they would loop or nest too deeply; link is the embed in
	// page from that closes the loop.
	Notice func(from *page.Page, l *page.Link, msg string)
}

// Expanded is one page's final body.
type Expanded struct {
	HTML []byte
	// Targets are the pages its links point to, including links inside
	// transcluded notes: the pages its hover previews need.
	Targets []*page.Page
	// Diagrams and Math report whether the body shows diagrams or maths,
	// its own or a transcluded note's.
	Diagrams, Math bool
	// TooManyEmbeds is set when the page would show more than MaxEmbeds
	// embedded notes, and the rest were left out.
	TooManyEmbeds bool
}

// Page expands one page's body.
func (e *Expander) Page(p *page.Page) Expanded {
	x := &expansion{Expander: e, seen: map[*page.Page]bool{}, diagrams: p.HasDiagrams, math: p.HasMath}
	out := x.expand(p, p.BodyHTML, []*page.Page{p})
	return Expanded{HTML: out, Targets: x.targets, Diagrams: x.diagrams, Math: x.math, TooManyEmbeds: x.tooMany}
}

// expansion is the state of expanding one page.
type expansion struct {
	*Expander
	targets        []*page.Page
	seen           map[*page.Page]bool
	diagrams, math bool
	embeds         int // notes embedded so far, nested ones counted
	tooMany        bool
}

func (x *expansion) target(p *page.Page) {
	if p != nil && !x.seen[p] {
		x.seen[p] = true
		x.targets = append(x.targets, p)
	}
}

// expand replaces the placeholders of body, which belongs to page p;
// stack lists the pages being transcluded, outermost first.
func (x *expansion) expand(p *page.Page, body []byte, stack []*page.Page) []byte {
	return markdown.Expand(body, func(kind byte, idx int, inner []byte) []byte {
		if idx < 0 || idx >= len(p.Links) {
			return inner
		}
		l := p.Links[idx]
		if l.To != stack[0] {
			x.target(l.To)
		}
		if l.KeptAsWritten() {
			return kept(l, kind, inner)
		}
		switch kind {
		case markdown.KindImage:
			return x.asset(p, l, inner)
		case markdown.KindEmbed:
			return x.embed(p, l, inner, stack)
		case markdown.KindInlineEmbed:
			return anchor(p, l, inner, x.URL, "embed-link")
		default:
			return anchor(p, l, inner, x.URL, "")
		}
	})
}

// Href is where a resolved link points, including the #anchor.
func Href(l *page.Link, url URLFunc) string {
	if l.Asset != "" {
		return url(l.Asset)
	}
	h := url(l.To.URL)
	if l.AnchorID != "" {
		h += "#" + l.AnchorID
	}
	return h
}

// kept writes such a link as goldmark would have without Lore.
func kept(l *page.Link, kind byte, inner []byte) []byte {
	switch {
	case l.Reversed: // [[text|https://...]], a GitHub wiki's external link
		inner = []byte(html.EscapeString(l.Target))
	case len(bytes.TrimSpace(inner)) == 0:
		inner = []byte(html.EscapeString(l.Raw))
	}
	var b bytes.Buffer
	href := html.EscapeString(l.Raw)
	if kind == markdown.KindImage {
		b.WriteString(`<img src="` + href + `" alt="` + strings.ReplaceAll(string(inner), `"`, "&quot;") + `"`)
		writeTitle(&b, l.Title)
		b.WriteString(`>`)
		return b.Bytes()
	}
	b.WriteString(`<a href="` + href + `"`)
	writeTitle(&b, l.Title)
	b.WriteString(`>`)
	b.Write(inner)
	b.WriteString(`</a>`)
	return b.Bytes()
}

// writeTitle writes a Markdown link's title attribute, if it has one.
func writeTitle(b *bytes.Buffer, title string) {
	if title != "" {
		b.WriteString(` title="` + html.EscapeString(title) + `"`)
	}
}

func isBroken(l *page.Link) bool {
	return l.Problem != "" || (l.To == nil && l.Asset == "")
}

func anchor(from *page.Page, l *page.Link, inner []byte, url URLFunc, class string) []byte {
	if len(bytes.TrimSpace(inner)) == 0 {
		inner = []byte(html.EscapeString(defaultLabel(l)))
	}
	if l.Reversed {
		inner = []byte(html.EscapeString(l.Target))
	}
	if isBroken(l) {
		return broken(l, inner)
	}
	var b bytes.Buffer
	b.WriteString(`<a href="`)
	b.WriteString(html.EscapeString(Href(l, url)))
	b.WriteString(`" class="internal`)
	if l.To == from && l.Asset == "" {
		b.WriteString(` same-page`)
	}
	if l.Asset != "" {
		b.WriteString(` attachment`)
	}
	if class != "" {
		b.WriteString(" " + class)
	}
	b.WriteString(`"`)
	writeTitle(&b, l.Title)
	// No data-preview attribute: preview.js reads the page from href,
	// which saves a copy of every internal URL in every page.
	b.WriteString(`>`)
	b.Write(inner)
	b.WriteString(`</a>`)
	return b.Bytes()
}

// PlainLabels labels the link markers in p's plain text (page.LabelLinks).
func PlainLabels(p *page.Page) func(i int) string {
	return func(i int) string {
		if i < 0 || i >= len(p.Links) {
			return ""
		}
		return PlainLabel(p.Links[i])
	}
}

// PlainLabel is what plain text (summaries, excerpts) shows for a link
// written without text: the label the page shows, or for a link that
// found no page, the name written.
func PlainLabel(l *page.Link) string {
	if l.To == nil {
		return page.PlainName(l.Target, l.Fragment)
	}
	return defaultLabel(l)
}

// headingPath shows Obsidian's nested heading form, #Top#Sub, as the
// path it is: "Top › Sub".
func headingPath(frag string) string {
	return strings.ReplaceAll(frag, "#", " › ")
}

func defaultLabel(l *page.Link) string {
	switch {
	case l.To != nil && l.Fragment != "" && l.Target == "":
		return headingPath(l.Fragment)
	case l.To != nil && l.AnchorID != "" && l.AnchorID == l.To.TitleID:
		return l.To.Title
	case l.To != nil && l.Fragment != "":
		return l.To.Title + " › " + headingPath(l.Fragment)
	case l.To != nil:
		return l.To.Title
	}
	label := l.Target
	if l.Fragment != "" {
		label += "#" + l.Fragment
	}
	return label
}

func broken(l *page.Link, inner []byte) []byte {
	if len(bytes.TrimSpace(inner)) == 0 {
		// ![](shot.png) has no text to show broken: show what it names,
		// or the reader sees nothing at all.
		inner = []byte(html.EscapeString(describeTarget(l)))
	}
	var b bytes.Buffer
	b.WriteString(`<span class="broken-link" title="`)
	b.WriteString(html.EscapeString("Broken link: " + l.Problem))
	b.WriteString(`">`)
	b.Write(inner)
	b.WriteString(`</span>`)
	return b.Bytes()
}

// Attachment kinds by extension, for embeds.
var (
	imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true,
		".webp": true, ".avif": true, ".bmp": true, ".ico": true}
	audioExts = map[string]bool{".mp3": true, ".wav": true, ".ogg": true, ".m4a": true, ".flac": true}
	videoExts = map[string]bool{".mp4": true, ".webm": true, ".mov": true, ".ogv": true}
)

// asset renders an image placeholder: ![alt](file) or ![[file|300]].
// Images become <img>, audio and video players, other files (PDFs) a link.
func (x *expansion) asset(from *page.Page, l *page.Link, alt []byte) []byte {
	if l.Asset == "" {
		if l.To != nil && !isBroken(l) {
			// ![[v1.2 notes]]: a note whose name looks like a file.
			return anchor(from, l, alt, x.URL, "embed-link")
		}
		return broken(l, alt)
	}
	src := html.EscapeString(x.URL(l.Asset))
	ext := strings.ToLower(path.Ext(l.Asset))
	var b bytes.Buffer
	switch {
	case imageExts[ext] || l.Kind == page.MarkdownImage:
		b.WriteString(`<img src="` + src + `" alt="`)
		b.Write(bytes.ReplaceAll(alt, []byte(`"`), []byte("&quot;")))
		b.WriteString(`"`)
		writeTitle(&b, l.Title)
		writeSize(&b, l.Size)
		b.WriteString(` loading="lazy">`)
	case audioExts[ext]:
		b.WriteString(`<audio controls preload="metadata" src="` + src + `"></audio>`)
	case videoExts[ext]:
		b.WriteString(`<video controls preload="metadata" src="` + src + `"`)
		writeSize(&b, l.Size)
		b.WriteString(`></video>`)
	default:
		b.WriteString(`<a href="` + src + `" class="internal attachment embed-file">`)
		b.WriteString(html.EscapeString(path.Base(l.Asset)))
		b.WriteString(`</a>`)
	}
	return b.Bytes()
}

// writeSize writes width/height attributes from an embed's "300" or "300x200".
func writeSize(b *bytes.Buffer, size string) {
	if size == "" {
		return
	}
	w, h, _ := strings.Cut(size, "x")
	if _, err := strconv.Atoi(w); err == nil {
		b.WriteString(` width="` + w + `"`)
	}
	if _, err := strconv.Atoi(h); err == nil {
		b.WriteString(` height="` + h + `"`)
	}
}

// embed renders a ![[Note]] or ![[Note#Heading]] standing on its own line:
// the note's body, or the heading's section, in a bordered block that
// links to the source.
func (x *expansion) embed(from *page.Page, l *page.Link, fallback []byte, stack []*page.Page) []byte {
	switch {
	case l.Asset != "":
		return append(append([]byte(`<p class="embed-asset">`), x.asset(from, l, fallback)...), "</p>\n"...)
	case isBroken(l):
		return append(append([]byte(`<p class="embed embed-broken">`), broken(l, []byte("![["+html.EscapeString(describeTarget(l))+"]]"))...), "</p>\n"...)
	}
	to := l.To
	for i, s := range stack {
		if s == to {
			loop := chain(stack[i:], to)
			return x.notice(from, l, "embeds itself ("+loop+")", "is already shown here, so embedding it again would never end ("+loop+")")
		}
	}
	if len(stack) > MaxEmbedDepth {
		return x.notice(from, l, "nests embeds more than "+strconv.Itoa(MaxEmbedDepth)+" levels deep",
			"is embedded more than "+strconv.Itoa(MaxEmbedDepth)+" levels deep ("+chain(stack, to)+")")
	}
	if x.embeds++; x.embeds > MaxEmbeds {
		// Which embed is one too many depends on the page showing it, so
		// the page is told (Expanded.TooManyEmbeds), not Notice.
		x.tooMany = true
		return noticeHTML(from, l, x.URL, "is not shown: this page already shows "+strconv.Itoa(MaxEmbeds)+" embedded notes")
	}
	body, ok := markdown.SectionHTML(to, l.AnchorID)
	// The page showing the embed needs the scripts that draw the
	// embedded note too. Pages expand in parallel, so this is told in
	// Expanded, not written on the page.
	x.diagrams = x.diagrams || to.HasDiagrams
	x.math = x.math || to.HasMath
	var content []byte
	if ok {
		content = stripAnchorIDs(x.expand(to, body, append(stack, to)))
	} else {
		content = sectionText(to, l.AnchorID)
	}
	var b bytes.Buffer
	b.WriteString(`<div class="embed" data-embed="`)
	b.WriteString(html.EscapeString(to.URL))
	b.WriteString(`">` + "\n" + `<div class="embed-title">`)
	b.Write(anchor(from, l, nil, x.URL, "embed-source"))
	b.WriteString("</div>\n<div class=\"embed-content\">\n")
	b.Write(content)
	b.WriteString("</div>\n</div>\n")
	return b.Bytes()
}

// notice stands in for an embed that would loop or nest too deeply. The
// reason given to Notice names only the loop, not the page being
// expanded, so the same embed reads the same from every page showing it.
func (x *expansion) notice(from *page.Page, l *page.Link, reason, why string) []byte {
	if x.Notice != nil {
		x.Notice(from, l, reason)
	}
	return noticeHTML(from, l, x.URL, why)
}

func noticeHTML(from *page.Page, l *page.Link, url URLFunc, why string) []byte {
	var b bytes.Buffer
	b.WriteString(`<div class="embed embed-notice" role="note">Not embedded: `)
	b.Write(anchor(from, l, nil, url, "embed-source"))
	b.WriteString(" " + html.EscapeString(why) + ".</div>\n")
	return b.Bytes()
}

func chain(stack []*page.Page, to *page.Page) string {
	var parts []string
	for _, s := range stack {
		parts = append(parts, s.Title)
	}
	return strings.Join(append(parts, to.Title), " → ")
}

func describeTarget(l *page.Link) string {
	t := l.Target
	if l.Fragment != "" {
		t += "#" + l.Fragment
	}
	return t
}

var anchorID = regexp.MustCompile(`(<h[1-6]) id="[^"]*"|(<(?:p|li|ul|ol|blockquote|table)) id="\^[^"]*"`)

// stripAnchorIDs keeps a transcluded note's heading and block IDs from
// clashing with the embedding page's own.
func stripAnchorIDs(b []byte) []byte {
	return anchorID.ReplaceAll(b, []byte("$1$2"))
}

// sectionText renders a section as plain paragraphs, for a heading whose
// HTML cannot be cut out on its own (one inside a list or quote).
func sectionText(p *page.Page, id string) []byte {
	var b bytes.Buffer
	for _, s := range p.Sections {
		if s.HeadingID != id {
			continue
		}
		b.WriteString("<p><strong>" + html.EscapeString(s.Heading) + "</strong></p>\n")
		text := page.LabelLinks(s.Text, PlainLabels(p))
		for _, para := range strings.Split(text, "\n") {
			if para = strings.TrimSpace(para); para != "" {
				b.WriteString("<p>" + html.EscapeString(para) + "</p>\n")
			}
		}
	}
	return b.Bytes()
}
