package builder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, body := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			data, _ := os.ReadFile(p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return got
}

func stageSite(t *testing.T, dest string, files map[string]string) *StagedDir {
	t.Helper()
	s, err := NewStagedDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	for rel, body := range files {
		if err := s.WriteFile(rel, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// A Commit that fails half-way through carrying the destination's own
// files over (here a folder of the user's where the new site writes a
// file) puts back what it had carried: the user's .git and CNAME stay.
func TestFailedCommitKeepsCarriedFiles(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	writeTree(t, dest, map[string]string{".git/HEAD": "ref", "CNAME": "wiki.example.com", "robots.txt/notes": "x", "a/index.html": "old"})
	s := stageSite(t, dest, map[string]string{"a/index.html": "new", "robots.txt": "User-agent: *"})
	err := s.Commit(false)
	if err == nil {
		t.Fatal("commit succeeded")
	}
	s.Discard()
	want := map[string]string{".git/HEAD": "ref", "CNAME": "wiki.example.com", "robots.txt/notes": "x", "a/index.html": "old"}
	if got := readTree(t, dest); !equalTrees(got, want) {
		t.Errorf("destination after a failed commit:\n%v\nwant:\n%v", got, want)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".public.lore-*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// What a killed build leaves beside the destination is finished or undone
// by the next one, which holds the destination's lock, so no build is
// writing there: nothing the user put in the destination is lost.
func TestInterruptedBuildsRecovered(t *testing.T) {
	t.Run("killed before committing", func(t *testing.T) {
		dir := t.TempDir()
		dest := filepath.Join(dir, "public")
		writeTree(t, dest, map[string]string{"index.html": "site"})
		writeTree(t, filepath.Join(dir, ".public.lore-staging-111"), map[string]string{"index.html": "half"})
		writeTree(t, filepath.Join(dir, ".docs.lore-staging-444"), map[string]string{"x": "another destination's"})
		stageSite(t, dest, nil).Discard()
		if _, err := os.Stat(filepath.Join(dir, ".public.lore-staging-111")); err == nil {
			t.Error("the unfinished staging folder is still there")
		}
		if _, err := os.Stat(filepath.Join(dir, ".docs.lore-staging-444")); err != nil {
			t.Error("another destination's staging folder was removed")
		}
	})
	t.Run("killed while carrying files over", func(t *testing.T) {
		dir := t.TempDir()
		dest := filepath.Join(dir, "public")
		writeTree(t, dest, map[string]string{"index.html": "old site", ".lore-manifest": "index.html\n"})
		writeTree(t, filepath.Join(dir, ".public.lore-staging-111"), map[string]string{
			"index.html": "new site", ".lore-manifest": "index.html\n", "CNAME": "wiki.example.com", ".git/HEAD": "ref"})
		stageSite(t, dest, nil).Discard()
		want := map[string]string{"index.html": "old site", ".lore-manifest": "index.html\n", "CNAME": "wiki.example.com", ".git/HEAD": "ref"}
		if got := readTree(t, dest); !equalTrees(got, want) {
			t.Errorf("destination:\n%v\nwant:\n%v", got, want)
		}
	})
	t.Run("killed between the renames", func(t *testing.T) {
		dir := t.TempDir()
		dest := filepath.Join(dir, "public")
		writeTree(t, filepath.Join(dir, ".public.lore-staging-111.old"), map[string]string{"index.html": "old site"})
		writeTree(t, filepath.Join(dir, ".public.lore-staging-111"), map[string]string{
			"index.html": "new site", ".lore-manifest": "index.html\n", "CNAME": "wiki.example.com"})
		stageSite(t, dest, nil).Discard()
		want := map[string]string{"index.html": "new site", ".lore-manifest": "index.html\n", "CNAME": "wiki.example.com"}
		if got := readTree(t, dest); !equalTrees(got, want) {
			t.Errorf("destination:\n%v\nwant:\n%v", got, want)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".public.lore-*")); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	})
	t.Run("old site moved aside alone", func(t *testing.T) {
		dir := t.TempDir()
		dest := filepath.Join(dir, "public")
		writeTree(t, filepath.Join(dir, ".public.lore-staging-111.old"), map[string]string{"index.html": "old site"})
		s := stageSite(t, dest, nil)
		defer s.Discard()
		if got := readTree(t, dest); got["index.html"] != "old site" {
			t.Errorf("the previous site was not put back: %v", got)
		}
	})
}

// A second build into the same destination waits for the first, which
// would otherwise carry away the files the other had carried over.
func TestOneBuildAtATimePerDestination(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := stageSite(t, dest, map[string]string{"index.html": "first"})
	waited := make(chan bool, 1)
	done := make(chan *StagedDir)
	go func() {
		s, err := NewStagedDirWaiting(dest, func() { waited <- true })
		if err != nil {
			t.Error(err)
		}
		done <- s
	}()
	select {
	case <-waited:
	case s := <-done:
		s.Discard()
		t.Fatal("the second build did not wait")
	case <-time.After(10 * time.Second):
		t.Fatal("the second build neither waited nor went ahead")
	}
	if err := first.Commit(false); err != nil {
		t.Fatal(err)
	}
	second := <-done
	if err := second.WriteFile("index.html", []byte("second")); err != nil {
		t.Fatal(err)
	}
	if err := second.Commit(false); err != nil {
		t.Fatal(err)
	}
	if got := readTree(t, dest)["index.html"]; got != "second" {
		t.Errorf("index.html = %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.lore-*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	if st, err := os.Stat(dest); err != nil || st.Mode().Perm() != 0o755 || !strings.HasSuffix(dest, "public") {
		t.Errorf("destination mode %v (%v), want 0755", st.Mode().Perm(), err)
	}
}
