package builder

import (
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/lore-wiki/lore/builder/diag"
)

// fileAddresses are the files a build publishes besides its views: the
// feeds, sitemap and robots.txt it generates, the files beside the notes
// and those in static/. A page or a redirect at one of their addresses, or
// under one, would be replaced by the file or fail to be written.
type fileAddresses map[string]string // output path -> what is published there

func (b *build) fileAddresses(views []*View) fileAddresses {
	files := fileAddresses{"feed.xml": "the site's feed", "sitemap.xml": "the sitemap", "robots.txt": "robots.txt"}
	for _, v := range views {
		if f := v.Feed(); f != "" {
			files[strings.TrimPrefix(f, "/")] = "the feed of " + v.Title
		}
	}
	for _, a := range b.site.Assets {
		files[strings.TrimPrefix(a.URL, "/")] = a.Path
	}
	static := b.cfg.StaticPath()
	_ = filepath.WalkDir(static, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(static, p)
		files[filepath.ToSlash(rel)] = path.Join("static", filepath.ToSlash(rel))
		return nil
	})
	return files
}

// at names the file published at out, or at a folder above it ("" when
// there is none).
func (f fileAddresses) at(out string) string {
	for p := out; p != "." && p != "/"; p = path.Dir(p) {
		if what, ok := f[p]; ok {
			return what
		}
	}
	return ""
}

// checkPageAddresses warns about pages that a file of the same address
// replaces (notes/foo.md beside notes/foo/index.html, or a page at
// /tags/ beside static/tags/index.html).
func (b *build) checkPageAddresses(views []*View, files fileAddresses) {
	for _, v := range views {
		if v.Kind != "page" && v.Page == nil {
			continue
		}
		if what := files.at(outputPath(v.URL)); what != "" && v.Page != nil {
			p := v.Page
			b.site.report(diag.Warnf(p.Path, p.KeyLines["slug"], 0, diag.CodeDuplicateURL,
				"URL %s is also where %s is published, which replaces this page", v.URL, what), p.Path, diag.CodeDuplicateURL)
		}
	}
}
