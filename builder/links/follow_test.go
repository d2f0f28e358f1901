package links_test

import (
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder"
)

// buildToDir builds the site in src into a new temporary folder, as
// `lore build` does (staged, then committed), and returns the folder.
func buildToDir(t *testing.T, src string) (dest string, site *builder.Site) {
	t.Helper()
	dest = filepath.Join(t.TempDir(), "public")
	out, err := builder.NewStagedDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	site = buildSite(t, src, out, false)
	if n := site.Diagnostics.Errors(); n > 0 {
		out.Discard()
		t.Fatalf("%d errors:\n%v", n, site.Diagnostics)
	}
	if err := out.Commit(true); err != nil {
		t.Fatal(err)
	}
	return dest, site
}

var idRE = regexp.MustCompile(`\bid="([^"]*)"`)

// followLinks opens every HTML file under dest and checks that each
// internal href and src names a file of the output, and that each
// #fragment of an internal link names an id in the target page. It
// returns how many links it followed. Site-absolute links that the site
// kept as written (they name no file of the site) are not followed.
func followLinks(t *testing.T, dest string, site *builder.Site) int {
	t.Helper()
	basePath := site.BasePath
	kept := map[string]bool{}
	for _, p := range site.Pages {
		for _, l := range p.Links {
			if l.KeptAsWritten() {
				kept[l.Raw] = true
			}
		}
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".html") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[rel] = data
		} else {
			files[rel] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]map[string]bool{}
	idsOf := func(file string) map[string]bool {
		if m, ok := ids[file]; ok {
			return m
		}
		m := map[string]bool{}
		for _, s := range idRE.FindAllSubmatch(files[file], -1) {
			m[html.UnescapeString(string(s[1]))] = true
		}
		ids[file] = m
		return m
	}
	followed := 0
	for file, data := range files {
		if !strings.HasSuffix(file, ".html") {
			continue
		}
		pageURL := "/" + strings.TrimSuffix(strings.TrimSuffix(file, "index.html"), ".html")
		if file == "404.html" {
			pageURL = "/"
		}
		for _, m := range hrefRE.FindAllSubmatch(data, -1) {
			raw := html.UnescapeString(string(m[1]))
			if kept[raw] {
				continue
			}
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: bad URL %q", file, raw)
				continue
			}
			if u.Scheme != "" || u.Host != "" || (u.Path == "" && u.Fragment != "") || raw == "" {
				continue // external, or a fragment of this page
			}
			p := u.Path
			if !strings.HasPrefix(p, "/") {
				p = path.Join(path.Dir(pageURL+"x"), p)
			} else if !strings.HasPrefix(p, basePath) {
				t.Errorf("%s: %q is outside the base path %s", file, raw, basePath)
				continue
			} else {
				p = "/" + strings.TrimPrefix(p, basePath)
			}
			target := strings.TrimPrefix(p, "/")
			if target == "" || strings.HasSuffix(p, "/") {
				target += "index.html"
			}
			if _, ok := files[target]; !ok {
				if _, ok := files[target+"/index.html"]; ok {
					target += "/index.html"
				} else {
					t.Errorf("%s: %q points to a missing file (%s)", file, raw, target)
					continue
				}
			}
			followed++
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
				t.Errorf("%s: %q: no id %q in %s", file, raw, u.Fragment, target)
			}
		}
	}
	return followed
}

// TestFollowEveryLink builds each fixture site to a folder and follows
// every internal link and image of every page, theme chrome included.
func TestFollowEveryLink(t *testing.T) {
	for _, archive := range fixtures(t) {
		name := strings.TrimSuffix(filepath.Base(archive), ".txtar")
		t.Run(name, func(t *testing.T) {
			dest, site := buildToDir(t, extract(t, archive))
			n := followLinks(t, dest, site)
			if n < 50 {
				t.Errorf("followed only %d links", n)
			}
			// Broken links are text, never a dead href.
			for _, p := range site.Pages {
				for _, l := range p.Links {
					if l.Problem != "" && strings.Contains(string(p.Content), `href="`+l.Target) {
						t.Errorf("%s: broken %s rendered as a link", p.Path, l.Target)
					}
				}
			}
			// Every link's preview is in the shard preview.js will fetch.
			shards := builder.PreviewShards(len(site.Pages))
			for _, p := range site.Pages {
				for _, l := range p.Links {
					if l.To == nil || l.Problem != "" {
						continue
					}
					data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(builder.PreviewFile(builder.PreviewShard(l.To.URL, shards)))))
					if err != nil {
						t.Fatalf("%s: %v", p.Path, err)
					}
					if !strings.Contains(string(data), strconv.Quote(l.To.URL)) {
						t.Errorf("%s: no preview of %s in its shard", p.Path, l.To.URL)
					}
				}
			}
		})
	}
}
