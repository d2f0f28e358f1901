package builder

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/lore-wiki/lore/builder/page"
)

// The lists every page prints (its breadcrumbs, the sidebar's
// neighbourhood, its contents and its backlinks) are written in Go, item
// by item, and the templates keep the markup around them. In html/template
// each value a range prints costs several reflective calls, about a
// microsecond in all: written in Go, these four lists took a quarter off
// the default theme's time per page (BenchmarkRenderPages: 252 to 185 µs).

// linkItems writes <li><a href="…">Title</a></li> and a newline for each
// page, section or breadcrumb of items, marking the one at current (a
// site-relative URL, if given) with aria-current="page".
func (s *Site) linkItems(items any, current ...string) (template.HTML, error) {
	cur := ""
	if len(current) > 0 {
		cur = current[0]
	}
	var b strings.Builder
	b.Grow(1024)
	item := func(url, title string) {
		b.WriteString("<li>")
		s.writeAnchor(&b, url, title, url == cur)
		b.WriteString("</li>\n")
	}
	switch items := items.(type) {
	case []*page.Page:
		for _, p := range items {
			item(p.URL, p.Title)
		}
	case []*Section:
		for _, sec := range items {
			item(sec.URL, sec.Title)
		}
	case []Crumb:
		for _, c := range items {
			item(c.URL, c.Title)
		}
	case nil:
	default:
		return "", fmt.Errorf("linkItems: cannot list %T", items)
	}
	return template.HTML(b.String()), nil
}

// backlinkItems writes <li><a href="…">Title</a><p>excerpt</p></li> for
// each page linking here; a link with no text around it has no <p>.
func (s *Site) backlinkItems(backlinks []*page.Backlink) template.HTML {
	var b strings.Builder
	b.Grow(256 * len(backlinks))
	for _, bl := range backlinks {
		b.WriteString("<li>")
		s.writeAnchor(&b, bl.From.URL, bl.From.Title, false)
		if bl.Excerpt != "" {
			b.WriteString("<p>")
			b.WriteString(html.EscapeString(bl.Excerpt))
			b.WriteString("</p>")
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}

// writeAnchor writes <a href="…">title</a> for the site-relative url,
// marked as the current page when current: the markup of link and of
// every item above.
func (s *Site) writeAnchor(b *strings.Builder, url, title string, current bool) {
	b.WriteString(`<a href="`)
	b.WriteString(html.EscapeString(s.URL(url)))
	if current {
		b.WriteString(`" aria-current="page`)
	}
	b.WriteString(`">`)
	b.WriteString(html.EscapeString(title))
	b.WriteString("</a>")
}

// tocItems writes <li class="toc-h2"><a href="#id">Heading</a></li> and a
// newline for each heading of a table of contents.
func tocItems(headings []page.Heading) template.HTML {
	var b strings.Builder
	b.Grow(80 * len(headings))
	for _, h := range headings {
		b.WriteString(`<li class="toc-h`)
		b.WriteString(strconv.Itoa(h.Level))
		b.WriteString(`"><a href="#`)
		b.WriteString(escapeFragment(h.ID))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(h.Text))
		b.WriteString("</a></li>\n")
	}
	return template.HTML(b.String())
}

// escapeFragment percent-encodes all but letters, digits and -._~, as
// html/template does in a URL after its #, so an ID in any script links
// as it did from a template.
func escapeFragment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02x", c)
	}
	return b.String()
}
