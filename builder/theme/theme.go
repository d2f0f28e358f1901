// Package theme loads a site's templates and theme assets.
//
// A theme is an fs.FS with two folders: layouts/ (html/template files) and
// static/ (CSS, JS, fonts, images, published under /_lore/). Lore stacks
// three layers, first match wins: the site's layouts/ folder, the site's
// themes/<name>/ folder, and the default theme embedded in the binary.
//
// Layouts: base.html defines the page skeleton and calls {{block "main" .}};
// every other file in layouts/ defines "main" for one kind of page (page,
// section, home, taxonomy, term, 404, search, and per-type layouts such as
// retro.html that fall back to page.html). Files in layouts/partials/ are
// shared by all layouts. Templates are parsed once and executed
// concurrently.
//
// Each template is named after its file as it is on disk, relative to the
// site folder (layouts/page.html, themes/mine/layouts/page.html), so that
// parse and execution errors ("themes/mine/layouts/page.html:1:23: ...")
// point at the file to fix. The embedded default theme's files are named
// as in Lore's source, themes/default/layouts/page.html.
package theme

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
	"text/template/parse"
)

const baseLayout = "layouts/base.html"

// Layer is one folder of the stack.
type Layer struct {
	FS fs.FS
	// Dir is where the layer is, relative to the site folder: "" for the
	// site itself (its layouts/), "themes/mine"; "themes/default" for the
	// embedded default theme. Templates are named with it.
	Dir string
}

// Theme is a parsed set of layouts and the merged static files.
type Theme struct {
	// base is the name of the template of layouts/base.html, which every
	// layout executes.
	base    string
	layouts map[string]*template.Template
	// partials is the shared set (base.html and partials/) that layouts
	// were cloned from, for executing one partial on its own.
	partials *template.Template
	static   fs.FS
	files    fs.FS
}

// Load parses the layouts of the stacked layers, first layer first.
func Load(layers []Layer, funcs template.FuncMap) (*Theme, error) {
	s := newStack(layers)
	files := s.files
	t := &Theme{base: s.source(baseLayout), layouts: map[string]*template.Template{}, files: files}
	if st, err := fs.Stat(files, "static"); err == nil && st.IsDir() {
		t.static, _ = fs.Sub(files, "static")
	}
	base, err := parseShared(s, funcs)
	if err != nil {
		return nil, err
	}
	// Clone before any layout is cloned from base, so that base itself
	// is never executed and stays clonable.
	if t.partials, err = base.Clone(); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(files, "layouts")
	if err != nil {
		return nil, fmt.Errorf("theme has no layouts folder: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".html" || name == "base.html" {
			continue
		}
		tmpl, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseFile(tmpl, s, "layouts/"+name); err != nil {
			return nil, err
		}
		t.layouts[strings.TrimSuffix(name, ".html")] = tmpl
	}
	return t, nil
}

func parseShared(s stack, funcs template.FuncMap) (*template.Template, error) {
	src := s.source(baseLayout)
	data, err := fs.ReadFile(s.files, baseLayout)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", src, err)
	}
	base, err := template.New(src).Funcs(funcs).Parse(string(data))
	if err != nil {
		return nil, fmt.Errorf("template %w", err)
	}
	partials, err := fs.Glob(s.files, "layouts/partials/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range partials {
		if err := parseFile(base, s, p); err != nil {
			return nil, err
		}
		if err := fileAsTemplate(base, s.source(p)); err != nil {
			return nil, err
		}
	}
	return base, nil
}

// fileAsTemplate lets a partial written as Hugo writes them, a file whose
// content is the template (partials/footer.html holding <footer>...), stand
// for the template of its name, "footer", when no file defines that name.
// file is the template's name, the file as on disk.
func fileAsTemplate(t *template.Template, file string) error {
	name := strings.TrimSuffix(path.Base(file), ".html")
	ft := t.Lookup(file)
	if t.Lookup(name) != nil || ft == nil || ft.Tree == nil || parse.IsEmptyTree(ft.Tree.Root) {
		return nil
	}
	_, err := t.AddParseTree(name, ft.Tree)
	return err
}

// parseFile parses the stack's file name (layouts/page.html) into t, as a
// template named after the file on disk.
func parseFile(t *template.Template, s stack, name string) error {
	src := s.source(name)
	data, err := fs.ReadFile(s.files, name)
	if err != nil {
		return fmt.Errorf("template %s: %w", src, err)
	}
	// Named after the file so that parse and execution errors read
	// "themes/mine/layouts/page.html:12: ...".
	if _, err := t.New(src).Parse(string(data)); err != nil {
		return err
	}
	return nil
}

// Has reports whether a layout exists.
func (t *Theme) Has(layout string) bool { return t.layouts[layout] != nil }

// Execute renders data with the first existing layout of the candidates.
// On an error w may hold part of the page; callers render into a buffer
// they throw away.
func (t *Theme) Execute(w io.Writer, data any, candidates ...string) error {
	for _, name := range candidates {
		if tmpl := t.layouts[name]; tmpl != nil {
			return tmpl.ExecuteTemplate(w, t.base, data)
		}
	}
	return fmt.Errorf("no layout named %s", strings.Join(candidates, ", "))
}

// ExecutePartial renders one template of the shared set, a partial such
// as "header", on its own.
func (t *Theme) ExecutePartial(w io.Writer, name string, data any) error {
	return t.partials.ExecuteTemplate(w, name, data)
}

// Static is the merged static/ folder, published under /_lore/.
func (t *Theme) Static() fs.FS { return t.static }

// Files is the whole merged theme, for files outside layouts/ and static/.
func (t *Theme) Files() fs.FS { return t.files }
