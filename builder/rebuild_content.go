package builder

import (
	"context"
	"hash/maphash"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
)

// contentChanges re-reads the changed content paths, parses pages whose
// bytes changed, and works out what depends on them.
func (s *Session) contentChanges(ctx context.Context, paths []string, pl *plan, res *Result) error {
	b := s.b
	site := b.site
	root := b.cfg.ContentPath()
	skip := b.skipDirs()

	// 1. What is there now under each changed path.
	foundPages := map[string]string{}
	foundAssets := map[string]string{}
	looked := map[string]bool{} // source paths looked at again
	b.site.Diagnostics = nil
	for _, rel := range paths {
		rel = path.Clean(rel)
		if hiddenPath(rel) || skippedPath(filepath.Join(root, filepath.FromSlash(rel)), skip) {
			continue
		}
		s.dropDiags("load", rel)
		abs := filepath.Join(root, filepath.FromSlash(rel))
		st, statErr := os.Lstat(abs)
		_, isPage := s.pageFiles[rel]
		_, isAsset := s.assets[rel]
		if (isPage || isAsset) && statErr == nil && st.Mode().IsRegular() {
			looked[rel] = true // a known file saved again: the common case
		} else {
			// A folder, or a path that came or went: everything under it.
			for src := range s.pageFiles {
				if under(src, rel) {
					looked[src] = true
				}
			}
			for src := range s.assets {
				if under(src, rel) {
					looked[src] = true
				}
			}
		}
		if statErr != nil {
			continue // gone
		}
		err := b.walkContent(ctx, abs, func(r, a string) {
			looked[r] = true
			if isMarkdown(r) {
				foundPages[r] = a
			} else {
				foundAssets[r] = a
			}
		})
		if err != nil {
			return err
		}
	}
	s.setDiags("load", nil, b.site.Diagnostics, false)

	// 2. Attachments: copy changed ones; added or removed ones change how
	// links resolve.
	out := b.opt.Output.(*nextWrite)
	var writeFiles []string
	b.site.Diagnostics = nil
	for src := range looked {
		if isMarkdown(src) {
			continue
		}
		writeFiles = append(writeFiles, src)
		abs, now := foundAssets[src]
		_, before := s.assets[src]
		if !now {
			if before {
				out.remove(strings.TrimPrefix(assetURL(src), "/"))
				delete(s.assets, src)
				delete(s.srcHash, src)
				pl.relinkAll = true
			}
			continue
		}
		data, err := readSource(abs)
		if err != nil {
			site.report(diag.Errorf(src, 0, 0, diag.CodeRead, "cannot read: %v", unwrapPath(err)), src, diag.CodeRead)
			continue
		}
		h := maphash.Bytes(s.seed, data)
		if before && s.srcHash[src] == h && s.assets[src] == abs {
			continue
		}
		if !before {
			pl.relinkAll = true
		}
		s.assets[src] = abs
		s.srcHash[src] = h
		out.WriteFile(strings.TrimPrefix(assetURL(src), "/"), data)
	}
	s.setDiags("write", writeFiles, b.site.Diagnostics, false)

	// 3. Pages: parse the ones whose bytes changed, in parallel.
	var changes []change
	var parseSrcs []source
	var parseFiles []string
	for src := range looked {
		if !isMarkdown(src) {
			continue
		}
		abs, now := foundPages[src]
		if !now {
			if _, before := s.pageFiles[src]; before {
				if old := s.pages[src]; old != nil {
					changes = append(changes, change{old: old})
					res.RemovedURLs = append(res.RemovedURLs, old.URL)
				}
				delete(s.pages, src)
				delete(s.pageFiles, src)
				delete(s.srcHash, src)
				parseFiles = append(parseFiles, src)
			}
			continue
		}
		s.pageFiles[src] = abs
		parseSrcs = append(parseSrcs, source{rel: src, abs: abs})
	}
	slices.SortFunc(parseSrcs, func(a, b source) int { return comparePaths(a.rel, b.rel) })
	parsed := make([]*page.Page, len(parseSrcs))
	hashes := make([]uint64, len(parseSrcs))
	b.site.Diagnostics = nil
	var wg sync.WaitGroup
	sem := make(chan struct{}, b.opt.Workers)
	for i, src := range parseSrcs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			data, err := readSource(src.abs)
			if err != nil {
				site.report(diag.Errorf(src.rel, 0, 0, diag.CodeRead, "cannot read: %v", unwrapPath(err)), src.rel, diag.CodeRead)
				return
			}
			h := sourceSum(data)
			hashes[i] = h
			if old, ok := s.srcHash[src.rel]; ok && old == h && s.pages[src.rel] != nil {
				return // saved without a change
			}
			p, err := parseOne(s.md, src, s.popt)
			if err != nil {
				site.report(err, src.rel, diag.CodeRead)
				return
			}
			b.reportWarnings(p)
			parsed[i] = p
		}()
	}
	wg.Wait()
	for i, src := range parseSrcs {
		p := parsed[i]
		if p == nil {
			switch {
			case hashes[i] != s.srcHash[src.rel]:
				// A parse error: the last good version stays published.
				parseFiles = append(parseFiles, src.rel)
				res.Parsed++
			case slices.ContainsFunc(s.diags["parse"][src.rel], isError):
				// Back to the bytes of the last good version (an undo, a
				// git checkout): nothing to render, but its error is gone.
				parseFiles = append(parseFiles, src.rel)
			}
			continue
		}
		res.Parsed++
		parseFiles = append(parseFiles, src.rel)
		old := s.pages[src.rel]
		// Git history does not change with a save: apply what the build read.
		if h := site.History; h != nil && h.Available() && !h.Shallow() {
			applyHistory(p, h, records.NewDirectory(b.cfg.People))
		}
		s.pages[src.rel] = p
		s.srcHash[src.rel] = pageSum(p) // the bytes parsed, which may be newer than hashes[i]
		changes = append(changes, change{old: old, new: p})
		res.Pages = append(res.Pages, p)
	}
	s.setDiags("parse", parseFiles, b.site.Diagnostics, false)
	if len(changes) == 0 && !pl.relinkAll {
		return nil
	}
	if !pl.relinkAll && sameShape(changes) {
		// The common save: same place, title, date, tags. The new version
		// takes the old one's place in memory, so everything pointing at
		// the page (sections, terms, the link index, records, other pages'
		// links) stays valid; c.old becomes a copy of the old version.
		pl.inPlace = true
		for i, c := range changes {
			was := *c.old
			live := c.old
			*live = *c.new
			live.Backlinks = was.Backlinks
			s.pages[live.Path] = live
			changes[i] = change{old: &was, new: live}
			if j := slices.Index(res.Pages, c.new); j >= 0 {
				res.Pages[j] = live
			}
		}
	}
	if err := s.reassemble(ctx, changes, pl); err != nil {
		return err
	}
	if err := s.relink(changes, pl); err != nil {
		return err
	}
	// Their search text names a page whose title changed.
	for _, p := range pl.relabelled {
		if !slices.Contains(res.Pages, p) {
			res.Pages = append(res.Pages, p)
		}
	}
	s.listDeps(changes, pl)
	s.recordDeps(changes, pl)
	return nil
}

// change is one page whose source changed: old is nil for a new page,
// new is nil for a page that is gone.
type change struct{ old, new *page.Page }

// reassemble puts the changed pages in place and groups pages again:
// sections, terms and collisions are cheap to recompute and depend on
// every page. A change to the folder tree or the preview shard count is
// structural, after which every page is rendered (each page's sidebar
// lists folders, each page names the shard count); a page that came, went
// or moved marks what shows it (see placed).
func (s *Session) reassemble(ctx context.Context, changes []change, pl *plan) error {
	b := s.b
	site := b.site
	oldPublished := make(map[*page.Page]bool, len(site.Pages))
	for _, p := range site.Pages {
		oldPublished[p] = true
	}
	pl.oldTop = topPaths(site.Pages, homeRecent)
	pl.oldTerms = termCounts(site)
	if pl.inPlace {
		// Nothing that sections, terms or URLs depend on changed, and the
		// pages are where they were.
		return nil
	}
	oldSecs := sectionsByPath(site.Root)
	oldShards := site.PreviewShards()
	s.rebuildSources()
	site.Pages, site.Drafts = nil, nil
	for _, src := range site.sources {
		p := s.pages[src.rel]
		switch {
		case p == nil:
		case p.Unpublished || (p.Draft || p.OutOfSchedule(b.start)) && !b.opt.Drafts:
			site.Drafts = append(site.Drafts, p)
		default:
			site.Pages = append(site.Pages, p)
		}
	}
	sortPages(site.Pages)
	site.Diagnostics = nil
	if err := b.assemble(ctx); err != nil {
		return err
	}
	s.setDiags("assemble", nil, site.Diagnostics, true)
	for _, c := range changes {
		o, n := c.old, c.new
		wasPub, isPub := o != nil && oldPublished[o], n != nil && site.ByURL[n.URL] == n
		switch {
		case o == nil || n == nil, wasPub != isPub, isPub && (o.URL != n.URL || o.IsIndex != n.IsIndex),
			!slices.Equal(o.Aliases, n.Aliases) || o.Draft != n.Draft || o.Unpublished != n.Unpublished || !o.PublishDate.Equal(n.PublishDate) || !o.ExpiryDate.Equal(n.ExpiryDate):
			// A page or draft came, went or moved: links may resolve
			// differently.
			pl.relinkAll = true
		}
	}
	newSecs := sectionsByPath(site.Root)
	if !maps.EqualFunc(oldSecs, newSecs, func(a, b *Section) bool { return a.Title == b.Title }) ||
		oldShards != site.PreviewShards() {
		pl.all = true
		return nil
	}
	s.placed(oldPublished, oldSecs, newSecs, pl)
	return nil
}

// placed marks what shows a published page that came, went or moved (a
// new page, a deleted one, a new URL or folder, a draft toggled, a URL
// collision won or lost), given the published pages and sections before:
// the page, the section pages of its old and new folders and their
// ancestors (they count pages), home, its tag and type pages, and the
// pages of those folders whose sidebar window changed. A page parsed
// again with other list data counts too: it is a new object. Links,
// backlinks and records follow in relink, listDeps and recordDeps.
func (s *Session) placed(oldPublished map[*page.Page]bool, oldSecs, newSecs map[string]*Section, pl *plan) {
	site := s.b.site
	dirs := map[string]bool{}
	mark := func(p *page.Page) {
		dirs[p.Dir] = true
		if p.IsIndex {
			dirs[parentDir(p.Dir)] = true // a page bundle is listed there (foldBundle)
		}
		for _, t := range termURLs(p) {
			pl.terms[t] = true
		}
	}
	published := make(map[*page.Page]bool, len(site.Pages))
	for _, p := range site.Pages {
		published[p] = true
		if !oldPublished[p] {
			pl.pages[p] = true
			mark(p)
		}
	}
	for p := range oldPublished {
		if !published[p] {
			mark(p)
		}
	}
	if len(dirs) == 0 {
		return
	}
	pl.placed, pl.home, pl.meta = true, true, true
	for dir := range dirs {
		for d := dir; ; d = path.Dir(d) {
			if d == "." {
				d = ""
			}
			pl.sections[d] = true
			if d == "" {
				break
			}
		}
		old, cur := oldSecs[dir], newSecs[dir]
		if old == nil || cur == nil {
			continue
		}
		for _, p := range cur.Pages {
			if sidebarWindow(old.Pages, p.URL) != sidebarWindow(cur.Pages, p.URL) {
				pl.pages[p] = true
			}
		}
	}
}

// sidebarNearby is how many pages around the current one the default
// theme's sidebar lists (partials/sidebar.html: NearbyPages 7).
const sidebarNearby = 7

// sidebarWindow is what the sidebar of the page at url shows of its
// folder's pages ps: the titles and URLs of its window, and whether there
// are more.
func sidebarWindow(ps []*page.Page, url string) string {
	var b strings.Builder
	w := nearby(ps, url, sidebarNearby)
	for _, p := range w {
		b.WriteString(p.URL)
		b.WriteByte(0)
		b.WriteString(p.Title)
		b.WriteByte(0)
	}
	if len(ps) > len(w) {
		b.WriteByte(1)
	}
	return b.String()
}

// sameShape reports whether every change keeps the page where it was, with
// the same title, date, tags, type and summary.
func sameShape(changes []change) bool {
	for _, c := range changes {
		o, n := c.old, c.new
		if o == nil || n == nil || !listedSame(o, n) || o.Draft != n.Draft || o.Unpublished != n.Unpublished || !o.PublishDate.Equal(n.PublishDate) || !o.ExpiryDate.Equal(n.ExpiryDate) || o.IsIndex != n.IsIndex ||
			!slices.Equal(o.Aliases, n.Aliases) || o.Slug != n.Slug {
			return false
		}
	}
	return true
}

// current maps a page object to the page now published at its path (the
// object itself unless it was parsed again).
func (s *Session) current(p *page.Page) *page.Page {
	if p == nil {
		return nil
	}
	if n := s.pages[p.Path]; n != nil {
		return n
	}
	return nil
}

// rebuildSources lists sources in the order a walk finds them.
func (s *Session) rebuildSources() {
	site := s.b.site
	site.sources = site.sources[:0]
	for rel, abs := range s.pageFiles {
		site.sources = append(site.sources, source{rel: rel, abs: abs})
	}
	slices.SortFunc(site.sources, func(a, b source) int { return comparePaths(a.rel, b.rel) })
	site.assetFiles = site.assetFiles[:0]
	for rel, abs := range s.assets {
		site.assetFiles = append(site.assetFiles, source{rel: rel, abs: abs})
	}
	slices.SortFunc(site.assetFiles, func(a, b source) int { return comparePaths(a.rel, b.rel) })
	site.Assets = site.Assets[:0]
	for _, a := range site.assetFiles {
		site.Assets = append(site.Assets, &links.Asset{Path: a.rel, URL: assetURL(a.rel)})
	}
}

// comparePaths orders slash paths as filepath.WalkDir visits them.
func comparePaths(a, b string) int {
	for {
		ai, bi := strings.IndexByte(a, '/'), strings.IndexByte(b, '/')
		ae, be := a, b
		if ai >= 0 {
			ae = a[:ai]
		}
		if bi >= 0 {
			be = b[:bi]
		}
		if c := strings.Compare(ae, be); c != 0 {
			return c
		}
		switch {
		case ai < 0 && bi < 0:
			return 0
		case ai < 0:
			return -1
		case bi < 0:
			return 1
		}
		a, b = a[ai+1:], b[bi+1:]
	}
}

func under(p, dir string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

func hiddenPath(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") && part != "." {
			return true
		}
	}
	return false
}

func skippedPath(abs string, skip map[string]bool) bool {
	for p := abs; ; {
		if skip[p] {
			return true
		}
		parent := filepath.Dir(p)
		if parent == p {
			return false
		}
		p = parent
	}
}

func sectionsByPath(root *Section) map[string]*Section {
	out := map[string]*Section{}
	var walk func(*Section)
	walk = func(sec *Section) {
		out[sec.Path] = sec
		for _, c := range sec.Children {
			walk(c)
		}
	}
	walk(root)
	return out
}
