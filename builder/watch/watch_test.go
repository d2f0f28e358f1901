package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func mkfile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newSite(t *testing.T) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	mkfile(t, filepath.Join(dir, "lore.yaml"), "title: x\n")
	mkfile(t, filepath.Join(dir, "content/notes/a.md"), "a\n")
	mkfile(t, filepath.Join(dir, "static/site.css"), "body{}\n")
	w, err := New(Options{Dir: dir, Content: filepath.Join(dir, "content"), Static: filepath.Join(dir, "static"),
		Configs: []string{"lore.yaml"}, Ignore: []string{filepath.Join(dir, "public")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return dir, w
}

// collect merges batches until done says the union is complete, failing
// after a deadline.
func collect(t *testing.T, w *Watcher, done func(Batch) bool) (Batch, int) {
	t.Helper()
	var all Batch
	n := 0
	deadline := time.After(5 * time.Second)
	for !done(all) {
		select {
		case b := <-w.Batches():
			n++
			all.Content = append(all.Content, b.Content...)
			all.Static = append(all.Static, b.Static...)
			all.Theme = append(all.Theme, b.Theme...)
			all.Config = all.Config || b.Config
			all.Events += b.Events
		case err := <-w.Errors():
			t.Fatalf("watch error: %v", err)
		case <-deadline:
			t.Fatalf("timed out; got %+v", all)
		}
	}
	return all, n
}

func has(list []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(list, w) {
			return false
		}
	}
	return true
}

func TestClassifiesChanges(t *testing.T) {
	dir, w := newSite(t)
	mkfile(t, filepath.Join(dir, "content/notes/a.md"), "edited\n")
	mkfile(t, filepath.Join(dir, "static/site.css"), "body{color:red}\n")
	mkfile(t, filepath.Join(dir, "layouts/page.html"), "x\n") // layouts/ created after start
	mkfile(t, filepath.Join(dir, "lore.yaml"), "title: y\n")
	got, _ := collect(t, w, func(b Batch) bool {
		return has(b.Content, "notes/a.md") && has(b.Static, "site.css") && has(b.Theme, "layouts") && b.Config
	})
	if slices.Contains(got.Content, "../lore.yaml") {
		t.Errorf("config reported as content: %+v", got)
	}
	// A file in the folder created after start is watched too.
	mkfile(t, filepath.Join(dir, "layouts/partials/x.html"), "y\n")
	collect(t, w, func(b Batch) bool { return has(b.Theme, "layouts/partials/x.html") || has(b.Theme, "layouts/partials") })
}

func TestIgnoresEditorFilesAndDotFolders(t *testing.T) {
	dir, w := newSite(t)
	c := filepath.Join(dir, "content")
	for _, name := range []string{"notes/.a.md.swp", "notes/a.md~", "notes/4913", "notes/.#a.md", "notes/#a.md#", ".git/index", "notes/a.md___jb_tmp___"} {
		mkfile(t, filepath.Join(c, name), "x")
	}
	mkfile(t, filepath.Join(dir, "public/index.html"), "x")
	mkfile(t, filepath.Join(c, "notes/b.md"), "b\n") // the one real change
	got, _ := collect(t, w, func(b Batch) bool { return has(b.Content, "notes/b.md") })
	for _, p := range got.Content {
		if p != "notes/b.md" && p != ".git" {
			t.Errorf("ignored path reported: %q (batch %+v)", p, got)
		}
	}
	if slices.Contains(got.Content, ".git") {
		t.Errorf(".git reported: %+v", got)
	}
}

func TestIgnoresOwnLog(t *testing.T) {
	dir := t.TempDir()
	c := filepath.Join(dir, "notes")
	mkfile(t, filepath.Join(c, "a.md"), "a\n")
	log, err := os.Create(filepath.Join(c, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	fi, _ := log.Stat()
	w, err := New(Options{Dir: c, Content: c, Configs: []string{"lore.yaml"}, IgnoreFiles: []os.FileInfo{fi}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	fmt.Fprintln(log, "rebuilt")
	log.Sync()
	mkfile(t, filepath.Join(c, "b.md"), "b\n")
	got, _ := collect(t, w, func(b Batch) bool { return has(b.Content, "b.md") })
	if slices.Contains(got.Content, "serve.log") {
		t.Errorf("the log lore serve writes was reported as a change: %+v", got)
	}
}

func TestAtomicSaveAndRenames(t *testing.T) {
	dir, w := newSite(t)
	c := filepath.Join(dir, "content")
	// Atomic save: write a temp file, rename it over the note.
	tmp := filepath.Join(c, "notes/.a.md.tmp-123")
	mkfile(t, tmp, "saved atomically\n")
	if err := os.Rename(tmp, filepath.Join(c, "notes/a.md")); err != nil {
		t.Fatal(err)
	}
	collect(t, w, func(b Batch) bool { return has(b.Content, "notes/a.md") })

	// A folder made and filled at once (git checkout), then renamed, then
	// a file inside the renamed folder edited: all seen, under new names.
	mkfile(t, filepath.Join(c, "new/deep/x.md"), "x\n")
	collect(t, w, func(b Batch) bool { return has(b.Content, "new") || has(b.Content, "new/deep/x.md") })
	if err := os.Rename(filepath.Join(c, "new"), filepath.Join(c, "moved")); err != nil {
		t.Fatal(err)
	}
	collect(t, w, func(b Batch) bool { return has(b.Content, "new", "moved") })
	mkfile(t, filepath.Join(c, "moved/deep/x.md"), "edited\n")
	collect(t, w, func(b Batch) bool { return has(b.Content, "moved/deep/x.md") })

	// Delete a folder.
	if err := os.RemoveAll(filepath.Join(c, "moved")); err != nil {
		t.Fatal(err)
	}
	collect(t, w, func(b Batch) bool { return has(b.Content, "moved") })
}

func TestBurstIsBatched(t *testing.T) {
	dir, w := newSite(t)
	const n = 500
	var want []string
	for i := range n {
		name := fmt.Sprintf("notes/burst-%03d.md", i)
		want = append(want, name)
		mkfile(t, filepath.Join(dir, "content", name), "x\n")
	}
	got, batches := collect(t, w, func(b Batch) bool { return has(b.Content, want...) })
	if batches >= n/10 {
		t.Errorf("%d files came in %d batches; want them coalesced", n, batches)
	}
	t.Logf("%d files, %d events, %d batches", n, got.Events, batches)
}

func TestEditorFile(t *testing.T) {
	for name, want := range map[string]bool{
		"note.md": false, "note.md~": true, "4913": true, ".#note.md": true, "#note.md#": true,
		".note.md.swp": true, "note.md___jb_tmp___": true, "4913.md": false, "c#.md": false,
	} {
		if got := EditorFile(name); got != want {
			t.Errorf("EditorFile(%q) = %v, want %v", name, got, want)
		}
	}
}
