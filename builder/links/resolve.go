// Package links resolves the links pages make to each other and to
// attachments, computes backlinks, and writes each link's final HTML.
//
// Resolution rules (the user guide's "Links" page explains them for authors):
//   - A relative Markdown link ([x](../retros/sprint-42.md#risks)) is a path
//     from the linking file's folder; a folder means its index page. One
//     ending in / that finds no file is tried as a URL relative to the
//     page's own URL, as Hugo and MkDocs sites write them.
//   - A relative link that leaves the content folder goes to Index.Outside
//     (the builder links it to the file in the site's repository).
//   - A site-absolute link (/retros/sprint-42.md, /retros/sprint-42/) is a
//     path from the top of the content folder or a page's URL; one that is
//     neither is kept as written.
//   - A [[wikilink]] matches a page by file name without extension,
//     case-insensitively, anywhere in the site, or by one of its aliases.
//     A path in the link ([[retros/sprint-42]]) narrows the match to files
//     whose path ends that way. When several match, the one closest to the
//     linking page wins and the link is reported as ambiguous.
//   - A wikilink starting with ./ or ../ ([[../retros/sprint-42]]) is a
//     path from the linking file's folder to one file, as a relative
//     Markdown link is; one that leaves the content folder is broken.
//   - Attachments (images, PDFs) match by path or by file name the same way.
package links

import (
	"cmp"
	"golang.org/x/text/unicode/norm"
	"net/url"
	"path"
	"strings"

	"github.com/lore-wiki/lore/builder/markdown"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/slug"
)

// Asset is a non-Markdown file of the site, copied as it is.
type Asset struct {
	// Path is relative to the content folder, slash-separated.
	Path string
	// URL is the site-relative URL it is published at.
	URL string
}

// Index finds pages and assets by path, name and alias.
type Index struct {
	byPath      map[string]*page.Page // lowercase path without .md
	byURL       map[string]*page.Page // lowercase URL path
	byName      map[string][]*page.Page
	assetByPath map[string]*Asset // lowercase path
	assetByName map[string][]*Asset
	// Drafts are known so that a link to one can say why it is broken.
	drafts map[string]*page.Page
	// folders maps every folder holding a page to the URL of its page.
	folders map[string]string
	// Outside, when set, resolves Markdown links that leave the content
	// folder; without it they are broken.
	Outside OutsideFunc
}

// OutsideFunc resolves a link that leaves the content folder, given as a
// path from the content folder ("../cmd/main.go" from the top of a docs
// folder): the URL to write instead, or why the link is broken.
type OutsideFunc func(rel string, image bool) (url, problem string)

// NewIndex indexes published pages, drafts left out of the build, and assets.
func NewIndex(pages, drafts []*page.Page, assets []*Asset) *Index {
	ix := &Index{
		byPath:      make(map[string]*page.Page, len(pages)),
		byURL:       make(map[string]*page.Page, len(pages)),
		byName:      make(map[string][]*page.Page, len(pages)),
		assetByPath: make(map[string]*Asset, len(assets)),
		assetByName: make(map[string][]*Asset, len(assets)),
		drafts:      map[string]*page.Page{},
		folders:     map[string]string{},
	}
	for _, p := range pages {
		for dir := p.Dir; dir != "" && dir != "."; dir = path.Dir(dir) {
			ix.folders[fold(dir)] = "/" + slug.Path(dir) + "/"
		}
		key := fold(strings.TrimSuffix(p.Path, path.Ext(p.Path)))
		ix.byPath[key] = p
		ix.byURL[fold(p.URL)] = p
		names := []string{fold(p.Name())}
		if p.IsIndex && p.Dir != "" {
			names = append(names, fold(path.Base(p.Dir)))
		}
		for _, a := range p.Aliases {
			names = append(names, fold(a))
			// An old address (Hugo's aliases: [/old/post/]) is the page's
			// too: a link to it goes straight to the page.
			if strings.HasPrefix(a, "/") {
				if u := path.Clean(a) + "/"; ix.byURL[fold(u)] == nil {
					ix.byURL[fold(u)] = p
				}
			}
		}
		for _, n := range names {
			ix.byName[n] = append(ix.byName[n], p)
		}
	}
	for _, d := range drafts {
		ix.drafts[fold(d.Name())] = d
		ix.drafts[fold(strings.TrimSuffix(d.Path, path.Ext(d.Path)))] = d
	}
	for _, a := range assets {
		ix.assetByPath[fold(a.Path)] = a
		n := fold(path.Base(a.Path))
		ix.assetByName[n] = append(ix.assetByName[n], a)
	}
	return ix
}

// ProblemDraft and ProblemUnpublished are the Problem of a link to a page
// left out of the build: a draft, or a page marked publish: false.
const (
	ProblemDraft       = "links to a draft, which is not published"
	ProblemUnpublished = "links to a page marked publish: false, which is not published"
)

func leftOut(p *page.Page) string {
	if p.Unpublished {
		return ProblemUnpublished
	}
	return ProblemDraft
}

// Resolve fills in l.To or l.Asset, or l.Problem when the link is broken.
func (ix *Index) Resolve(from *page.Page, l *page.Link) {
	l.To, l.Asset, l.AnchorID, l.Problem, l.Ambiguous = nil, "", "", "", nil
	switch l.Kind {
	case page.MarkdownLink, page.MarkdownImage:
		ix.resolvePath(from, l)
	default:
		ix.resolveName(from, l)
	}
	if l.To != nil && l.Fragment != "" {
		resolveFragment(l)
	}
}

func (ix *Index) resolvePath(from *page.Page, l *page.Link) {
	if l.Target == "" {
		l.To = from
		return
	}
	if strings.HasPrefix(l.Target, "/") {
		ix.resolveRooted(l)
		return
	}
	rel := path.Clean(path.Join(from.Dir, l.Target))
	outside := strings.HasPrefix(rel, "../") || rel == ".."
	if !outside && ix.byFile(rel, l) {
		return
	}
	// Sites written for Hugo or MkDocs link by URL, relative to the page's
	// own URL, where each page is a folder: ../basics/ from
	// /querying/examples/ is /querying/basics/.
	if strings.HasSuffix(l.Target, "/") {
		if p := ix.byURL[fold(path.Join(from.URL, l.Target)+"/")]; p != nil {
			l.To = p
			return
		}
	}
	if outside {
		l.Problem = "points outside the site"
		if ix.Outside != nil {
			l.Raw, l.Problem = ix.Outside(rel, l.Kind == page.MarkdownImage)
			if l.Raw != "" && l.Fragment != "" {
				l.Raw += "#" + (&url.URL{Fragment: l.Fragment}).EscapedFragment()
			}
		}
		return
	}
	// Obsidian may write links relative to the vault root ("absolute path
	// in vault") or by shortest path; try those before giving up.
	if !strings.HasPrefix(l.Target, "../") && !strings.HasPrefix(l.Target, "./") {
		byName := *l
		byName.Kind = page.WikiLink
		if l.Kind == page.MarkdownImage {
			byName.Kind = page.Embed
		}
		ix.resolveName(from, &byName)
		if byName.Problem == "" {
			l.To, l.Asset, l.Ambiguous = byName.To, byName.Asset, byName.Ambiguous
			return
		}
	}
	l.Problem = "no file " + rel
}

// resolveRooted resolves a site-absolute link, /retros/sprint-42.md or
// /retros/sprint-42/, as a path from the top of the content folder or as
// the URL a page is published at. One that is neither stays as written
// (Link.Raw), unchecked: it may be another app on the same host.
func (ix *Index) resolveRooted(l *page.Link) {
	clean := path.Clean(l.Target)
	rel := strings.TrimPrefix(clean, "/")
	if rel == "" {
		rel = "."
	}
	if ix.byFile(rel, l) {
		return
	}
	if clean != "/" {
		clean += "/"
	}
	l.To = ix.byURL[fold(clean)]
}

// byFile resolves rel, a slash-separated path from the top of the content
// folder, to a page, an attachment or a draft; it reports whether it did.
func (ix *Index) byFile(rel string, l *page.Link) bool {
	key := fold(rel)
	if a := ix.assetByPath[key]; a != nil && l.Kind == page.MarkdownImage {
		l.Asset = a.URL
		return true
	}
	trimmed := strings.TrimSuffix(key, ".md")
	trimmed = strings.TrimSuffix(trimmed, ".markdown")
	for _, k := range []string{trimmed, trimmed + "/index", trimmed + "/readme", trimmed + "/_index"} {
		if p := ix.byPath[k]; p != nil {
			l.To = p
			return true
		}
	}
	// A folder without an index page still has the page Lore lists it on,
	// as GitHub shows a folder's files: [the docs](docs/).
	if u, ok := ix.folders[key]; ok && l.Kind == page.MarkdownLink {
		l.Asset = u
		return true
	}
	if rel == "." {
		if p := ix.byPath["index"]; p != nil {
			l.To = p
			return true
		}
	}
	if a := ix.assetByPath[key]; a != nil {
		l.Asset = a.URL
		return true
	}
	if d := ix.drafts[trimmed]; d != nil {
		l.Problem = leftOut(d)
		return true
	}
	return false
}

func (ix *Index) resolveName(from *page.Page, l *page.Link) {
	if l.Target == "" {
		// [[#Heading]] links into the same page.
		l.To = from
		return
	}
	if isRelative(l.Target) {
		ix.resolveRelative(from, l)
		return
	}
	target := strings.TrimSuffix(l.Target, ".md")
	target = strings.Trim(target, "/")
	lower := fold(target)
	name := path.Base(lower)
	if l.Kind == page.Embed || strings.Contains(path.Base(l.Target), ".") && !strings.HasSuffix(fold(l.Target), ".md") {
		if assets := narrowAssets(ix.assetByName[fold(path.Base(l.Target))], fold(l.Target)); len(assets) > 0 {
			best := closestAsset(from, assets)
			l.Asset, l.AssetPath = best.URL, best.Path
			for _, a := range assets {
				if a != best {
					l.Ambiguous = append(l.Ambiguous, a.Path)
				}
			}
			return
		}
	}
	cands := ix.pagesNamed(target)
	switch len(cands) {
	case 0:
		if d := cmp.Or(ix.drafts[lower], ix.drafts[name]); d != nil {
			l.Problem = leftOut(d)
			return
		}
		if ix.resolveGitHubWiki(from, l) {
			return
		}
		l.Problem = "no note named " + quote(l.Target)
		if markdown.HasAttachmentExt(l.Target) {
			l.Problem = "no file named " + quote(l.Target)
		}
	case 1:
		l.To = cands[0]
	default:
		l.To = closestPage(from, cands)
		for _, c := range cands {
			if c != l.To {
				l.Ambiguous = append(l.Ambiguous, c.Path)
			}
		}
	}
}

// isRelative reports whether a wikilink target is a path from the linking
// page's folder, as Obsidian's "Relative path to file" link format writes
// them: ../B/Target, ./Sibling.
func isRelative(target string) bool {
	return target == "." || target == ".." || strings.HasPrefix(target, "./") || strings.HasPrefix(target, "../")
}

// resolveRelative resolves [[../B/Target]] or ![[../img/x.png]] as a path
// from the linking page's folder, to that file only: a relative path
// names one file, so no name search and no closest match.
func (ix *Index) resolveRelative(from *page.Page, l *page.Link) {
	rel := path.Join(from.Dir, l.Target)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		l.Problem = "points outside the content folder"
		return
	}
	if ix.byFile(rel, l) {
		return
	}
	what := "no note " + rel + ".md"
	if strings.HasSuffix(fold(rel), ".md") || markdown.HasAttachmentExt(rel) {
		what = "no file " + rel
	}
	l.Problem = what + " (" + relativeTo(from) + ")"
}

// relativeTo says which folder a relative link starts from, for its error.
func relativeTo(from *page.Page) string {
	if from.Dir == "" {
		return "the path is relative to the top of the content folder"
	}
	return "the path is relative to " + from.Dir + "/"
}

// resolveGitHubWiki tries a link that found nothing the way a GitHub wiki
// means it: [[Setup Guide]] is the page Setup-Guide.md, and
// [[the guide|Setup Guide]] puts the text first and the page second,
// the other way round from Obsidian. It reports whether that found a page.
func (ix *Index) resolveGitHubWiki(from *page.Page, l *page.Link) bool {
	if l.Kind != page.WikiLink {
		return false
	}
	find := func(name string) bool {
		for _, t := range []string{name, strings.ReplaceAll(name, " ", "-")} {
			if cands := ix.pagesNamed(t); len(cands) > 0 {
				l.To = closestPage(from, cands)
				return true
			}
		}
		return false
	}
	// Gollum's external links: [[https://example.com]], [[text|https://...]].
	for _, u := range []string{l.Target, l.Label} {
		if isWebURL(u) && (u == l.Target || l.Fragment == "") {
			l.Raw = u
			if u == l.Label {
				l.Reversed = true
			}
			return true
		}
	}
	if strings.Contains(l.Target, " ") && find(l.Target) {
		return true
	}
	if name, frag, _ := strings.Cut(l.Label, "#"); name != "" && l.Fragment == "" && find(name) {
		// [[text|Page#Heading]]: the heading is the page part's.
		l.Reversed, l.Fragment = true, frag
		return true
	}
	return false
}

func isWebURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// pagesNamed are the pages a wikilink target (without .md) names: by file
// name or alias, narrowed by the folders it gives, or by its whole path.
func (ix *Index) pagesNamed(target string) []*page.Page {
	lower := fold(target)
	cands := narrowPages(ix.byName[path.Base(lower)], lower)
	if len(cands) == 0 {
		if p := ix.byPath[lower]; p != nil {
			cands = []*page.Page{p}
		}
	}
	return cands
}

func quote(s string) string { return "\"" + s + "\"" }

// narrowPages keeps candidates whose path ends with the link's folders.
func narrowPages(cands []*page.Page, target string) []*page.Page {
	if !strings.Contains(target, "/") {
		return cands
	}
	var out []*page.Page
	for _, c := range cands {
		p := fold(strings.TrimSuffix(c.Path, path.Ext(c.Path)))
		if p == target || strings.HasSuffix(p, "/"+target) {
			out = append(out, c)
		}
	}
	return out
}

func narrowAssets(cands []*Asset, target string) []*Asset {
	if !strings.Contains(target, "/") {
		return cands
	}
	var out []*Asset
	for _, c := range cands {
		p := fold(c.Path)
		if p == target || strings.HasSuffix(p, "/"+target) {
			out = append(out, c)
		}
	}
	return out
}

// distance counts the folder steps from one folder to another.
func distance(fromDir, toDir string) int {
	a, b := splitDir(fromDir), splitDir(toDir)
	common := 0
	for common < len(a) && common < len(b) && a[common] == b[common] {
		common++
	}
	return len(a) - common + len(b) - common
}

func splitDir(d string) []string {
	if d == "" {
		return nil
	}
	return strings.Split(d, "/")
}

func closestPage(from *page.Page, cands []*page.Page) *page.Page {
	best := cands[0]
	for _, c := range cands[1:] {
		dc, db := distance(from.Dir, c.Dir), distance(from.Dir, best.Dir)
		if dc < db || dc == db && c.Path < best.Path {
			best = c
		}
	}
	return best
}

func closestAsset(from *page.Page, cands []*Asset) *Asset {
	best := cands[0]
	for _, c := range cands[1:] {
		dc, db := distance(from.Dir, dirOf(c.Path)), distance(from.Dir, dirOf(best.Path))
		if dc < db || dc == db && c.Path < best.Path {
			best = c
		}
	}
	return best
}

func dirOf(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

// fold is the form names and paths are compared in: case-insensitive, as
// Obsidian is, and composed, so a note saved by macOS as "cafe\u0301.md"
// is found by [[café]] typed on any keyboard.
func fold(s string) string { return strings.ToLower(norm.NFC.String(s)) }
