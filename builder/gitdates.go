package builder

import (
	"context"
	"path/filepath"
	"slices"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/history"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
)

// readHistory is the history stage: one `git log` over the content folder
// gives every page its creation date, last change and contributors.
//
// Front matter wins: date:, updated: and authors: are kept when present, and
// git fills in only what they leave out. A page with no date: gets its first
// commit's date as its date, so undated notes still sort and appear in
// feeds. In a shallow clone the oldest commit is only the clone's
// boundary, so git's dates and authors are not used at all (edit links
// still are), and the build says so once. Outside a git repository, or with `history: {disabled: true}`, pages
// keep their front matter dates.
func (b *build) readHistory(ctx context.Context) error {
	s := b.site
	if b.history == nil {
		b.startHistory(ctx)
	}
	var r historyResult
	select {
	case r = <-b.history:
	case <-ctx.Done():
		return ctx.Err()
	}
	b.history = nil
	h, err := r.h, r.err
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		// A broken repository must not stop the wiki from building.
		s.report(diag.Warnf(b.configFile(), 0, 0, diag.CodeHistory, "%v; using front matter dates", err), b.configFile(), diag.CodeHistory)
		h = &history.History{}
	}
	s.History = h
	if why := h.Unreadable(); why != "" {
		s.report(diag.Warnf(b.configFile(), 0, 0, diag.CodeHistory, "%s; using front matter dates", why), b.configFile(), diag.CodeHistory)
	}
	if !h.Available() {
		return nil
	}
	s.RepoPrefix = h.Prefix()
	if h.Shallow() {
		// The clone's oldest commit looks as if it added every file, so
		// neither its date nor its author says anything about a page.
		s.report(diag.Warnf(b.configFile(), 0, 0, diag.CodeHistory,
			"the repository is a shallow clone, so page dates and contributors come from front matter only (fetch the full history, e.g. actions/checkout with fetch-depth: 0)"),
			b.configFile(), diag.CodeHistory)
		return nil
	}
	dir := records.NewDirectory(b.cfg.People)
	for _, list := range [][]*page.Page{s.Pages, s.Drafts} {
		for _, p := range list {
			applyHistory(p, h, dir)
		}
	}
	sortPages(s.Pages)
	return ctx.Err()
}

type historyResult struct {
	h   *history.History
	err error
}

// startHistory runs `git log` in the background: it is another process
// and mostly waits on git, so it overlaps parsing instead of following it.
func (b *build) startHistory(ctx context.Context) error {
	ch := make(chan historyResult, 1)
	b.history = ch
	go func() {
		h, err := history.Load(ctx, b.cfg.ContentPath(), history.Options{
			Disabled:  b.cfg.History.Disabled,
			CacheFile: filepath.Join(b.cfg.CachePath(), "history.gob"),
		})
		ch <- historyResult{h, err}
	}()
	return nil
}

// applyHistory sets a page's git dates and contributors under its front matter.
func applyHistory(p *page.Page, h *history.History, dir *records.Directory) {
	fh, ok := h.File(p.Path)
	if !ok {
		return
	}
	p.Created = fh.Created
	p.LastModified = fh.Updated
	if !p.Date.IsZero() {
		p.Created = p.Date
	} else if !p.Created.IsZero() {
		p.Date = p.Created
	}
	if !p.Updated.IsZero() {
		p.LastModified = p.Updated
	}
	if len(p.Authors) > 0 {
		p.Contributors = nil
		for _, a := range p.Authors {
			p.Contributors = appendUnique(p.Contributors, dir.Canon(a))
		}
		return
	}
	p.Contributors = nil
	for _, c := range fh.Contributors {
		p.Contributors = appendUnique(p.Contributors, dir.Identify(c.Name, c.Email))
	}
}

func appendUnique(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func (b *build) configFile() string {
	if b.cfg.File != "" {
		return "lore.yaml"
	}
	return "."
}
