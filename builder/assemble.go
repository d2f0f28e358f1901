package builder

import (
	"cmp"
	"context"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/slug"
)

// Reserved URLs belong to generated pages; a page may not take them.
var reservedURLs = map[string]string{
	"/tags/":   "the tag index",
	"/types/":  "the type index",
	"/search/": "the search page",
	"/_lore/":  "Lore's assets",
}

// assemble groups pages into sections, tags and types and checks that no
// two pages write the same URL.
func (b *build) assemble(ctx context.Context) error {
	s := b.site
	b.checkCollisions()
	s.Root = buildSections(s.Pages, b.readCategory)
	s.Tags = b.fitTerms(terms(s.Pages, "/tags/", (*page.Page).TagTerms), "tag", "tags")
	s.Types = b.fitTerms(terms(s.Pages, "/types/", func(p *page.Page) []string { return []string{p.Type} }), "type", "type")
	return ctx.Err()
}

// tagURL is the site-relative URL of a tag's page.
// tagURL nests a nested tag as Obsidian does: #team/mobile is
// /tags/team/mobile/, apart from #team-mobile at /tags/team-mobile/.
func tagURL(tag string) string { return "/tags/" + slug.Path(tag) + "/" }

func (b *build) checkCollisions() {
	s := b.site
	kept := s.Pages[:0]
	byURL := map[string]*page.Page{}
	for _, p := range s.Pages {
		if p.URL == "/" && !p.IsIndex || strings.HasPrefix(p.URL, "/_lore/") {
			s.report(diag.Errorf(p.Path, p.KeyLines["url"], 0, diag.CodeDuplicateURL,
				"URL %s is Lore's own (the home page is the top index.md or README.md); choose another url:", p.URL), p.Path, diag.CodeDuplicateURL)
			continue
		}
		if part := tooLongPart(p.URL); part != "" {
			line := p.KeyLines["slug"]
			if line == 0 {
				line = p.KeyLines["url"]
			}
			s.report(diag.Errorf(p.Path, line, 0, diag.CodeDuplicateURL,
				"URL %s…: a part of it is %d bytes long, and file systems allow %d; set a shorter slug:", shorten(p.URL, 40), len(part), maxNameBytes), p.Path, diag.CodeDuplicateURL)
			continue
		}
		if what, ok := reservedURLs[p.URL]; ok {
			s.report(diag.Errorf(p.Path, p.KeyLines["slug"], 0, diag.CodeDuplicateURL,
				"URL %s is reserved for %s; rename the file or set slug:", p.URL, what), p.Path, diag.CodeDuplicateURL)
			continue
		}
		if other, ok := byURL[p.URL]; ok {
			if keep, drop, ok := readmeGivesWay(other, p); ok {
				s.report(diag.Warnf(drop.Path, 0, 0, diag.CodeDuplicateURL,
					"left out: %s is this folder's page, as in MkDocs (a README.md beside an index.md is for the repository's own view)", keep.Path), drop.Path, diag.CodeDuplicateURL)
				if keep == p {
					kept[slices.Index(kept, other)] = p
					byURL[p.URL] = p
				}
				continue
			}
			first, second := other, p
			if second.Path < first.Path {
				first, second = second, first
			}
			s.report(diag.Errorf(second.Path, second.KeyLines["slug"], 0, diag.CodeDuplicateURL,
				"%s and %s both want the URL %s; rename one or set slug:", first.Path, second.Path, p.URL), second.Path, diag.CodeDuplicateURL)
			continue
		}
		byURL[p.URL] = p
		kept = append(kept, p)
	}
	s.Pages = kept
	s.ByURL = byURL
}

// fitTerms leaves out tags (or types) whose page's address has a part
// too long for a file name, with an error at the first page that has
// one: lore build would fail to write the page, and lore check should
// say so first.
func (b *build) fitTerms(ts []*Term, what, key string) []*Term {
	kept := ts[:0]
	for _, t := range ts {
		if part := tooLongPart(t.URL); part != "" {
			p := slices.MinFunc(t.Pages, func(a, b *page.Page) int { return strings.Compare(a.Path, b.Path) })
			b.site.report(diag.Errorf(p.Path, p.KeyLines[key], 0, diag.CodeDuplicateURL,
				"%s %q…: its page's address would have a part %d bytes long, and file systems allow %d", what, shorten(t.Name, 40), len(part), maxNameBytes), p.Path, diag.CodeDuplicateURL)
			continue
		}
		kept = append(kept, t)
	}
	return kept
}

// shorten cuts s to at most n characters.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// maxNameBytes is the longest file or folder name most file systems take
// (NAME_MAX on Linux and macOS).
const maxNameBytes = 255

// tooLongPart returns the first part of url too long to be a folder name.
func tooLongPart(url string) string {
	for _, part := range strings.Split(url, "/") {
		if len(part) > maxNameBytes {
			return part
		}
	}
	return ""
}

// readmeGivesWay settles a folder with both a README.md and an index.md:
// the index is the page, as MkDocs has it, and the README, which GitHub
// shows when browsing the repository, is left out.
func readmeGivesWay(a, b *page.Page) (keep, drop *page.Page, ok bool) {
	if !a.IsIndex || !b.IsIndex || a.Dir != b.Dir {
		return nil, nil, false
	}
	readme := func(p *page.Page) bool { return strings.EqualFold(path.Base(p.Path), "README.md") }
	switch {
	case readme(a) && !readme(b):
		return b, a, true
	case readme(b) && !readme(a):
		return a, b, true
	}
	return nil, nil, false
}

// buildSections makes the folder tree. Every folder that holds a page, or a
// folder holding one, is a section; its README.md or index.md is its Index.
// category gives a folder's Docusaurus _category_ file.
func buildSections(pages []*page.Page, category func(dir string) (folderCategory, bool)) *Section {
	root := &Section{URL: "/", Name: "", Title: "Home"}
	byPath := map[string]*Section{"": root}
	var get func(dir string) *Section
	get = func(dir string) *Section {
		if sec, ok := byPath[dir]; ok {
			return sec
		}
		parentDir := path.Dir(dir)
		if parentDir == "." {
			parentDir = ""
		}
		parent := get(parentDir)
		name := path.Base(dir)
		sec := &Section{Path: dir, Name: name, Title: titleOfFolder(name), URL: "/" + slug.Path(dir) + "/", Parent: parent}
		if c, ok := category(dir); ok {
			if c.Position != nil {
				sec.Weight, sec.Weighted = *c.Position, true
			}
			if c.Label != "" {
				sec.Title = c.Label
			}
		}
		parent.Children = append(parent.Children, sec)
		byPath[dir] = sec
		return sec
	}
	for _, p := range pages {
		if p.FolderNote { // promoted by an earlier build of this session
			p.IsIndex, p.FolderNote = false, false
		}
	}
	for _, p := range pages {
		sec := get(p.Dir)
		if p.IsIndex {
			sec.Index = p
			if p.Dir != "" {
				sec.Title = p.Title
			}
			if p.Weight != 0 {
				sec.Weight, sec.Weighted = float64(p.Weight), true
			}
			continue
		}
		sec.Pages = append(sec.Pages, p)
	}
	for _, sec := range byPath {
		adoptFolderNote(sec)
	}
	for _, sec := range byPath {
		foldBundle(sec)
	}
	countPages(root)
	sortSections(root)
	for _, sec := range byPath {
		sortByWeight(sec.Pages)
	}
	return root
}

// adoptFolderNote makes a note beside a folder and named like it (Books.md
// next to Books/) the folder's page, as Obsidian's folder notes are: both
// want the folder's URL, and the note then heads the folder's list
// instead of hiding it.
func adoptFolderNote(sec *Section) {
	if sec.Index != nil || sec.Parent == nil {
		return
	}
	i := slices.IndexFunc(sec.Parent.Pages, func(p *page.Page) bool { return p.URL == sec.URL })
	if i < 0 {
		return
	}
	p := sec.Parent.Pages[i]
	sec.Parent.Pages = slices.Delete(sec.Parent.Pages, i, i+1)
	p.IsIndex, p.FolderNote = true, true
	sec.Index, sec.Title = p, p.Title
	if p.Weight != 0 {
		sec.Weight, sec.Weighted = float64(p.Weight), true
	}
}

// foldBundle lists a folder that holds nothing but its index page (and
// that page's images), a Hugo page bundle (posts/trip/index.md beside
// trip.jpg), as a page of its parent folder rather than as a folder of
// no pages. The page keeps its address; views render it as a page.
func foldBundle(sec *Section) {
	if sec.Parent == nil || sec.Index == nil || len(sec.Pages) > 0 || len(sec.Children) > 0 || sec.Index.FolderNote {
		return
	}
	parent := sec.Parent
	parent.Children = slices.DeleteFunc(parent.Children, func(c *Section) bool { return c == sec })
	parent.Pages = append(parent.Pages, sec.Index)
	slices.SortStableFunc(parent.Pages, pageOrder)
}

func countPages(sec *Section) int {
	n := len(sec.Pages)
	for _, c := range sec.Children {
		n += countPages(c)
	}
	sec.Count = n
	return n
}

// sortSections orders folders as pages are: weighted ones first, lowest
// first (the weight of the folder's index page, or the position of its
// Docusaurus _category_ file), then by title.
func sortSections(sec *Section) {
	slices.SortFunc(sec.Children, func(a, b *Section) int {
		switch {
		case a.Weighted && b.Weighted && a.Weight != b.Weight:
			return cmp.Compare(a.Weight, b.Weight)
		case a.Weighted && !b.Weighted:
			return -1
		case !a.Weighted && b.Weighted:
			return 1
		}
		return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
	})
	for _, c := range sec.Children {
		sortSections(c)
	}
}

func titleOfFolder(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if name == "" {
		return name
	}
	return upperFirst(name)
}

// upperFirst upper-cases s's first letter, which may take several bytes
// (Ünïcødé, 日本語): cutting at the first byte wrote invalid UTF-8 into
// every page's sidebar.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// terms groups pages by the names key returns, case-insensitively; the
// first spelling seen (pages are newest first) names the term.
func terms(pages []*page.Page, prefix string, key func(*page.Page) []string) []*Term {
	bySlug := map[string]*Term{}
	var out []*Term
	for _, p := range pages {
		for _, name := range key(p) {
			sl := slug.Path(name) // see tagURL
			if sl == "" {
				continue
			}
			t, ok := bySlug[sl]
			if !ok {
				t = &Term{Name: name, Slug: sl, URL: prefix + sl + "/"}
				bySlug[sl] = t
				out = append(out, t)
			}
			t.Pages = append(t.Pages, p)
		}
	}
	slices.SortFunc(out, func(a, b *Term) int { return strings.Compare(a.Slug, b.Slug) })
	return out
}

// sortByWeight puts pages with a weight first, lowest first; the rest keep
// their newest-first order.
func sortByWeight(ps []*page.Page) {
	slices.SortStableFunc(ps, func(a, b *page.Page) int {
		switch {
		case a.Weight != 0 && b.Weight != 0:
			return a.Weight - b.Weight
		case a.Weight != 0:
			return -1
		case b.Weight != 0:
			return 1
		}
		return 0
	})
}
