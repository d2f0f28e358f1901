package builder

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestLink checks that {{link .}} writes what the template it replaces,
// <a href="{{url .URL}}">{{.Title}}</a>, would: the base path, an escaped
// path and an escaped title. A value it cannot link is a template error.
func TestLink(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "baseURL: https://example.org/team wiki/\n")
	writeFile(t, filepath.Join(dir, "layouts/base.html"),
		`{{with .Page}}<p>page={{link .}}</p>{{end}}{{with .Section}}<p>section={{link .}}</p>{{end}}`+
			`{{range .Breadcrumbs}}<p>crumb={{link .}}</p>{{end}}{{if eq .Title "Bad"}}{{link .Title}}{{end}}`)
	writeFile(t, filepath.Join(dir, "content/notes/Café notes.md"), "---\ntitle: 'R&D \"<café>\"'\n---\nBody.\n")
	writeFile(t, filepath.Join(dir, "content/bad.md"), "# Bad\n")
	site, out, err := buildFixture(t, dir, nil)
	got := string(out.Files["notes/café-notes/index.html"])
	for _, want := range []string{
		`<p>page=<a href="/team%20wiki/notes/caf%C3%A9-notes/">R&amp;D &#34;&lt;café&gt;&#34;</a></p>`,
		`<p>section=<a href="/team%20wiki/notes/">Notes</a></p>`,
		`<p>crumb=<a href="/team%20wiki/">Home</a></p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s\n%s", want, got)
		}
	}
	if err == nil || !strings.Contains(fmt.Sprint(site.Diagnostics), "link: cannot link to string") {
		t.Errorf("err %v, diagnostics %v", err, site.Diagnostics)
	}
}

// A trail deeper than maxCrumbs keeps Home, the top folder and the nearest
// folders, with a "…" that leads to the first folder left out: each step
// holds its folder's URL, and a note 1,000 folders deep made 350 MB.
func TestBreadcrumbsOfDeepFolders(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "layouts/base.html"), `{{range .Breadcrumbs}}[{{.Title}} {{.URL}}]{{end}}`)
	writeFile(t, filepath.Join(dir, "content/a/b/c/d/e/f/g/h/i/note.md"), "# Note\n")
	writeFile(t, filepath.Join(dir, "content/a/b/c/shallow.md"), "# Shallow\n")
	_, out, err := buildFixture(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "[Home /][A /a/][… /a/b/][E /a/b/c/d/e/][F /a/b/c/d/e/f/][G /a/b/c/d/e/f/g/][H /a/b/c/d/e/f/g/h/][I /a/b/c/d/e/f/g/h/i/]"
	if got := string(out.Files["a/b/c/d/e/f/g/h/i/note/index.html"]); got != want {
		t.Errorf("deep trail\n%s\nwant\n%s", got, want)
	}
	if got, want := string(out.Files["a/b/c/shallow/index.html"]), "[Home /][A /a/][B /a/b/][C /a/b/c/]"; got != want {
		t.Errorf("shallow trail %s, want %s", got, want)
	}
}
