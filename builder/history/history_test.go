package history

import (
	"context"
	"errors"
	"fmt"
	"github.com/lore-wiki/lore/builder/gittest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, dir string) (*History, []string) {
	t.Helper()
	var logs []string
	h, err := Load(context.Background(), dir, Options{Logf: func(f string, a ...any) {
		logs = append(logs, fmt.Sprintf(f, a...))
	}})
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	// Whichever way git is limited to the folder, and however the history
	// is cut into ranges for parallel git processes, the result is the same.
	for _, sc := range []scope{scopeRepo, scopeFolder} {
		for _, parts := range []int{1, 3} {
			o, err := Load(context.Background(), dir, Options{scope: sc, parts: parts})
			if err != nil {
				t.Fatalf("Load(%s) in scope %d, %d parts: %v", dir, sc, parts, err)
			}
			if !reflect.DeepEqual(o.files, h.files) || !reflect.DeepEqual(o.commits, h.commits) {
				t.Errorf("scope %d, %d parts differs:\n got %+v\n%+v\nwant %+v\n%+v", sc, parts, o.files, o.commits, h.files, h.commits)
			}
		}
	}
	return h, logs
}

func mustFile(t *testing.T, h *History, rel string) FileHistory {
	t.Helper()
	fh, ok := h.File(rel)
	if !ok {
		t.Fatalf("File(%q) missing; have %v", rel, keys(h))
	}
	return fh
}

func keys(h *History) []string {
	var ks []string
	for k := range h.files {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestLoadAuthorsAndDates(t *testing.T) {
	r := newTestRepo(t)
	r.write("home.md", "1")
	r.commit(ana, day0(0), "start")
	r.write("home.md", "2")
	r.commit(bo, day0(1), "edit")
	r.write("home.md", "3")
	r.commit(bo, day0(1).Add(time.Hour), "edit again")
	r.write("home.md", "4")
	r.write("other.md", "x")
	r.commit(cleo, day0(5), "both")
	r.write("draft.md", "not committed")

	h, logs := load(t, r.dir)
	if !h.Available() || h.Shallow() || len(logs) != 0 {
		t.Fatalf("Available=%v Shallow=%v logs=%q", h.Available(), h.Shallow(), logs)
	}
	got := mustFile(t, h, "home.md")
	want := FileHistory{
		Created:      day0(0),
		Updated:      day0(5),
		Contributors: []Person{bo, ana, cleo}, // 2 commits, then by name
		Commits:      4,
		Days:         []time.Time{day(day0(0)), day(day0(1)), day(day0(1)), day(day0(5))},
	}
	if !equalHistory(got, want) {
		t.Errorf("home.md:\n got %+v\nwant %+v", got, want)
	}
	if o := mustFile(t, h, "other.md"); o.Commits != 1 || !reflect.DeepEqual(o.Contributors, []Person{cleo}) {
		t.Errorf("other.md = %+v", o)
	}
	if _, ok := h.File("draft.md"); ok {
		t.Error("uncommitted draft.md has history")
	}
	if _, ok := h.File("./home.md"); !ok {
		t.Error(`File("./home.md") not found`)
	}

	cs := h.Commits()
	if len(cs) != 4 {
		t.Fatalf("Commits() = %d, want 4", len(cs))
	}
	if c := cs[0]; c.Author != cleo || !c.Date.Equal(day0(5)) || !reflect.DeepEqual(sorted(c.Files), []string{"home.md", "other.md"}) {
		t.Errorf("newest commit = %+v", c)
	}
	if c := cs[3]; c.Author != ana || !reflect.DeepEqual(c.Files, []string{"home.md"}) {
		t.Errorf("oldest commit = %+v", c)
	}
	if root, _ := filepath.EvalSymlinks(r.dir); h.RepoRoot() != root || h.Prefix() != "" {
		t.Errorf("RepoRoot=%q Prefix=%q, want %q and empty", h.RepoRoot(), h.Prefix(), root)
	}
}

func TestLoadMailmap(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "1")
	r.commit(Person{"ana", "Ana.Lima@OLD.example.com"}, day0(0), "old address")
	r.write("a.md", "2")
	r.write(".mailmap", "Ana Lima <ana@example.com> <ana.lima@old.example.com>\n")
	r.commit(ana, day0(1), "new address")

	h, _ := load(t, r.dir)
	if fh := mustFile(t, h, "a.md"); !reflect.DeepEqual(fh.Contributors, []Person{ana}) {
		t.Errorf("Contributors = %v, want one person after .mailmap", fh.Contributors)
	}
}

func TestLoadFollowsRenames(t *testing.T) {
	r := newTestRepo(t)
	r.write("setup.md", "# Setup\n\nLots of text that stays the same across the rename.\n")
	r.commit(ana, day0(0), "add")
	r.write("setup.md", "# Setup\n\nLots of text that stays the same across the rename.\nmore\n")
	r.commit(bo, day0(1), "edit")
	r.mv(cleo, day0(2), "setup.md", "guides/install.md")
	r.write("guides/install.md", "# Install\n\nLots of text that stays the same across the rename.\nmore\n")
	r.commit(cleo, day0(2), "rename and retitle")
	r.write("guides/install.md", "# Install\n\nLots of text that stays the same across the rename.\nmore\nand more\n")
	r.commit(ana, day0(3), "edit after rename")

	h, _ := load(t, r.dir)
	got := mustFile(t, h, "guides/install.md")
	if got.Commits != 4 || !got.Created.Equal(day0(0)) || !got.Updated.Equal(day0(3)) {
		t.Errorf("renamed file = %+v; want 4 commits from day 0 to day 3", got)
	}
	if want := []Person{ana, bo, cleo}; !reflect.DeepEqual(got.Contributors, want) {
		t.Errorf("Contributors = %v, want %v", got.Contributors, want)
	}
	if _, ok := h.File("setup.md"); ok {
		t.Error("old name setup.md still has an entry")
	}
	for _, c := range h.Commits() {
		if !reflect.DeepEqual(c.Files, []string{"guides/install.md"}) {
			t.Errorf("commit %v files = %q, want current name", c.Date, c.Files)
		}
	}
}

func TestLoadSpacesAndUnicode(t *testing.T) {
	r := newTestRepo(t)
	// Spaces, accents, a CJK name, and a name that would be quoted without
	// core.quotepath=off and -z.
	names := []string{"notes/été 2024/ça marche.md", "notes/日本語 ページ.md", "notes/tab\there \"q\".md"}
	for i, n := range names {
		r.write(n, "v1")
		r.commit(ana, day0(i), "add "+n)
	}
	r.mv(bo, day0(9), names[0], "notes/été 2024/ça roule.md")
	r.commit(bo, day0(9), "rename")

	h, _ := load(t, r.dir)
	for _, n := range names[1:] {
		if fh := mustFile(t, h, n); fh.Commits != 1 {
			t.Errorf("%q: %d commits, want 1", n, fh.Commits)
		}
	}
	if fh := mustFile(t, h, "notes/été 2024/ça roule.md"); fh.Commits != 2 || !fh.Created.Equal(day0(0)) {
		t.Errorf("renamed unicode file = %+v", fh)
	}
}

func TestLoadMonorepoSubfolder(t *testing.T) {
	r := newTestRepo(t)
	r.write("src/main.go", "package main")
	r.write("docs/index.md", "hi")
	r.write("docs/api/ref.md", "ref")
	r.write("README.md", "readme")
	r.commit(ana, day0(0), "initial")
	r.write("src/main.go", "package main // changed")
	r.commit(bo, day0(1), "code only")
	r.write("docs/api/ref.md", "ref 2")
	r.commit(cleo, day0(2), "docs")
	// A page moved in from outside the docs starts its history on arrival:
	// git only pairs renames inside the pathspec.
	r.mv(bo, day0(3), "README.md", "docs/readme.md")
	r.commit(bo, day0(3), "move readme into docs")

	h, _ := load(t, filepath.Join(r.dir, "docs"))
	if h.Prefix() != "docs/" {
		t.Errorf("Prefix() = %q, want docs/", h.Prefix())
	}
	if root, _ := filepath.EvalSymlinks(r.dir); h.RepoRoot() != root {
		t.Errorf("RepoRoot() = %q, want %q", h.RepoRoot(), root)
	}
	if want := []string{"api/ref.md", "index.md", "readme.md"}; !reflect.DeepEqual(keys(h), want) {
		t.Errorf("keys = %q, want %q", keys(h), want)
	}
	if fh := mustFile(t, h, "api/ref.md"); fh.Commits != 2 {
		t.Errorf("api/ref.md commits = %d, want 2", fh.Commits)
	}
	if fh := mustFile(t, h, "readme.md"); fh.Commits != 1 || !fh.Created.Equal(day0(3)) {
		t.Errorf("readme.md = %+v, want history from its move into docs", fh)
	}
	for _, c := range h.Commits() {
		if c.Author == bo && c.Date.Equal(day0(1)) {
			t.Errorf("code-only commit listed: %+v", c)
		}
	}
	if n := len(h.Commits()); n != 3 {
		t.Errorf("len(Commits()) = %d, want 3", n)
	}
}

// TestLoadMovedOutOfFolder: a page moved out of the content folder is gone
// from the wiki, and its history must not come back under its old name.
func TestLoadMovedOutOfFolder(t *testing.T) {
	r := newTestRepo(t)
	body := "# Runbook\n\nEnough text for git to pair the move as a rename.\n"
	r.write("docs/runbook.md", body)
	r.write("docs/index.md", "hi")
	r.commit(ana, day0(0), "add")
	r.write("docs/runbook.md", body+"edit\n")
	r.commit(bo, day0(1), "edit")
	r.mv(cleo, day0(2), "docs/runbook.md", "ops/runbook.md")
	r.commit(cleo, day0(2), "move the runbook to ops")

	h, _ := load(t, filepath.Join(r.dir, "docs"))
	if want := []string{"index.md"}; !reflect.DeepEqual(keys(h), want) {
		t.Errorf("keys = %q, want %q", keys(h), want)
	}
	// The move is still a commit in the folder, with no current files.
	if cs := h.Commits(); len(cs) != 3 || cs[0].Author != cleo || len(cs[0].Files) != 0 {
		t.Errorf("commits = %+v, want the move first with no files", cs)
	}
}

// TestLoadDiscardedBranch: commits on a branch whose changes a merge threw
// away are still listed. git log's default history simplification would
// hide them when it is given a pathspec, but not without one; the two
// ways readLog runs git must agree (load checks that they do).
func TestLoadDiscardedBranch(t *testing.T) {
	r := newTestRepo(t)
	r.write("docs/a.md", "a\n")
	r.commit(ana, day0(0), "base")
	r.git(&ana, day0(0), "checkout", "-q", "-b", "feature")
	r.write("docs/a.md", "a\nfrom feature\n")
	r.commit(bo, day0(1), "feature edit")
	r.git(&ana, day0(1), "checkout", "-q", "main")
	r.write("src/main.go", "package main\n")
	r.commit(ana, day0(2), "code")
	r.git(&cleo, day0(3), "merge", "-q", "--no-ff", "-s", "ours", "-m", "merge, keeping main", "feature")

	h, _ := load(t, filepath.Join(r.dir, "docs"))
	if fh := mustFile(t, h, "a.md"); fh.Commits != 2 || !reflect.DeepEqual(fh.Contributors, []Person{ana, bo}) {
		t.Errorf("a.md = %+v, want the base and the branch commit", fh)
	}
}

func TestLoadDeletedAndRecreated(t *testing.T) {
	r := newTestRepo(t)
	r.write("gone.md", "bye")
	r.write("phoenix.md", "first life")
	r.commit(ana, day0(0), "add")
	r.write("phoenix.md", "first life, edited")
	r.commit(ana, day0(1), "edit")
	r.git(&bo, day0(2), "rm", "-q", "gone.md", "phoenix.md")
	r.commit(bo, day0(2), "delete")
	r.write("phoenix.md", "second life")
	r.commit(cleo, day0(3), "recreate")

	h, _ := load(t, r.dir)
	if _, ok := h.File("gone.md"); ok {
		t.Error("deleted gone.md has history")
	}
	fh := mustFile(t, h, "phoenix.md")
	if fh.Commits != 1 || !fh.Created.Equal(day0(3)) || !reflect.DeepEqual(fh.Contributors, []Person{cleo}) {
		t.Errorf("recreated phoenix.md = %+v, want only the recreation", fh)
	}
	// The deletion is still a commit in the folder, with no current files.
	var del *Commit
	for i, c := range h.Commits() {
		if c.Date.Equal(day0(2)) {
			del = &h.Commits()[i]
		}
	}
	if del == nil || len(del.Files) != 0 || del.Author != bo {
		t.Errorf("deletion commit = %+v", del)
	}
}

func TestLoadCopyIsNotRename(t *testing.T) {
	r := newTestRepo(t)
	// Even if the user's config asks for copy detection, a copy must not
	// inherit the source's history.
	r.git(nil, time.Time{}, "config", "diff.renames", "copies")
	r.write("template.md", "# Template\n\nA long enough body for copy detection to pair it.\n")
	r.commit(ana, day0(0), "add")
	r.write("template.md", "# Template\n\nA long enough body for copy detection to pair it.\nEdited.\n")
	r.commit(ana, day0(1), "edit")
	r.write("copy.md", "# Template\n\nA long enough body for copy detection to pair it.\nEdited.\n")
	r.write("template.md", "# Template\n\nA long enough body for copy detection to pair it.\nEdited twice.\n")
	r.commit(bo, day0(2), "copy")

	h, _ := load(t, r.dir)
	if fh := mustFile(t, h, "copy.md"); fh.Commits != 1 || !fh.Created.Equal(day0(2)) {
		t.Errorf("copy.md = %+v, want its own single commit", fh)
	}
	if fh := mustFile(t, h, "template.md"); fh.Commits != 3 {
		t.Errorf("template.md commits = %d, want 3", fh.Commits)
	}
}

func TestLoadMerges(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "a\n")
	r.write("b.md", "b\n")
	r.commit(ana, day0(0), "base")
	r.git(&ana, day0(0), "checkout", "-q", "-b", "feature")
	r.write("b.md", "b\nfrom feature\n")
	r.commit(bo, day0(1), "feature edit")
	r.git(&ana, day0(1), "checkout", "-q", "main")
	r.write("a.md", "a\nfrom main\n")
	r.commit(ana, day0(2), "main edit")
	r.git(&cleo, day0(3), "merge", "-q", "--no-ff", "-m", "merge feature", "feature")

	h, _ := load(t, r.dir)
	if n := len(h.Commits()); n != 3 {
		t.Errorf("len(Commits()) = %d, want 3 (merge commit excluded)", n)
	}
	b := mustFile(t, h, "b.md")
	if b.Commits != 2 || !reflect.DeepEqual(b.Contributors, []Person{ana, bo}) {
		t.Errorf("b.md = %+v; want the branch author credited, not the merger", b)
	}
	if a := mustFile(t, h, "a.md"); a.Commits != 2 || slices.Contains(a.Contributors, cleo) {
		t.Errorf("a.md = %+v", a)
	}
}

func TestLoadRenameOnParallelBranch(t *testing.T) {
	r := newTestRepo(t)
	body := "# Page\n\nEnough shared text for rename detection to pair the files.\n"
	r.write("old.md", body)
	r.commit(ana, day0(0), "base")
	r.git(&ana, day0(0), "checkout", "-q", "-b", "feature")
	r.write("old.md", body+"feature line\n")
	r.commit(bo, day0(5), "edit old name on a branch")
	r.git(&ana, day0(5), "checkout", "-q", "main")
	r.mv(cleo, day0(1), "old.md", "new.md")
	r.commit(cleo, day0(1), "rename on main")
	r.git(&ana, day0(6), "merge", "-q", "--no-ff", "-m", "merge", "feature")

	h, _ := load(t, r.dir)
	if want := []string{"new.md"}; !reflect.DeepEqual(keys(h), want) {
		t.Fatalf("keys = %q, want %q", keys(h), want)
	}
	if fh := mustFile(t, h, "new.md"); fh.Commits != 3 || !slices.Contains(fh.Contributors, bo) {
		t.Errorf("new.md = %+v; want the branch edit made under the old name", fh)
	}
}

func TestLoadShallowClone(t *testing.T) {
	r := newTestRepo(t)
	r.write("page.md", "1")
	r.commit(ana, day0(0), "one")
	r.write("page.md", "2")
	r.commit(bo, day0(4), "two")

	clone := filepath.Join(t.TempDir(), "clone")
	r.git(nil, time.Time{}, "clone", "-q", "--depth", "1", "file://"+r.dir, clone)
	h, logs := load(t, clone)
	if !h.Available() || !h.Shallow() {
		t.Fatalf("Available=%v Shallow=%v, want both", h.Available(), h.Shallow())
	}
	if len(logs) != 1 || !strings.Contains(logs[0], "shallow") {
		t.Errorf("logs = %q, want one message about the shallow clone", logs)
	}
	// Only the fetched commit is known: the page seems created on day 4.
	if fh := mustFile(t, h, "page.md"); fh.Commits != 1 || !fh.Created.Equal(day0(4)) {
		t.Errorf("page.md = %+v", fh)
	}
}

func TestLoadUnavailable(t *testing.T) {
	gittest.Isolate(t)
	tests := []struct {
		name string
		opt  Options
		path string // PATH for the test; "" keeps it
		want string
	}{
		{"not a repo", Options{}, "", "not in a git repository"},
		{"disabled", Options{Disabled: true}, "", "disabled"},
		{"git missing", Options{}, t.TempDir(), "git not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.path != "" {
				t.Setenv("PATH", tt.path)
			}
			var logs []string
			tt.opt.Logf = func(f string, a ...any) { logs = append(logs, fmt.Sprintf(f, a...)) }
			h, err := Load(context.Background(), t.TempDir(), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if h.Available() {
				t.Error("Available() = true")
			}
			if _, ok := h.File("x.md"); ok || h.Commits() != nil {
				t.Error("unavailable history has data")
			}
			if len(logs) != 1 || !strings.Contains(logs[0], tt.want) {
				t.Errorf("logs = %q, want one containing %q", logs, tt.want)
			}
		})
	}
}

func TestLoadNoCommitsYet(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "x")
	h, logs := load(t, r.dir)
	if !h.Available() || len(keys(h)) != 0 || len(logs) != 1 {
		t.Errorf("Available=%v keys=%q logs=%q", h.Available(), keys(h), logs)
	}
}

func TestLoadMissingDir(t *testing.T) {
	_, err := Load(context.Background(), filepath.Join(t.TempDir(), "nope"), Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want ErrNotExist", err)
	}
}

func TestLoadCancelled(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "x")
	r.commit(ana, day0(0), "add")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, r.dir, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func equalHistory(a, b FileHistory) bool {
	return a.Created.Equal(b.Created) && a.Updated.Equal(b.Updated) && a.Commits == b.Commits &&
		reflect.DeepEqual(a.Contributors, b.Contributors) && slices.EqualFunc(a.Days, b.Days, time.Time.Equal)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
