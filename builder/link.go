package builder

import (
	"context"
	"html/template"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/page"
)

// link resolves every page's links, turns placeholders into final HTML
// and records backlinks.
func (b *build) link(ctx context.Context) error {
	s := b.site
	s.links = links.NewIndex(s.Pages, s.Drafts, s.Assets)
	for _, p := range s.Pages {
		p.Backlinks = nil
	}
	for _, p := range s.Pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		b.linkPage(p)
		for _, l := range p.Links {
			if l.To != nil && l.To != p {
				l.To.Backlinks = appendBacklink(l.To.Backlinks, p, l)
			}
		}
	}
	return nil
}

// linkPage resolves one page's links against s.links and expands its
// content; a rebuild calls it for the pages a change touched.
func (b *build) linkPage(p *page.Page) {
	s := b.site
	for _, l := range p.Links {
		l.To, l.Asset, l.AnchorID, l.Problem, l.Ambiguous = nil, "", "", "", nil
		s.links.Resolve(p, l)
		b.reportLink(p, l)
	}
	p.Content = template.HTML(links.Expand(p, s.URL))
}

func appendBacklink(bl []*page.Backlink, from *page.Page, l *page.Link) []*page.Backlink {
	for _, b := range bl {
		if b.From == from {
			return bl
		}
	}
	return append(bl, &page.Backlink{From: from, Embed: l.Kind == page.Embed})
}

func (b *build) reportLink(p *page.Page, l *page.Link) {
	switch {
	case l.Problem != "":
		code := diag.CodeBrokenLink
		if l.Kind == page.Embed || l.Kind == page.MarkdownImage {
			code = diag.CodeBrokenEmbed
		}
		if l.To != nil && l.AnchorID == "" && l.Fragment != "" {
			code = diag.CodeMissingAnchor
		}
		b.site.report(diag.Warnf(p.Path, l.Line, l.Col, code, "broken link %s: %s", describe(l), l.Problem), p.Path, code)
	case len(l.Ambiguous) > 0:
		b.site.report(diag.Warnf(p.Path, l.Line, l.Col, diag.CodeAmbiguous,
			"%s matches several notes; using %s (also: %v)", describe(l), l.To.Path, l.Ambiguous), p.Path, diag.CodeAmbiguous)
	}
}

func describe(l *page.Link) string {
	t := l.Target
	if l.Fragment != "" {
		t += "#" + l.Fragment
	}
	switch l.Kind {
	case page.WikiLink:
		return "[[" + t + "]]"
	case page.Embed:
		return "![[" + t + "]]"
	}
	return "(" + t + ")"
}
