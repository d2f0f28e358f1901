package builder

import (
	"net/url"
	"path"
	"strings"

	"github.com/lore-wiki/lore/builder/page"
)

// Hosting services write their source and history URLs differently.
//
//	GitHub:        /<repo>/edit/<branch>/<path>     /<repo>/commits/<branch>/<path>
//	GitLab:        /<repo>/-/edit/<branch>/<path>   /<repo>/-/commits/<branch>/<path>
//	Gitea/Forgejo: /<repo>/_edit/<branch>/<path>    /<repo>/commits/branch/<branch>/<path>
func (s *Site) editURL(p *page.Page) string { return s.repoURL(p, "edit") }

func (s *Site) historyURL(p *page.Page) string { return s.repoURL(p, "history") }

func (s *Site) repoURL(p *page.Page, what string) string {
	repo := strings.TrimSuffix(strings.TrimSuffix(s.Config.Repository, "/"), ".git")
	if repo == "" || p == nil {
		return ""
	}
	u, err := url.Parse(repo)
	if err != nil {
		return ""
	}
	file := path.Join(s.repoPrefix(), p.Path)
	branch := s.Config.Branch
	host := strings.ToLower(u.Host)
	var tail string
	switch {
	case strings.Contains(host, "gitlab"):
		tail = map[string]string{"edit": "/-/edit/", "history": "/-/commits/"}[what] + branch + "/" + file
	case strings.Contains(host, "gitea") || strings.Contains(host, "forgejo") || strings.Contains(host, "codeberg"):
		tail = map[string]string{"edit": "/_edit/", "history": "/commits/branch/"}[what] + branch + "/" + file
	default:
		tail = map[string]string{"edit": "/edit/", "history": "/commits/"}[what] + branch + "/" + file
	}
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
