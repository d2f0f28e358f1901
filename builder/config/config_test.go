package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDefaultsWithoutFile(t *testing.T) {
	dir := write(t, map[string]string{"note.md": "x"})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.ContentDir != "." || c.Title != filepath.Base(dir) || c.BaseURL != "/" || c.File != "" {
		t.Errorf("defaults: %+v", c)
	}
	if typ, ok := c.TypeForFolder("retros"); !ok || typ != "retro" {
		t.Errorf("retros -> %q %v", typ, ok)
	}
	dir = write(t, map[string]string{"content/a.md": "x"})
	if c, _ := Load(dir); c.ContentDir != "content" {
		t.Errorf("content/ folder not used: %q", c.ContentDir)
	}
}

func TestUnknownKeyNamesKeyAndLine(t *testing.T) {
	dir := write(t, map[string]string{FileName: "title: Wiki\ntitel: typo\nmarkup:\n  unsafe: true\n"})
	_, err := Load(dir)
	if err == nil {
		t.Fatal("unknown keys accepted")
	}
	msg := err.Error()
	for _, want := range []string{`lore.yaml:2: unknown key "titel"`, `lore.yaml:4: unknown key "unsafe"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

// TestHardLineBreaks: markup.hardLineBreaks is off unless lore.yaml turns
// it on, and a misspelling of it is an error, not silently ignored.
func TestHardLineBreaks(t *testing.T) {
	c, err := Load(write(t, map[string]string{FileName: "title: Wiki\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Markup.HardLineBreaks {
		t.Error("hard line breaks on by default")
	}
	c, err = Load(write(t, map[string]string{FileName: "markup:\n  hardLineBreaks: true\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Markup.HardLineBreaks {
		t.Error("markup.hardLineBreaks: true not read")
	}
	_, err = Load(write(t, map[string]string{FileName: "markup:\n  hardLinebreaks: true\n"}))
	if err == nil || !strings.Contains(err.Error(), `lore.yaml:2: unknown key "hardLinebreaks"`) {
		t.Errorf("misspelt key: %v", err)
	}
}

// A value of the wrong kind names its key and says what was expected in
// words, not in yaml's type tags ("cannot unmarshal !!seq into string").
func TestWrongKindNamesKey(t *testing.T) {
	dir := write(t, map[string]string{FileName: "title: [a, b]\nsearch: yes\ntypes:\n  retro:\n    folders: retros\n"})
	_, err := Load(dir)
	if err == nil {
		t.Fatal("wrong kinds accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`lore.yaml:1: title: expected text, found a list`,
		`lore.yaml:2: search: expected a mapping (key: value lines), found text ("yes")`,
		`lore.yaml:5: types.retro.folders: expected a list, found text ("retros")`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "!!") || strings.Contains(msg, "unmarshal") {
		t.Errorf("error %q speaks yaml's internals", msg)
	}
}

func TestValidation(t *testing.T) {
	dir := write(t, map[string]string{FileName: "baseURL: https://org.github.io/team-wiki\ntypes:\n  retro:\n    schema:\n      team: {kind: text}\n"})
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), `lore.yaml:5: types.retro.schema.team: kind "text" is not one of`) {
		t.Errorf("bad kind: %v", err)
	}
	dir = write(t, map[string]string{FileName: "baseURL: https://org.github.io/team-wiki\n"})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if bp, _ := c.BasePath(); bp != "/team-wiki/" {
		t.Errorf("base path %q", bp)
	}
	if c.AbsBaseURL() != "https://org.github.io/team-wiki/" {
		t.Errorf("abs base %q", c.AbsBaseURL())
	}
}

// TestCleanBaseURL checks that repeated slashes are collapsed, and that a
// query, a fragment or an unparsable URL is refused, since every link,
// feed and sitemap entry is built on the base URL.
func TestCleanBaseURL(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "/", want: "/"},
		{in: "https://ex.com", want: "https://ex.com"},
		{in: "https://ex.com/sub//", want: "https://ex.com/sub/"},
		{in: "https://ex.com//a///b/", want: "https://ex.com/a/b/"},
		{in: "//ex.com//a", want: "//ex.com/a"},
		{in: "//team//wiki/", want: "//team/wiki/"},
		{in: "/team//wiki//", want: "/team/wiki/"},
		{in: "https://example.org/team wiki/", want: "https://example.org/team wiki/"},
		{in: "https://ex.com/sub?x=1", err: `"https://ex.com/sub?x=1" has a query or fragment`},
		{in: "https://ex.com/sub?", err: "has a query or fragment"},
		{in: "https://ex.com/sub/#top", err: "has a query or fragment"},
		{in: "://bad", err: `"://bad" is not a URL: missing protocol scheme`},
		{in: "https:ex.com/sub", err: `"https:ex.com/sub" has no host`},
	}
	for _, tt := range tests {
		got, err := CleanBaseURL(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("CleanBaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("CleanBaseURL(%q) = %q, %v; want error %q", tt.in, got, err, tt.err)
		}
	}
}

func TestBaseURLInFile(t *testing.T) {
	dir := write(t, map[string]string{FileName: "title: W\nbaseURL: https://ex.com/sub?x=1\n"})
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), `lore.yaml:2: baseURL "https://ex.com/sub?x=1" has a query or fragment`) {
		t.Errorf("query accepted: %v", err)
	}
	dir = write(t, map[string]string{FileName: "baseURL: https://ex.com/sub//\n"})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if bp, _ := c.BasePath(); bp != "/sub/" || c.AbsBaseURL() != "https://ex.com/sub/" {
		t.Errorf("base path %q, absolute %q", bp, c.AbsBaseURL())
	}
}

func TestMissingSiteFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexist")
	_, err := Load(missing)
	if want := "site folder " + missing + " does not exist"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestBadYAML(t *testing.T) {
	dir := write(t, map[string]string{FileName: "title: [unclosed\n"})
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "lore.yaml:") {
		t.Errorf("bad YAML: %v", err)
	}
	// Every error has a line: yaml.v3 gives none for the first, and the
	// repository check is made after decoding.
	for src, want := range map[string]string{
		"\ttitle: T\n": "lore.yaml:1: found character that cannot start any token",
		"title: T\nrepository: \"ht!tp://x y\"\n": `lore.yaml:2: repository "ht!tp://x y" is not an http(s) URL`,
		// A parser error: yaml.v3 counts these lines from 0.
		"title: T\nignore: [a, b\ntheme: x\n": "lore.yaml:2: did not find expected ',' or ']'",
	} {
		_, err := Load(write(t, map[string]string{FileName: src}))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", src, err, want)
		}
	}
}

func TestIgnored(t *testing.T) {
	c := &Config{Ignore: []string{"Templates/", "private/*", "*.canvas", "drafts/old-*.md", "/archive/"}}
	for _, tc := range []struct {
		rel   string
		isDir bool
		want  bool
	}{
		{"Templates", true, true},
		{"notes/Templates", true, true}, // no / in the pattern: any depth
		{"Templates", false, false},     // a trailing / names folders only
		{"private/diary.md", false, true},
		{"private", true, false},
		{"notes/private/x.md", false, false}, // a pattern with / starts at the top
		{"board.canvas", false, true},
		{"projects/board.canvas", false, true},
		{"drafts/old-plan.md", false, true},
		{"drafts/new-plan.md", false, false},
		{"notes/a.md", false, false},
		{"archive", true, true},
		{"notes/archive", true, false}, // a leading / starts at the top
	} {
		if got := c.Ignored(tc.rel, tc.isDir); got != tc.want {
			t.Errorf("Ignored(%q, dir=%v) = %v, want %v", tc.rel, tc.isDir, got, tc.want)
		}
	}
	dir := write(t, map[string]string{FileName: "ignore: [\"[unclosed\", \"/\"]\n"})
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), `ignore: "[unclosed" is not a file pattern`) || !strings.Contains(err.Error(), `ignore: "/" is not a file pattern`) {
		t.Errorf("bad patterns: %v", err)
	}
}

// A vault's templates folder, as Obsidian's Templates plugin names it, is
// left out without any configuration.
func TestObsidianTemplatesIgnored(t *testing.T) {
	dir := write(t, map[string]string{
		".obsidian/templates.json": `{"folder": "Meta/Templates"}`,
		"Meta/Templates/Daily.md":  "# {{date}}",
		"note.md":                  "x",
	})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Ignored("Meta/Templates", true) || c.Ignored("Meta", true) || c.Ignored("Other/Meta/Templates", true) {
		t.Errorf("ignore %v", c.Ignore)
	}
	dir = write(t, map[string]string{".obsidian/templates.json": `{"folder": "Templates"}`, FileName: "ignore: [\"*.canvas\"]\n"})
	if c, _ := Load(dir); len(c.Ignore) != 2 || !c.Ignored("Templates", true) || c.Ignored("notes/Templates", true) {
		t.Errorf("ignore %v", c.Ignore)
	}
	for _, bad := range []string{`{"folder": ""}`, `not json`, `{"folder": "/"}`} {
		dir = write(t, map[string]string{".obsidian/templates.json": bad})
		if c, err := Load(dir); err != nil || len(c.Ignore) != 0 {
			t.Errorf("%s: ignore %v, err %v", bad, c.Ignore, err)
		}
	}
}

// A MkDocs project builds as it is: pages from docs_dir, and the site's
// name, repository and URL from mkdocs.yml, Python tags and all.
func TestMkDocsProject(t *testing.T) {
	dir := write(t, map[string]string{
		"mkdocs.yml": `site_name: Billing handbook
site_url: https://acme.github.io/billing/
repo_url: https://github.com/acme/billing
docs_dir: handbook
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
nav:
  - Home: index.md
`,
		"handbook/index.md": "# Home",
		"README.md":         "# The repository's readme",
	})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.ContentDir != "handbook" || c.Title != "Billing handbook" || c.Repository != "https://github.com/acme/billing" || c.BaseURL != "https://acme.github.io/billing/" {
		t.Errorf("config %+v", c)
	}
	// lore.yaml, when there is one, is the site's configuration.
	dir = write(t, map[string]string{"mkdocs.yml": "site_name: MkDocs name\n", "docs/index.md": "x", FileName: "title: Lore name\n"})
	if c, _ := Load(dir); c.Title != "Lore name" || c.ContentDir != "." {
		t.Errorf("with lore.yaml: title %q, content %q", c.Title, c.ContentDir)
	}
	// The defaults: docs/, and the folder's name when site_name is missing.
	dir = write(t, map[string]string{"mkdocs.yml": "theme: readthedocs\n", "docs/index.md": "x"})
	if c, _ := Load(dir); c.ContentDir != "docs" || c.Title != filepath.Base(dir) {
		t.Errorf("defaults: title %q, content %q", c.Title, c.ContentDir)
	}
}

// A hugo.toml is read for its title and base URL only; one nested deeper
// than Lore reads (40 KB took BurntSushi/toml 8.8 s and 3.9 GB) is left
// to Hugo, and the site is titled by its folder.
func TestHugoConfigTooDeep(t *testing.T) {
	deep := strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000)
	dir := write(t, map[string]string{"hugo.toml": "title = \"Hugo site\"\nx = " + deep + "\n", "content/a.md": "x"})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != filepath.Base(dir) {
		t.Errorf("title = %q", c.Title)
	}
}
