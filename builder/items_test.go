package builder

import (
	"html/template"
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

// The list items written in Go are byte for byte what the default theme's
// ranges wrote before, hostile titles, excerpts and IDs included. (Only a
// '+' in a heading differs: html/template writes it as &#43;.)
func TestItemsMatchTemplates(t *testing.T) {
	s := &Site{BasePath: "/wiki/"}
	pages := []*page.Page{
		{URL: "/notes/café/", Title: `Café & "bar" <script>`},
		{URL: "/notes/a+b/", Title: "a+b"},
		{URL: "/notes/日本語/", Title: "日本語 ' x"},
	}
	backlinks := []*page.Backlink{
		{From: pages[0], Excerpt: `…see <b>"x"</b> & y…`},
		{From: pages[1]},
		{From: pages[2], Excerpt: "日本語"},
	}
	headings := []page.Heading{
		{Level: 2, ID: "café", Text: "Café"},
		{Level: 3, ID: `a&b"c<d>`, Text: `a&b"c<d>`},
		{Level: 2, ID: "x%41y?z#w/v", Text: "x y"},
	}
	crumbs := []Crumb{{Title: "Home", URL: "/"}, {Title: "Notes & more", URL: "/notes/"}}

	old := template.Must(template.New("").Funcs(template.FuncMap{"url": s.URL, "link": s.link}).Parse(
		`{{define "near"}}{{range .Pages}}<li>{{if eq .URL $.Current}}<a href="{{url .URL}}" aria-current="page">{{.Title}}</a>{{else}}{{link .}}{{end}}</li>
{{end}}{{end}}` +
			`{{define "crumbs"}}{{range .}}<li>{{link .}}</li>
{{end}}{{end}}` +
			`{{define "backlinks"}}{{range .}}<li>{{link .From}}{{with .Excerpt}}<p>{{.}}</p>{{end}}</li>{{end}}{{end}}` +
			`{{define "toc"}}{{range .}}<li class="toc-h{{.Level}}"><a href="#{{.ID}}">{{.Text}}</a></li>
{{end}}{{end}}`))
	want := func(name string, data any) string {
		var b strings.Builder
		if err := old.ExecuteTemplate(&b, name, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	near := struct {
		Pages   []*page.Page
		Current string
	}{pages, pages[0].URL}
	got, err := s.linkItems(pages, pages[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	if w := want("near", near); string(got) != w {
		t.Errorf("linkItems(pages):\n%s\nwant\n%s", got, w)
	}
	got, err = s.linkItems(crumbs)
	if err != nil {
		t.Fatal(err)
	}
	if w := want("crumbs", crumbs); string(got) != w {
		t.Errorf("linkItems(crumbs):\n%s\nwant\n%s", got, w)
	}
	if got, w := s.backlinkItems(backlinks), want("backlinks", backlinks); string(got) != w {
		t.Errorf("backlinkItems:\n%s\nwant\n%s", got, w)
	}
	if got, w := tocItems(headings), want("toc", headings); string(got) != w {
		t.Errorf("tocItems:\n%s\nwant\n%s", got, w)
	}
	if _, err := s.linkItems([]string{"x"}); err == nil {
		t.Error("linkItems listed strings")
	}
}
