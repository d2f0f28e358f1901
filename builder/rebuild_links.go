package builder

import (
	"slices"
	"strings"

	"github.com/lore-wiki/lore/builder/page"
)

// relink resolves the links of the changed pages, of the pages that
// pointed at an old version of one, and of pages embedding those (through
// any number of embeds: an embed shows the embedded page's content); then
// it updates the backlinks of the pages those links point to.
func (s *Session) relink(changes []change, pl *plan) error {
	b := s.b
	site := b.site
	if !pl.inPlace {
		site.links = b.linkIndex()
	}
	relink := map[*page.Page]bool{}
	prev := map[*page.Page]*page.Page{} // new version -> old version
	// A changed page's title and anchors show in the links of every page
	// linking to it; a page relinked for that shows them too, through
	// embeds, in every page embedding it, and so on up.
	type item struct {
		p          *page.Page
		embedsOnly bool
	}
	var queue []item
	for _, c := range changes {
		if c.new != nil && site.ByURL[c.new.URL] == c.new {
			relink[c.new] = true
			if c.old != nil {
				prev[c.new] = c.old
			}
		}
		if c.old != nil {
			queue = append(queue, item{c.old, false})
		}
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		for _, bl := range it.p.Backlinks {
			from := s.current(bl.From)
			if from == nil || it.embedsOnly && !bl.Embed || relink[from] {
				continue
			}
			relink[from] = true
			queue = append(queue, item{from, true})
		}
	}
	var todo []*page.Page
	if pl.relinkAll {
		todo = site.Pages
	} else {
		for p := range relink {
			todo = append(todo, p)
		}
		slices.SortFunc(todo, pageOrder)
	}

	// Pages whose backlinks may change: what the changed pages, and pages
	// whose links now resolve differently, linked to before and after.
	targets := map[*page.Page]bool{}
	before := make(map[*page.Page]string, len(todo))
	wasOut := make(map[*page.Page]string, len(todo))
	oldTargets := func(p *page.Page) {
		was := p
		if o := prev[p]; o != nil {
			was = o
		}
		for _, l := range was.Links {
			if t := s.current(l.To); t != nil {
				targets[t] = true
			}
		}
	}
	// A page's summary and excerpts name the pages it links to by title.
	shown := make(map[*page.Page]string, len(todo))
	for _, p := range todo {
		was := p
		if o := prev[p]; o != nil {
			was = o
			oldTargets(p)
		}
		before[p] = string(was.Content)
		wasOut[p] = outgoing(was)
		shown[p] = plainLabels(was)
	}

	site.Diagnostics = nil
	linkOut := &trackWrite{next: b.opt.Output.(*nextWrite)}
	b.opt.Output = linkOut
	var linkFiles []string
	var again []*page.Page
	for _, p := range todo {
		b.linkPage(p)
		linkFiles = append(linkFiles, p.Path)
		if hasEmbeds(p) {
			again = append(again, p)
		}
	}
	// An embed shows the embedded page's links, which may have been
	// resolved after the embedding page was expanded.
	for _, p := range again {
		b.linkPage(p)
	}
	b.opt.Output = linkOut.next
	graph := false
	for _, p := range todo {
		// Pages linking to a changed page show its title and URL in their
		// links: they render again only when their HTML changed.
		if before[p] != string(p.Content) {
			pl.pages[p] = true
		}
		changedLinks := wasOut[p] != outgoing(p)
		if changedLinks {
			graph = true
			oldTargets(p)
		}
		relabelled := shown[p] != plainLabels(p)
		if relabelled && prev[p] == nil {
			// Lists show its summary; listDeps sees only changed files.
			pl.relabelled = append(pl.relabelled, p)
		}
		if changedLinks || relabelled || prev[p] != nil || !pl.inPlace {
			for _, l := range p.Links {
				if l.To != nil {
					targets[l.To] = true
				}
			}
		}
	}
	for _, c := range changes {
		if c.old != nil && c.new == nil {
			linkFiles = append(linkFiles, c.old.Path)
		}
		if c.old == nil || c.new == nil || c.old.Title != c.new.Title || c.old.Type != c.new.Type || c.old.URL != c.new.URL {
			graph = true
		}
		if c.new != nil {
			targets[c.new] = true
		}
	}
	s.setDiags("link", linkFiles, site.Diagnostics, pl.relinkAll)

	if pl.relinkAll {
		for _, p := range site.Pages {
			targets[p] = true
		}
	}
	s.backlinks(targets, relink, prev, pl)
	if graph || pl.all || pl.placed {
		// The link graph lists every page and link (graph.go).
		if err := b.writeGraph(); err != nil {
			return err
		}
	}
	return s.updatePreviews(b, linkOut.next, todo, changes)
}

// updatePreviews rewrites the preview shards holding pages that changed
// (graph.go); when the page count moved the shard count, all of them, and
// shards beyond the new count are removed.
func (s *Session) updatePreviews(b *build, next *nextWrite, todo []*page.Page, changes []change) error {
	n := b.site.PreviewShards()
	if _, ok := next.files[PreviewFile(n-1)]; !ok || hasFile(next, PreviewFile(n)) {
		for k := n; hasFile(next, PreviewFile(k)); k++ {
			next.remove(PreviewFile(k))
		}
		return b.writePreviews(nil)
	}
	pages := append([]*page.Page(nil), todo...)
	for _, c := range changes {
		for _, p := range []*page.Page{c.old, c.new} {
			if p != nil {
				pages = append(pages, p)
			}
		}
	}
	if len(pages) == 0 {
		return nil
	}
	return b.writePreviews(pages)
}

// backlinks recomputes the backlinks of the target pages: the links from
// pages not linked again stay, those of relinked pages are added anew, in
// page order, as the link stage does.
func (s *Session) backlinks(targets, relinked map[*page.Page]bool, prev map[*page.Page]*page.Page, pl *plan) {
	site := s.b.site
	all := pl.relinkAll
	incoming := map[*page.Page][]*page.Page{}
	from := relinked
	if all {
		from = nil
	}
	collect := func(p *page.Page) {
		for _, l := range p.Links {
			if l.To != nil && l.To != p && targets[l.To] {
				if in := incoming[l.To]; len(in) == 0 || in[len(in)-1] != p {
					incoming[l.To] = append(in, p)
				}
			}
		}
	}
	if all {
		for _, p := range site.Pages {
			collect(p)
		}
	} else {
		for p := range from {
			collect(p)
		}
	}
	for t := range targets {
		if site.ByURL[t.URL] != t {
			continue
		}
		old := t.Backlinks
		if o := prev[t]; o != nil {
			old = o.Backlinks
		}
		var list []*page.Backlink
		if !all {
			for _, bl := range old {
				if f := s.current(bl.From); f != nil && !relinked[f] && site.ByURL[f.URL] == f {
					list = append(list, &page.Backlink{From: f, Excerpt: bl.Excerpt, Embed: bl.Embed})
				}
			}
		}
		for _, p := range incoming[t] {
			var one []*page.Backlink
			for _, l := range p.Links {
				if l.To == t {
					one = appendBacklink(one, p, l)
				}
			}
			list = append(list, one...)
		}
		slices.SortStableFunc(list, func(a, b *page.Backlink) int { return pageOrder(a.From, b.From) })
		if !sameBacklinks(old, list) {
			pl.pages[t] = true
		}
		t.Backlinks = list
	}
}

func sameBacklinks(a, b []*page.Backlink) bool {
	return slices.EqualFunc(a, b, func(x, y *page.Backlink) bool {
		return x.From.Path == y.From.Path && x.Excerpt == y.Excerpt && x.Embed == y.Embed
	})
}

// plainLabels is the page's summary and link excerpts, which relinking
// changes when a linked page's title changes.
func plainLabels(p *page.Page) string {
	var b strings.Builder
	b.WriteString(p.Summary)
	for _, l := range p.Links {
		b.WriteByte(0)
		b.WriteString(l.Excerpt)
	}
	return b.String()
}

// outgoing is a page's resolved link targets, to tell whether the link
// graph changed.
func outgoing(p *page.Page) string {
	var b strings.Builder
	for _, l := range p.Links {
		if l.To != nil && l.Problem == "" {
			b.WriteString(l.To.Path)
			b.WriteByte(0)
		}
	}
	return b.String()
}

func hasEmbeds(p *page.Page) bool {
	for _, l := range p.Links {
		if l.Kind == page.Embed && l.To != nil {
			return true
		}
	}
	return false
}
