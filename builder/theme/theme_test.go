package theme

import (
	"io"
	"strings"
	"testing"
	"testing/fstest"
)

// layers is a site's layouts/, its themes/mine/ and a default theme, each
// holding one of the templates a page renders with.
func layers(page string) []Layer {
	site := fstest.MapFS{"layouts/page.html": {Data: []byte(page)}}
	mine := fstest.MapFS{"layouts/partials/meta.html": {Data: []byte(`{{define "meta"}}{{.Missing}}{{end}}`)}}
	def := fstest.MapFS{
		"layouts/base.html":          {Data: []byte(`{{block "main" .}}{{end}}`)},
		"layouts/page.html":          {Data: []byte(`{{define "main"}}hidden by the site's{{end}}`)},
		"layouts/partials/meta.html": {Data: []byte(`{{define "meta"}}hidden by the theme's{{end}}`)},
	}
	return []Layer{{FS: site}, {FS: mine, Dir: "themes/mine"}, {FS: def, Dir: "themes/default"}}
}

// TestErrorsNameTheFileOnDisk checks that parse and execution errors name
// each template by the file it came from, relative to the site folder.
func TestErrorsNameTheFileOnDisk(t *testing.T) {
	_, err := Load(layers("{{define \"main\"}}\n{{if}}{{end}}"), nil)
	if err == nil || !strings.Contains(err.Error(), "template: layouts/page.html:2: missing value for if") {
		t.Errorf("parse error = %v, want it to name layouts/page.html:2", err)
	}

	th, err := Load(layers(`{{define "main"}}{{template "meta" .}}{{end}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = th.Execute(io.Discard, struct{}{}, "page")
	if err == nil || !strings.HasPrefix(err.Error(), `template: themes/mine/layouts/partials/meta.html:1:19: executing "meta" at <.Missing>`) {
		t.Errorf("execution error = %v, want it to name themes/mine/layouts/partials/meta.html:1:19", err)
	}

	th, err = Load(layers(`{{define "main"}}{{.Missing}}{{end}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	// base.html comes from the default theme: the layout runs through it.
	err = th.Execute(io.Discard, struct{}{}, "page")
	if err == nil || !strings.HasPrefix(err.Error(), `template: layouts/page.html:1:19: executing "main" at <.Missing>`) {
		t.Errorf("execution error = %v, want it to name layouts/page.html:1:19", err)
	}
}
