package builder

import (
	"context"
	"slices"
	"strings"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/markdown"
	"github.com/lore-wiki/lore/builder/page"
	"golang.org/x/sync/errgroup"
)

// parse reads every Markdown source, parses its front matter and renders
// its body, in parallel with bounded concurrency. A file that fails is
// reported and left out; the others go on.
func (b *build) parse(ctx context.Context) error {
	md, popt := b.parser()
	srcs := b.site.sources
	pages := make([]*page.Page, len(srcs))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(b.opt.Workers)
	for i, s := range srcs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, err := parseOne(md, s, popt)
			if err != nil {
				b.site.report(err, s.rel, diag.CodeRead)
				return nil
			}
			b.reportWarnings(p)
			pages[i] = p
			b.opt.Progress("parse", i, len(srcs))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, p := range pages {
		switch {
		case p == nil:
		case p.Unpublished || (p.Draft || p.OutOfSchedule(b.start)) && !b.opt.Drafts:
			b.site.Drafts = append(b.site.Drafts, p)
		default:
			b.site.Pages = append(b.site.Pages, p)
		}
	}
	sortPages(b.site.Pages)
	return nil
}

// parser returns the Markdown renderer and page options every page of
// this build is parsed with (a rebuild parses changed pages the same way).
func (b *build) parser() (*markdown.Markdown, page.Options) {
	md := markdown.New(markdown.Options{UnsafeHTML: b.cfg.Markup.UnsafeHTML, HardLineBreaks: b.cfg.Markup.HardLineBreaks,
		HighlightStyle: b.cfg.Markup.HighlightStyle, HighlightDarkStyle: b.cfg.Markup.HighlightDarkStyle,
		TagURL:  func(tag string) string { return b.site.URL(tagURL(tag)) },
		FileURL: func(rel string) string { return b.site.URL(assetURL(rel)) }})
	return md, page.Options{TypeForFolder: b.cfg.TypeForFolder, HomePage: wikiHome(b.site.sources)}
}

// wikiHome is a GitHub wiki's Home.md when the top folder has no index.md
// or README.md: GitHub shows it as the wiki's front page.
func wikiHome(srcs []source) string {
	home := ""
	for _, s := range srcs {
		switch strings.ToLower(s.rel) {
		case "index.md", "readme.md", "_index.md":
			return ""
		case "home.md":
			home = s.rel
		}
	}
	return home
}

// pageRenderer is what parseOne needs of *markdown.Markdown.
type pageRenderer interface {
	Render(p *page.Page) error
}

// parseOne reads, parses and renders one source. A panic in the Markdown
// libraries on some odd input becomes that file's error, so the rest of
// the site still builds.
func parseOne(md pageRenderer, s source, opt page.Options) (p *page.Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, diag.Errorf(s.rel, 0, 0, diag.CodeRead, "internal error while rendering this file (please report it with the file): %v", r)
		}
	}()
	src, err := readSource(s.abs)
	if err != nil {
		return nil, diag.Errorf(s.rel, 0, 0, diag.CodeRead, "cannot read: %v", unwrapPath(err))
	}
	p, err = page.Parse(s.rel, src, opt)
	if err != nil {
		return nil, err
	}
	if err := md.Render(p); err != nil {
		return nil, diag.Errorf(s.rel, p.BodyLine, 0, diag.CodeRead, "render Markdown: %v", err)
	}
	return p, nil
}

// reportWarnings reports what the Markdown renderer found wrong in a page:
// content problems, errors in lore check (see contentProblem).
func (b *build) reportWarnings(p *page.Page) {
	for _, w := range p.Warnings {
		d := b.contentProblem(w.File, w.Line, w.Col, w.Code, "%s", w.Message)
		b.site.report(d, p.Path, d.Code)
	}
}

// sortPages orders newest first; undated pages come last, by path.
func sortPages(ps []*page.Page) {
	slices.SortStableFunc(ps, pageOrder)
}

// pageOrder is the order of sortPages.
func pageOrder(a, b *page.Page) int {
	ad, bd := a.Date, b.Date
	switch {
	case ad.IsZero() && !bd.IsZero():
		return 1
	case !ad.IsZero() && bd.IsZero():
		return -1
	case !ad.Equal(bd):
		return bd.Compare(ad)
	}
	return strings.Compare(a.Path, b.Path)
}
