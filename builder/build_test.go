package builder

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// testTheme is a tiny theme that prints the data each page gets, so golden
// files show what the pipeline computed, not the default theme's design.
func testTheme() Options {
	return Options{
		Theme: os.DirFS("testdata/theme"),
		Now:   func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) },
	}
}

// extract writes a txtar archive's files into a fresh folder.
func extract(t *testing.T, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := txtar.Write(ar, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func buildFixture(t *testing.T, dir string, mod func(*Options)) (*Site, *MemOutput, error) {
	t.Helper()
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := NewMemOutput()
	opt := testTheme()
	opt.Config, opt.Output = cfg, out
	if mod != nil {
		mod(&opt)
	}
	site, err := Build(context.Background(), opt)
	return site, out, err
}

// TestGoldenSites builds every fixture site in testdata/sites and compares
// its text output and diagnostics byte for byte with testdata/golden.
// Run `go test ./builder -run Golden -update` to accept a deliberate change.
func TestGoldenSites(t *testing.T) {
	archives, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no fixture sites")
	}
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		t.Run(name, func(t *testing.T) {
			site, out, err := buildFixture(t, extract(t, a), nil)
			if err != nil && !errors.Is(err, ErrBuildFailed) {
				t.Fatal(err)
			}
			got := goldenArchive(site, out)
			golden := filepath.Join("testdata/golden", name+".txtar")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run with -update after checking):\n%s", golden, diffLines(string(want), string(got)))
			}
		})
	}
}

// goldenArchive holds every text file of the output, except theme assets
// that only repeat the theme, plus the diagnostics.
func goldenArchive(site *Site, out *MemOutput) []byte {
	var ar txtar.Archive
	var lines []string
	for _, d := range site.Diagnostics {
		lines = append(lines, d.Error())
	}
	ar.Files = append(ar.Files, txtar.File{Name: "diagnostics", Data: []byte(strings.Join(lines, "\n") + "\n")})
	var names []string
	for name := range out.Files {
		if strings.HasPrefix(name, "_lore/") && name != "_lore/nav.json" {
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := out.Files[name]
		if !isText(name) {
			data = []byte("(binary, " + strconv.Itoa(len(data)) + " bytes)\n")
		}
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
	}
	return txtar.Format(&ar)
}

func isText(name string) bool {
	switch filepath.Ext(name) {
	case ".html", ".xml", ".json", ".txt", ".md", ".svg", ".css":
		return true
	}
	return false
}

// diffLines shows the first lines that differ, enough to see what changed.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
			if shown++; shown == 10 {
				break
			}
		}
	}
	return b.String()
}

func TestBuildStopsWhenCancelled(t *testing.T) {
	dir := extract(t, "testdata/sites/basic.txtar")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg, _ := config.Load(dir)
	opt := testTheme()
	opt.Config = cfg
	if _, err := Build(ctx, opt); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestSymlinkOutsideIsNotFollowed(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("# Secret\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n"), 0o644)
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "secret.md")); err != nil {
		t.Skip("no symlinks:", err)
	}
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("# B\n"), 0o644)
	if err := os.Symlink(filepath.Join(dir, "b.md"), filepath.Join(dir, "b-link.md")); err != nil {
		t.Fatal(err)
	}
	site, out, err := buildFixture(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out.Files["secret/index.html"]; ok {
		t.Error("symlink outside the content folder was followed")
	}
	if _, ok := out.Files["b-link/index.html"]; !ok {
		t.Error("symlink inside the content folder was not followed")
	}
	found := false
	for _, d := range site.Diagnostics {
		found = found || strings.Contains(d.Error(), "secret.md: warning: symlink points outside")
	}
	if !found {
		t.Errorf("no warning for the outside symlink: %v", site.Diagnostics)
	}
}

// A site whose content is its own folder does not publish its own
// configuration, nor another tool's.
func TestConfigFilesNotPublished(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "lore.yaml"), []byte("title: T\ncontentDir: .\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "hugo.toml"), []byte("title = \"H\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "mkdocs.yml"), []byte("site_name: M\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n"), 0o644)
	_, out, err := buildFixture(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"lore.yaml", "hugo.toml", "mkdocs.yml"} {
		if _, ok := out.Files[f]; ok {
			t.Errorf("published %s", f)
		}
	}
	if _, ok := out.Files["a/index.html"]; !ok {
		t.Error("a.md not built")
	}
}

// A site's layouts/ overrides templates only: its static/ is published at
// the site root, not a second time under /_lore/ (where its symlinks were
// followed), and a theme's linked folder does not fail the build.
func TestSiteLayoutsLayerIsLayoutsOnly(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"content", "static", "layouts", "themes/mine/static"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "lore.yaml"), []byte("theme: mine\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("# A\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "static/robots.txt"), []byte("User-agent: *\n"), 0o644)
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "static/host.txt")); err != nil {
		t.Skip("no symlinks:", err)
	}
	os.Symlink("../../../content", filepath.Join(dir, "themes/mine/static/linked"))
	_, out, err := buildFixture(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name := range out.Files {
		if name == "_lore/robots.txt" || name == "_lore/host.txt" || strings.HasPrefix(name, "_lore/linked") || name == "host.txt" {
			t.Errorf("published %s", name)
		}
	}
	if _, ok := out.Files["robots.txt"]; !ok {
		t.Error("static/robots.txt is not at the site root")
	}
}

// TestSymlinkLoopIsCalledALoop checks that links that never reach a file,
// or that lead to a folder holding them, are reported as loops, not as
// broken, in the content folder and in static/.
func TestSymlinkLoopIsCalledALoop(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: T\n")
	writeFile(t, filepath.Join(dir, "content/sub/a.md"), "# A\n")
	writeFile(t, filepath.Join(dir, "static/site.css"), "body{}\n")
	links := map[string]string{
		"content/self.md":   "self.md",
		"content/ping.md":   "pong.md",
		"content/pong.md":   "ping.md",
		"content/sub/loop":  "..",
		"content/broken.md": "nothere.md",
		"content/sub/b.md":  "a.md",
		"static/self.css":   "self.css",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip("no symlinks:", err)
		}
	}
	site, out, err := buildFixture(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range site.Diagnostics {
		got[d.File] = d.Error()
	}
	want := map[string]string{
		"self.md":         "self.md: warning: symlink loop skipped: following it never reaches a file [symlink]",
		"ping.md":         "ping.md: warning: symlink loop skipped: following it never reaches a file [symlink]",
		"pong.md":         "pong.md: warning: symlink loop skipped: following it never reaches a file [symlink]",
		"sub/loop":        "sub/loop: warning: symlink loop skipped: it leads to a folder that contains it [symlink]",
		"broken.md":       "broken.md: warning: broken symlink skipped [symlink]",
		"static/self.css": "static/self.css: warning: symlink loop skipped: following it never reaches a file [symlink]",
	}
	for file, w := range want {
		if got[file] != w {
			t.Errorf("%s: got %q, want %q", file, got[file], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("diagnostics %v", site.Diagnostics)
	}
	if _, ok := out.Files["sub/b/index.html"]; !ok {
		t.Error("a symlink to a page beside it was not followed")
	}
}

func TestUnreadableFileIsReportedAndOthersBuild(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ok.md"), []byte("# OK\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "locked.md"), []byte("# Locked\n"), 0o000)
	site, out, err := buildFixture(t, dir, nil)
	if !errors.Is(err, ErrBuildFailed) {
		t.Fatalf("err = %v", err)
	}
	if _, ok := out.Files["ok/index.html"]; !ok {
		t.Error("the readable page was not built")
	}
	if len(site.Diagnostics) != 1 || !strings.HasPrefix(site.Diagnostics[0].Error(), "locked.md: error: cannot read") {
		t.Errorf("diagnostics %v", site.Diagnostics)
	}
}
