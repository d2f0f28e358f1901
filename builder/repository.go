package builder

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/page"
)

// Hosting services write their file URLs differently:
//
//	GitHub:        /<repo>/edit/<branch>/<path>    /commits/    /blob/          /raw/          /tree/
//	GitLab:        /<repo>/-/edit/<branch>/<path>  /-/commits/  /-/blob/        /-/raw/        /-/tree/
//	Gitea/Forgejo: /<repo>/_edit/<branch>/<path>   /commits/branch/  /src/branch/  /raw/branch/  /src/branch/
var repoPaths = map[string]map[string]string{
	"github": {"edit": "/edit/", "history": "/commits/", "blob": "/blob/", "raw": "/raw/", "tree": "/tree/"},
	"gitlab": {"edit": "/-/edit/", "history": "/-/commits/", "blob": "/-/blob/", "raw": "/-/raw/", "tree": "/-/tree/"},
	"gitea":  {"edit": "/_edit/", "history": "/commits/branch/", "blob": "/src/branch/", "raw": "/raw/branch/", "tree": "/src/branch/"},
}

func (s *Site) editURL(p *page.Page) string { return s.pageRepoURL(p, "edit") }

func (s *Site) historyURL(p *page.Page) string { return s.pageRepoURL(p, "history") }

func (s *Site) pageRepoURL(p *page.Page, what string) string {
	if p == nil {
		return ""
	}
	return s.repoURL(path.Join(s.repoPrefix(), p.Path), what)
}

// repoURL is the URL of one file of the repository (a path from its root)
// on the hosting service: what is edit, history, blob, raw or tree. It is
// "" when the site names no repository.
func (s *Site) repoURL(file, what string) string {
	repo := strings.TrimSuffix(strings.TrimSuffix(s.Config.Repository, "/"), ".git")
	if repo == "" {
		return ""
	}
	u, err := url.Parse(repo)
	if err != nil {
		return ""
	}
	host := strings.ToLower(u.Host)
	service := "github"
	switch {
	case strings.Contains(host, "gitlab"):
		service = "gitlab"
	case strings.Contains(host, "gitea") || strings.Contains(host, "forgejo") || strings.Contains(host, "codeberg"):
		service = "gitea"
	}
	tail := repoPaths[service][what] + s.Config.Branch + "/" + file
	return repo + (&url.URL{Path: tail}).EscapedPath()
}

// repoPrefix is the content folder's path inside the repository. Without
// git history it is the content folder relative to the site folder, which
// is right whenever the site folder is the repository root.
func (s *Site) repoPrefix() string {
	if s.RepoPrefix != "" {
		return s.RepoPrefix
	}
	cd := strings.Trim(path.Clean("/"+s.Config.ContentDir), "/")
	return cd
}

// outsideLink resolves a link that leaves the content folder (rel is a
// path from it, "../cmd/main.go") to that file in the site's repository:
// a docs folder kept beside the code links to the code. The file must
// exist; an image links to its raw file, a folder to its tree.
func (b *build) outsideLink(rel string, image bool) (string, string) {
	s := b.site
	if s.Config.Repository == "" {
		return "", "points outside the site (set repository: in lore.yaml to link to files of the repository)"
	}
	file := path.Join(s.repoPrefix(), rel)
	if file == ".." || strings.HasPrefix(file, "../") {
		return "", "points outside the repository"
	}
	info, err := os.Stat(filepath.Join(b.cfg.ContentPath(), filepath.FromSlash(rel)))
	if err != nil {
		return "", "no file " + file + " in the repository"
	}
	what := "blob"
	switch {
	case info.IsDir():
		what = "tree"
	case image:
		what = "raw"
	}
	return s.repoURL(file, what), ""
}

// linkIndex indexes the site's pages, drafts and attachments for the link
// stage.
func (b *build) linkIndex() *links.Index {
	ix := links.NewIndex(b.site.Pages, b.site.Drafts, b.site.Assets)
	ix.Outside = b.outsideLink
	return ix
}
