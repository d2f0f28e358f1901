package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"gopkg.in/yaml.v3"
)

var testDay = time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)

func fixedClock() time.Time { return testDay }

// runCmd runs one command in-process with the fixed clock.
func runCmd(t *testing.T, c *command, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: os.Getenv}
	code = c.run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// gitUser gives the test a git identity in a private HOME.
func gitUser(t *testing.T, name, email string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	cfg := "[user]\n\tname = " + name + "\n\temail = " + email + "\n"
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestNew(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	gitUser(t, "Dara Okafor", "dara@harbor.example")
	site := t.TempDir()
	writeFiles(t, site, map[string]string{
		"lore.yaml":                        "title: Test\npeople:\n  dara:\n    name: Dara Okafor\n    emails: [dara@harbor.example]\n",
		"content/retros/2026-01-01-old.md": "---\ntitle: Old\n---\n",
		"content/howtos/Deploy the app.md": "---\ntitle: Deploy\n---\n",
		"content/howtos/Rotate keys.md":    "---\ntitle: Rotate\n---\n",
		"archetypes/meeting.md":            "---\ntitle: {{yaml .Title}}\ndate: {{.Date}}\n---\nOur own meeting template, by {{.Author}}.\n",
	})
	c := newCommand(fixedClock)

	code, out, errOut := runCmd(t, c, "-s", site, "retro", "Platform retro, sprint 43", "--team", "platform")
	retro := filepath.Join(site, "content", "retros", "2026-11-28-platform-retro-sprint-43.md")
	if code != 0 || strings.TrimSpace(out) != retro {
		t.Fatalf("new retro: %d %q %q", code, out, errOut)
	}
	body := readFile(t, retro)
	for _, want := range []string{
		"title: \"Platform retro, sprint 43\"\n", "date: 2026-11-28\n", "team: \"platform\"\n",
		"authors: [\"dara\"]\n", "- [ ] @dara first action item (due 2026-12-12)",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("retro lacks %q:\n%s", want, body)
		}
	}

	// An author given by hand is one author, however it is written.
	code, out, errOut = runCmd(t, c, "-s", site, "note", "Two names", "--author", "Doe, Jane: lead")
	if code != 0 {
		t.Fatalf("new note --author: %d %q %q", code, out, errOut)
	}
	if body := readFile(t, strings.TrimSpace(out)); !strings.Contains(body, "authors: [\"Doe, Jane: lead\"]\n") {
		t.Errorf("note:\n%s", body)
	}

	// Never overwrite.
	if err := os.WriteFile(retro, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd(t, c, "-s", site, "retro", "Platform retro, sprint 43")
	if code != exitFail || !strings.Contains(errOut, "already exists") || readFile(t, retro) != "edited" {
		t.Errorf("second new: code %d, %q", code, errOut)
	}

	// Today's journal entry, in the author's folder, named by the date.
	code, out, _ = runCmd(t, c, "-s", site, "journal")
	journal := filepath.Join(site, "content", "journals", "dara", "2026-11-28.md")
	if code != 0 || strings.TrimSpace(out) != journal {
		t.Fatalf("new journal: %d %q", code, out)
	}
	if body := readFile(t, journal); !strings.Contains(body, `title: "Journal, 28 November 2026"`) {
		t.Errorf("journal:\n%s", body)
	}

	// The folder's convention: titles as file names.
	code, out, _ = runCmd(t, c, "-s", site, "howto", "Run the local stack")
	if want := filepath.Join(site, "content", "howtos", "Run the local stack.md"); code != 0 || strings.TrimSpace(out) != want {
		t.Errorf("new howto: %d %q, want %s", code, out, want)
	}

	// The site's archetype wins; --author and --date override git and the clock.
	code, out, _ = runCmd(t, c, "-s", site, "meeting", "Planning", "--author", "hana", "--date", "2027-01-05")
	meeting := filepath.Join(site, "content", "meetings", "2027-01-05-planning.md")
	if code != 0 || strings.TrimSpace(out) != meeting {
		t.Fatalf("new meeting: %d %q", code, out)
	}
	if body := readFile(t, meeting); !strings.Contains(body, "Our own meeting template, by hana.") {
		t.Errorf("meeting did not use the site archetype:\n%s", body)
	}

	code, _, errOut = runCmd(t, c, "-s", site, "recipe", "Soup")
	if code != exitFail || !strings.Contains(errOut, `unknown type "recipe"`) {
		t.Errorf("unknown type: %d %q", code, errOut)
	}
	code, _, _ = runCmd(t, c, "-s", site, "retro")
	if code != exitFail {
		t.Errorf("a retro without a title: code %d", code)
	}

	// Everything created builds without errors.
	var o, e bytes.Buffer
	if code := run(context.Background(), []string{"check", "-s", site}, nil, &o, &e); code != 0 {
		t.Errorf("check after new: %d\n%s%s", code, o.String(), e.String())
	}
}

func TestInit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	gitUser(t, "Ana Lima", "ana@example.com")
	dir := filepath.Join(t.TempDir(), "team-wiki")
	c := initCommand(fixedClock)
	code, out, errOut := runCmd(t, c, dir, "--team", "payments")
	if code != 0 {
		t.Fatalf("init: %d %s", code, errOut)
	}
	for _, want := range []string{
		"lore.yaml", ".gitignore", ".github/workflows/lore.yml",
		"content/retros/2026-11-28-sprint-1.md", "content/journals/ana-lima/2026-11-28-first-entry.md",
		"content/mentoring/2026-11-28-ana-lima-sam.md", "content/meetings/2026-11-28-kickoff.md",
		"content/howtos/write-a-retro.md", "content/onboarding/README.md", "content/notes/how-we-use-this-wiki.md",
	} {
		if !strings.Contains(out, "  "+want+"\n") {
			t.Errorf("init did not list %s:\n%s", want, out)
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(want))); err != nil {
			t.Error(err)
		}
	}
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatalf("lore.yaml: %v", err)
	}
	if cfg.Title != "Team wiki" || cfg.People["ana-lima"].Name != "Ana Lima" || !cfg.Types["retro"].Schema["team"].Required {
		t.Errorf("config: title %q, people %v, retro schema %v", cfg.Title, cfg.People, cfg.Types["retro"].Schema)
	}
	if gi := readFile(t, filepath.Join(dir, ".gitignore")); !strings.Contains(gi, "/public/") || !strings.Contains(gi, "/.lore/") {
		t.Errorf(".gitignore:\n%s", gi)
	}
	wf := readFile(t, filepath.Join(dir, ".github/workflows/lore.yml"))
	for _, want := range []string{"pull_request", "lore check --format github", "fetch-depth: 0", "actions/deploy-pages", "${{ steps.pages.outputs.base_url }}"} {
		if !strings.Contains(wf, want) {
			t.Errorf("workflow lacks %q", want)
		}
	}
	if retro := readFile(t, filepath.Join(dir, "content/retros/2026-11-28-sprint-1.md")); !strings.Contains(retro, "team: payments") ||
		!strings.Contains(retro, "@ana-lima add the wiki link to the team channel topic (due 2026-12-12)") {
		t.Errorf("sample retro:\n%s", retro)
	}

	// The scaffold builds cleanly.
	var o, e bytes.Buffer
	if code := run(context.Background(), []string{"check", "-s", dir}, nil, &o, &e); code != 0 {
		t.Errorf("check after init: %d\n%s%s", code, o.String(), e.String())
	}

	// A second init writes nothing.
	before := readFile(t, filepath.Join(dir, "content/index.md"))
	if err := os.Remove(filepath.Join(dir, "content/index.md")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd(t, c, dir)
	if code != exitFail || !strings.Contains(errOut, "not overwriting anything") {
		t.Errorf("second init: %d %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/index.md")); err == nil {
		t.Errorf("a refused init still wrote content/index.md")
	}
	_ = before
}

// In a folder of a repository (docs/ of a monorepo), the workflow goes to
// the repository's root, where GitHub reads workflows, and points lore at
// the folder: its cache, its output and its -s, quoted for YAML and the
// shell whatever the folder's name.
func TestInitInRepositoryFolder(t *testing.T) {
	for _, name := range []string{"my docs", "a #b", "it's: x"} {
		t.Run(name, func(t *testing.T) {
			repo := t.TempDir()
			if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(repo, name)
			code, out, errOut := runCmd(t, initCommand(fixedClock), dir, "--author", "ana")
			if code != 0 {
				t.Fatalf("init: %d %s", code, errOut)
			}
			if !strings.Contains(out, "  ../.github/workflows/lore.yml\n") || !strings.Contains(out, "builds "+name) {
				t.Errorf("output:\n%s", out)
			}
			if _, err := os.Stat(filepath.Join(dir, ".github")); err == nil {
				t.Errorf("a workflow in the folder, where GitHub never runs it")
			}
			var wf struct {
				Jobs map[string]struct {
					Steps []struct {
						Run  string
						With map[string]any
					}
				}
			}
			if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(repo, ".github/workflows/lore.yml"))), &wf); err != nil {
				t.Fatal(err)
			}
			quoted := "'" + strings.ReplaceAll(name, "'", `'\''`) + "'"
			var runs, paths []string
			for _, job := range []string{"check", "publish"} {
				for _, st := range wf.Jobs[job].Steps {
					if strings.HasPrefix(st.Run, "lore ") {
						runs = append(runs, st.Run)
					}
					if p, ok := st.With["path"].(string); ok {
						paths = append(paths, p)
					}
				}
			}
			want := []string{"lore check -s " + quoted + " --format github", "lore build -s " + quoted + ` --base-url "${{ steps.pages.outputs.base_url }}/"`}
			if !slices.Equal(runs, want) {
				t.Errorf("runs %q, want %q", runs, want)
			}
			if want := []string{name + "/.lore", name + "/.lore", name + "/public"}; !slices.Equal(paths, want) {
				t.Errorf("paths %q, want %q", paths, want)
			}
		})
	}
}

// A second wiki in a repository leaves the first one's workflow alone,
// and says so, rather than refuse to scaffold.
func TestInitSecondWikiInRepository(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := initCommand(fixedClock)
	if code, _, errOut := runCmd(t, c, filepath.Join(repo, "docs"), "--author", "ana"); code != 0 {
		t.Fatalf("first: %s", errOut)
	}
	before := readFile(t, filepath.Join(repo, ".github/workflows/lore.yml"))
	code, out, errOut := runCmd(t, c, filepath.Join(repo, "handbook"), "--author", "ana")
	if code != 0 {
		t.Fatalf("second: %d %s", code, errOut)
	}
	if !strings.Contains(out, "left as it is: to check and publish handbook too") || strings.Contains(out, "lore.yml\n  ") {
		t.Errorf("output:\n%s", out)
	}
	if readFile(t, filepath.Join(repo, ".github/workflows/lore.yml")) != before {
		t.Errorf("the first wiki's workflow changed")
	}
	if _, err := os.Stat(filepath.Join(repo, "handbook", "lore.yaml")); err != nil {
		t.Error(err)
	}
}
