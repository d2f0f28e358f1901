package history

import (
	"context"
	"path/filepath"
	"testing"
)

// TestLoadInsideGitHook runs Load as `lore check` in a pre-commit hook
// would: from the work tree root, with git's relative GIT_DIR and
// GIT_INDEX_FILE exported, for the content folder below it.
func TestLoadInsideGitHook(t *testing.T) {
	r := newTestRepo(t)
	r.write("lore.yaml", "title: Hooked\n")
	r.write("content/note.md", "# Note\n")
	r.commit(bo, day0(3), "add a note")
	t.Chdir(r.dir)
	t.Setenv("GIT_DIR", ".git")
	t.Setenv("GIT_INDEX_FILE", ".git/index")
	var logs []string
	h, err := Load(context.Background(), filepath.Join(r.dir, "content"), Options{Logf: func(f string, a ...any) {
		logs = append(logs, f)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Available() {
		t.Fatalf("history unavailable inside a hook: %q", logs)
	}
	f, ok := h.File("note.md")
	if !ok || !f.Created.Equal(day0(3)) {
		t.Errorf("note.md: %+v, %v; want created %v", f, ok, day0(3))
	}
}
