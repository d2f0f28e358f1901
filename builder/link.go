package builder

import (
	"cmp"
	"context"
	"html/template"
	"strings"
	"sync"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/page"
	"golang.org/x/sync/errgroup"
)

// link resolves every page's links (and checks its front matter against
// the site's schema), then turns placeholders into final HTML with
// embedded notes transcluded, and records backlinks. The render stage
// writes the link graph and the hover previews from the results.
//
// Resolution must be complete before expansion starts: a page embedding
// another shows the other's links, resolved from the other's folder.
//
// Progress is told of the stage's phases: "link" 0/3 at the start, then
// 1/3 resolved, 2/3 backlinks, 3/3 expanded (benchmarks time them).
func (b *build) link(ctx context.Context) error {
	s := b.site
	b.opt.Progress("link", 0, 3)
	s.links = b.linkIndex()
	lk := b.newLinker()
	if err := b.eachPage(ctx, func(p *page.Page) { lk.resolve(p) }); err != nil {
		return err
	}
	b.opt.Progress("link", 1, 3)
	for _, p := range s.Pages {
		p.Backlinks = nil
	}
	for _, p := range s.Pages {
		for _, l := range p.Links {
			if l.To != nil && l.To != p {
				l.To.Backlinks = appendBacklink(l.To.Backlinks, p, l)
			}
		}
	}
	b.opt.Progress("link", 2, 3)
	var embedded map[*page.Page]bool
	if b.oneShot {
		embedded = embedTargets(s.Pages)
	}
	if err := b.eachPage(ctx, func(p *page.Page) {
		lk.expand(p)
		if b.oneShot && !embedded[p] {
			// Only transclusion reads another page's unexpanded body, so
			// a page nothing embeds is done with its own once expanded.
			// Dropping it here, not after the loop, keeps the body and
			// the expanded HTML of every page from being live at once.
			p.BodyHTML = nil
		}
	}); err != nil {
		return err
	}
	b.opt.Progress("link", 3, 3)
	if b.oneShot {
		// Embedded pages kept their unexpanded body for transclusion,
		// which is done. (A Session keeps every body, to re-expand pages
		// when their targets change.)
		for _, p := range s.Pages {
			p.BodyHTML = nil
			if !b.searching() {
				// Section text and code are for the index, and for
				// transclusion, which is done too: about 70 MB at 10k pages.
				p.Sections, p.Code = nil, ""
			}
		}
	}
	return nil
}

// embedTargets are the pages some page transcludes with ![[...]].
func embedTargets(pages []*page.Page) map[*page.Page]bool {
	targets := map[*page.Page]bool{}
	for _, p := range pages {
		for _, l := range p.Links {
			if l.Kind == page.Embed && l.To != nil {
				targets[l.To] = true
			}
		}
	}
	return targets
}

// eachPage runs fn on every published page, in parallel.
func (b *build) eachPage(ctx context.Context, fn func(*page.Page)) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(b.opt.Workers)
	for _, p := range b.site.Pages {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			fn(p)
			return nil
		})
	}
	return g.Wait()
}

// linkPage resolves one page's links against s.links and expands its
// content; a rebuild calls it for the pages a change touched.
func (b *build) linkPage(p *page.Page) {
	lk := b.newLinker()
	lk.resolve(p)
	lk.expand(p)
}

// linker is one link pass: it reports each problem once, however many
// pages show the embed that has it.
type linker struct {
	b        *build
	expander *links.Expander
	mu       sync.Mutex
	noticed  map[*page.Link]bool
}

func (b *build) newLinker() *linker {
	lk := &linker{b: b, noticed: map[*page.Link]bool{}}
	lk.expander = &links.Expander{URL: b.site.URL, Notice: lk.notice}
	return lk
}

func (lk *linker) resolve(p *page.Page) {
	for _, l := range p.Links {
		lk.b.site.links.Resolve(p, l)
		lk.b.reportLink(p, l)
	}
	lk.b.checkSchema(p)
	labelPlainText(p)
}

// labelPlainText finishes the page's summary and its links' excerpts,
// which name linked pages by title, as the page does, once links resolve.
func labelPlainText(p *page.Page) {
	label := links.PlainLabels(p)
	p.Summary = page.LabelLinks(p.SummarySource, label)
	for _, l := range p.Links {
		l.Excerpt = page.LabelLinks(l.Context, label)
	}
}

func (lk *linker) expand(p *page.Page) {
	x := lk.expander.Page(p)
	p.Content = template.HTML(x.HTML)
	p.Diagrams, p.Math = x.Diagrams, x.Math
	if x.TooManyEmbeds {
		lk.b.site.report(diag.Warnf(p.Path, 0, 0, diag.CodeBrokenEmbed,
			"shows more than %d embedded notes, counting the notes they embed; the rest are not embedded", links.MaxEmbeds), p.Path, diag.CodeBrokenEmbed)
	}
}

// notice reports an embed left out because it loops or nests too deeply,
// at the embed that closes the loop.
func (lk *linker) notice(from *page.Page, l *page.Link, msg string) {
	lk.mu.Lock()
	seen := lk.noticed[l]
	lk.noticed[l] = true
	lk.mu.Unlock()
	if seen {
		return
	}
	lk.b.site.report(diag.Warnf(from.Path, l.Line, l.Col, diag.CodeBrokenEmbed,
		"%s not embedded: it %s", describe(l), msg), from.Path, diag.CodeBrokenEmbed)
}

func appendBacklink(bl []*page.Backlink, from *page.Page, l *page.Link) []*page.Backlink {
	for _, b := range bl {
		if b.From == from {
			if l.Kind == page.Embed {
				b.Embed = true
			}
			return bl
		}
	}
	return append(bl, &page.Backlink{From: from, Excerpt: l.Excerpt, Embed: l.Kind == page.Embed})
}

// contentProblem is the severity of a problem that does not stop a page
// from rendering (a broken link, a schema violation): a warning in
// `lore build` and `lore serve`, which still publish the page with the
// link shown as broken, and an error in `lore check`, which CI runs to
// keep such problems out.
func (b *build) contentProblem(file string, line, col int, code, format string, args ...any) *diag.Diagnostic {
	if b.opt.Check {
		return diag.Errorf(file, line, col, code, format, args...)
	}
	return diag.Warnf(file, line, col, code, format, args...)
}

func (b *build) reportLink(p *page.Page, l *page.Link) {
	var d *diag.Diagnostic
	switch {
	case l.Problem == links.ProblemDraft || l.Problem == links.ProblemUnpublished:
		d = diag.Warnf(p.Path, l.Line, l.Col, diag.CodeDraftLink, "%s %s", describe(l), l.Problem)
	case l.Problem != "":
		code := diag.CodeBrokenLink
		if l.Kind == page.Embed || l.Kind == page.MarkdownImage {
			code = diag.CodeBrokenEmbed
		}
		if l.To != nil && l.AnchorID == "" && l.Fragment != "" {
			code = diag.CodeMissingAnchor
		}
		d = b.contentProblem(p.Path, l.Line, l.Col, code, "broken link %s: %s", describe(l), l.Problem)
	case l.Reversed && l.To != nil:
		// In an Obsidian vault this is a broken link that happens to have a
		// page's name as its text; say what Lore made of it.
		d = diag.Warnf(p.Path, l.Line, l.Col, diag.CodeAmbiguous,
			"[[%s|%s]]: no note named %q; read as a GitHub wiki link, [[text|page]], to %s", l.Target, l.Label, l.Target, l.To.Path)
	case len(l.Ambiguous) > 0:
		to := cmp.Or(l.AssetPath, l.Asset)
		if l.To != nil {
			to = l.To.Path
		}
		d = diag.Warnf(p.Path, l.Line, l.Col, diag.CodeAmbiguous,
			"%s matches several files; using the closest, %s (also: %s)", describe(l), strings.TrimPrefix(to, "/"), strings.Join(l.Ambiguous, ", "))
	default:
		return
	}
	b.site.report(d, p.Path, d.Code)
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
	case page.MarkdownImage:
		return "![](" + t + ")"
	}
	return "(" + t + ")"
}
