package records_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"github.com/lore-wiki/lore/builder/gittest"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/themes"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// goldenPages are the generated pages compared byte for byte.
var goldenPages = []string{
	"people/index.html",
	"people/bo/index.html",
	"people/cleo/index.html",
	"teams/platform/index.html",
	"actions/index.html",
	"teams/platform/actions/index.html",
	"mentoring/ana-cleo/index.html",
	"people/cleo/journal/index.html",
	"retros/2026-03-16-sprint-2/index.html",
	"teams/platform/feed.xml",
}

// TestGoldenRepos turns each testdata/repos archive into a real git
// repository, builds it, and compares the records pages, every page's
// dates and contributors, and the diagnostics with testdata/golden. The
// same repository is then cloned shallow and built again.
func TestGoldenRepos(t *testing.T) {
	gittest.Isolate(t)
	archives, _ := filepath.Glob("testdata/repos/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no fixtures")
	}
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(a)
			if err != nil {
				t.Fatal(err)
			}
			repo := makeRepo(t, ar)
			now := time.Date(2026, 5, 6, 12, 0, 0, 0, time.UTC)
			var got txtar.Archive
			site, out := build(t, repo, now)
			got.Files = append(got.Files, summary("", site)...)
			for _, p := range goldenPages {
				data, ok := out.Files[p]
				if !ok {
					t.Errorf("no %s in the output", p)
					continue
				}
				got.Files = append(got.Files, txtar.File{Name: p, Data: tidy(data)})
			}

			shallow := filepath.Join(t.TempDir(), "shallow")
			run(t, "", "git", "clone", "-q", "--depth", "1", "file://"+repo, shallow)
			ssite, _ := build(t, shallow, now)
			got.Files = append(got.Files, summary("shallow/", ssite)...)

			compareGolden(t, filepath.Join("testdata/golden", name+".txtar"), txtar.Format(&got))
		})
	}
}

// build builds a site folder into memory with the default theme, whose
// base layout is reduced to the main block so goldens follow only the
// records templates.
func build(t *testing.T, dir string, now time.Time) (*builder.Site, *builder.MemOutput) {
	t.Helper()
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := builder.NewMemOutput()
	site, err := builder.Build(context.Background(), builder.Options{
		Config: cfg, Output: out, Theme: testTheme(t), Now: func() time.Time { return now }, Workers: 2,
	})
	if err != nil {
		t.Fatalf("build %s: %v\n%v", dir, err, site.Diagnostics)
	}
	return site, out
}

func testTheme(t *testing.T) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(themes.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(themes.Default(), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m["layouts/base.html"] = &fstest.MapFile{Data: []byte(`{{block "main" .}}{{end}}`)}
	return m
}

// summary lists every page's dates and contributors, then the diagnostics.
func summary(prefix string, site *builder.Site) []txtar.File {
	var b strings.Builder
	pages := slices.Clone(site.Pages)
	slices.SortFunc(pages, func(a, b2 *page.Page) int { return strings.Compare(a.Path, b2.Path) })
	day := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format("2006-01-02")
	}
	for _, p := range pages {
		fmt.Fprintf(&b, "%s date=%s created=%s modified=%s contributors=%s\n",
			p.Path, day(p.Date), day(p.Created), day(p.LastModified), strings.Join(p.Contributors, ","))
	}
	fmt.Fprintf(&b, "repo prefix=%q history=%v shallow=%v\n", site.RepoPrefix, site.History.Available(), site.History.Shallow())
	var diags strings.Builder
	for _, d := range site.Diagnostics {
		fmt.Fprintf(&diags, "%s\n", d)
	}
	return []txtar.File{
		{Name: prefix + "pages", Data: []byte(b.String())},
		{Name: prefix + "diagnostics", Data: []byte(diags.String())},
	}
}

var (
	blankLines = regexp.MustCompile(`\n\s*\n+`)
	emptyDays  = regexp.MustCompile(`<rect [^>]*class="cal-l0"></rect>`)
	// A page's own layout belongs to the theme; only the records part of
	// it is compared.
	recordsPart = regexp.MustCompile(`(?s)<aside class="rec-summary".*?<nav class="rec-neighbours".*?</nav>`)
)

// tidy drops blank lines and a calendar's empty days so goldens stay
// readable, and keeps only the records part of Markdown pages.
func tidy(b []byte) []byte {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte(`<article class="page"`)) {
		b = recordsPart.Find(b)
	}
	b = emptyDays.ReplaceAll(b, nil)
	return append(bytes.TrimSpace(blankLines.ReplaceAll(b, []byte("\n"))), '\n')
}

func compareGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	wa, ga := txtar.Parse(want), txtar.Parse(got)
	for i, f := range ga.Files {
		if i >= len(wa.Files) || wa.Files[i].Name != f.Name || !bytes.Equal(wa.Files[i].Data, f.Data) {
			wantData := ""
			if i < len(wa.Files) {
				wantData = wa.Files[i].Name + "\n" + string(wa.Files[i].Data)
			}
			t.Fatalf("%s differs at %s:\n--- got\n%s\n--- want\n%s\n(run go test -update if the change is intended)", file, f.Name, f.Data, wantData)
		}
	}
	t.Fatalf("%s differs (run go test -update if the change is intended)", file)
}

// makeRepo plays an archive's script into a fresh repository.
func makeRepo(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	run(t, dir, "git", "-c", "init.defaultBranch=main", "init", "-q")
	files := map[string][]byte{}
	for _, f := range ar.Files {
		files[f.Name] = f.Data
	}
	for _, line := range strings.Split(string(files["script"]), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "write":
			prefix := fields[1] + "/"
			for _, f := range ar.Files {
				if rel, ok := strings.CutPrefix(f.Name, prefix); ok {
					p := filepath.Join(dir, filepath.FromSlash(rel))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		case "mv":
			if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(fields[2])), 0o755); err != nil {
				t.Fatal(err)
			}
			run(t, dir, "git", "mv", fields[1], fields[2])
		case "commit":
			who := strings.Join(fields[2:], " ")
			name, email, _ := strings.Cut(strings.TrimSuffix(who, ">"), " <")
			env := []string{"GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + email, "GIT_AUTHOR_DATE=" + fields[1],
				"GIT_COMMITTER_NAME=" + name, "GIT_COMMITTER_EMAIL=" + email, "GIT_COMMITTER_DATE=" + fields[1]}
			run(t, dir, "git", "add", "-A")
			runEnv(t, dir, env, "git", "commit", "-q", "-m", "commit by "+name)
		default:
			t.Fatalf("script: unknown command %q", line)
		}
	}
	return dir
}

func run(t *testing.T, dir string, args ...string) { t.Helper(); runEnv(t, dir, nil, args...) }

func runEnv(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
