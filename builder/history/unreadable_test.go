package history

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A folder in a git repository whose history cannot be read says why, for
// the build to warn; a folder in no repository has nothing to say.
func TestUnreadableWithoutGit(t *testing.T) {
	t.Setenv("PATH", "")
	repo := t.TempDir()
	notes := filepath.Join(repo, "notes")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	h, err := Load(context.Background(), notes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Available() || !strings.Contains(h.Unreadable(), "git is not installed") {
		t.Errorf("available %v, unreadable %q", h.Available(), h.Unreadable())
	}
	h, err = Load(context.Background(), t.TempDir(), Options{})
	if err != nil || h.Unreadable() != "" {
		t.Errorf("outside a repository: %q, %v", h.Unreadable(), err)
	}
}

// An empty .git folder above, which git does not take for a repository,
// is no history to warn about.
func TestNoWarningForFolderGitDoesNotRead(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	top := t.TempDir()
	notes := filepath.Join(top, "notes")
	for _, d := range []string{filepath.Join(top, ".git"), notes} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(top))
	h, err := Load(context.Background(), notes, Options{})
	if err != nil || h.Unreadable() != "" {
		t.Errorf("unreadable %q, %v", h.Unreadable(), err)
	}
}
