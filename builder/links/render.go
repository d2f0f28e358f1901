package links

import (
	"bytes"
	"html"
	"strings"

	"github.com/lore-wiki/lore/builder/markdown"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/slug"
)

// resolveFragment maps the #Heading part of a link to the heading ID the
// renderer generated on the target page.
func resolveFragment(l *page.Link) {
	id := slug.Make(l.Fragment)
	if _, ok := l.To.HeadingByID(id); ok {
		l.AnchorID = id
		return
	}
	if _, ok := l.To.HeadingByID(l.Fragment); ok {
		l.AnchorID = l.Fragment
		return
	}
	l.Problem = "no heading " + quote(l.Fragment) + " in " + l.To.Path
}

// URLFunc turns a site-relative URL into the URL written in the page,
// adding the base path the site is served under.
type URLFunc func(siteURL string) string

// Expand replaces p's link placeholders with final HTML: resolved links
// become <a>/<img>, broken ones visibly broken text, never a dead href.
func Expand(p *page.Page, url URLFunc) []byte {
	return markdown.Expand(p.BodyHTML, func(kind byte, idx int, inner []byte) []byte {
		if idx < 0 || idx >= len(p.Links) {
			return inner
		}
		l := p.Links[idx]
		switch kind {
		case markdown.KindImage:
			return image(l, inner, url)
		case markdown.KindEmbed:
			return embedFallback(l, inner, url)
		default:
			return anchor(p, l, inner, url)
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

func anchor(from *page.Page, l *page.Link, inner []byte, url URLFunc) []byte {
	if len(bytes.TrimSpace(inner)) == 0 {
		inner = []byte(html.EscapeString(defaultLabel(l)))
	}
	if l.Problem != "" || (l.To == nil && l.Asset == "") {
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
	b.WriteString(`"`)
	if l.To != nil && l.To != from {
		b.WriteString(` data-preview="`)
		b.WriteString(html.EscapeString(l.To.URL))
		b.WriteString(`"`)
	}
	b.WriteString(`>`)
	b.Write(inner)
	b.WriteString(`</a>`)
	return b.Bytes()
}

func defaultLabel(l *page.Link) string {
	switch {
	case l.To != nil && l.Fragment != "" && l.Target == "":
		return l.Fragment
	case l.To != nil && l.Fragment != "":
		return l.To.Title + " › " + l.Fragment
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
	var b bytes.Buffer
	b.WriteString(`<span class="broken-link" title="`)
	b.WriteString(html.EscapeString("Broken link: " + l.Problem))
	b.WriteString(`">`)
	b.Write(inner)
	b.WriteString(`</span>`)
	return b.Bytes()
}

func image(l *page.Link, alt []byte, url URLFunc) []byte {
	if l.Asset == "" {
		return broken(l, alt)
	}
	var b bytes.Buffer
	b.WriteString(`<img src="`)
	b.WriteString(html.EscapeString(url(l.Asset)))
	b.WriteString(`" alt="`)
	b.Write(bytes.ReplaceAll(alt, []byte(`"`), []byte("&quot;")))
	b.WriteString(`"`)
	writeSize(&b, l.Size)
	b.WriteString(` loading="lazy">`)
	return b.Bytes()
}

// writeSize writes width/height attributes from an embed's "300" or "300x200".
func writeSize(b *bytes.Buffer, size string) {
	if size == "" {
		return
	}
	w, h, _ := strings.Cut(size, "x")
	if isDigits(w) {
		b.WriteString(` width="` + w + `"`)
	}
	if isDigits(h) {
		b.WriteString(` height="` + h + `"`)
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// embedFallback renders an embed whose transclusion the caller did not
// provide: an image for attachments, a link otherwise.
func embedFallback(l *page.Link, inner []byte, url URLFunc) []byte {
	if l.Asset != "" {
		return image(l, inner, url)
	}
	return anchor(nil, l, inner, url)
}
