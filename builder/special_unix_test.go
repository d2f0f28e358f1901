//go:build unix

package builder

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder/diag"
)

// returns runs f and fails the test if f has not returned by the deadline:
// reading a named pipe blocks until something writes to it, which in
// these tests nothing ever does.
func returns(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s never returned: it is blocked reading a named pipe", what)
	}
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
}

// hasWarning reports whether ds warn about file with the special-file code.
func hasWarning(ds diag.List, file string) bool {
	for _, d := range ds {
		if d.File == file && d.Code == diag.CodeSpecialFile && d.Severity == diag.Warning {
			return true
		}
	}
	return false
}

// TestSpecialFilesAreSkipped checks that a named pipe among the sources or
// in static/ is skipped with a warning instead of hanging the build, and
// that symlinks to regular files inside the content folder still work.
func TestSpecialFilesAreSkipped(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "lore.yaml"), "title: T\n")
	writeFile(t, filepath.Join(dir, "content/ok.md"), "# OK\n")
	writeFile(t, filepath.Join(dir, "static/site.css"), "body{}\n")
	mkfifo(t, filepath.Join(dir, "content/fifo.md"))
	mkfifo(t, filepath.Join(dir, "content/pipe.png"))
	mkfifo(t, filepath.Join(dir, "static/pipe.css"))
	if err := os.Symlink("ok.md", filepath.Join(dir, "content/link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("fifo.md", filepath.Join(dir, "content/to-fifo.md")); err != nil {
		t.Fatal(err)
	}
	var (
		site *Site
		out  *MemOutput
		err  error
	)
	returns(t, "Build", func() { site, out, err = buildFixture(t, dir, nil) })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"ok/index.html", "link/index.html", "site.css"} {
		if _, ok := out.Files[f]; !ok {
			t.Errorf("%s was not written", f)
		}
	}
	for _, f := range []string{"fifo/index.html", "to-fifo/index.html", "pipe.png", "pipe.css"} {
		if _, ok := out.Files[f]; ok {
			t.Errorf("%s was written", f)
		}
	}
	for _, f := range []string{"fifo.md", "to-fifo.md", "pipe.png", "static/pipe.css"} {
		if !hasWarning(site.Diagnostics, f) {
			t.Errorf("no special-file warning for %s: %v", f, site.Diagnostics)
		}
	}
	want := "fifo.md: warning: named pipe (FIFO), not a regular file; skipped [special-file]"
	for _, d := range site.Diagnostics {
		if d.File == "fifo.md" && d.Error() != want {
			t.Errorf("got %q, want %q", d.Error(), want)
		}
	}
}

// TestRebuildSkipsSpecialFiles checks the serve path: a named pipe that
// appears, or that replaces a page, is skipped with a warning.
func TestRebuildSkipsSpecialFiles(t *testing.T) {
	dir := rebuildSite(t)
	s := newTestSession(t, dir)
	mkfifo(t, filepath.Join(dir, "content/notes/new.md"))
	gamma := filepath.Join(dir, "content/notes/gamma.md")
	if err := os.Remove(gamma); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, gamma)
	mkfifo(t, filepath.Join(dir, "static/pipe.css"))
	var (
		res *Result
		err error
	)
	returns(t, "Rebuild", func() {
		res, err = s.Rebuild(context.Background(), Changes{
			Content: []string{"notes/new.md", "notes/gamma.md"},
			Static:  []string{"pipe.css"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"notes/new.md", "notes/gamma.md", "static/pipe.css"} {
		if !hasWarning(res.Diagnostics, f) {
			t.Errorf("no special-file warning for %s: %v", f, res.Diagnostics)
		}
	}
	if _, ok := s.Files()["notes/gamma/index.html"]; ok {
		t.Error("the page a named pipe replaced is still published")
	}
}

// A named pipe among a site's templates fails the build with the file's
// name instead of hanging it.
func TestSpecialFileInLayouts(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content/a.md"), "# A\n")
	if err := os.MkdirAll(filepath.Join(dir, "layouts/partials"), 0o755); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, filepath.Join(dir, "layouts/partials/pipe.html"))
	var site *Site
	returns(t, "build", func() { site, _, _ = buildFixture(t, dir, nil) })
	found := false
	for _, d := range site.Diagnostics {
		if d.File == "layouts/partials/pipe.html" && d.Severity == diag.Error {
			found = true
		}
	}
	if !found {
		t.Errorf("no error naming the pipe: %v", site.Diagnostics)
	}
}

// A destination that is a mount point cannot be swapped: the build says
// so, and what was there stays.
func TestMountPointDestination(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dest, "tmpfs", 0, ""); err != nil {
		t.Skip("cannot mount a tmpfs here:", err)
	}
	t.Cleanup(func() { syscall.Unmount(dest, 0) })
	writeTree(t, dest, map[string]string{"CNAME": "wiki.example.com", "index.html": "old"})
	s := stageSite(t, dest, map[string]string{"index.html": "new"})
	err := s.Commit(false)
	s.Discard()
	if err == nil || !strings.Contains(err.Error(), "mount point") {
		t.Errorf("commit into a mount point: %v", err)
	}
	if got := readTree(t, dest); got["CNAME"] != "wiki.example.com" || got["index.html"] != "old" {
		t.Errorf("destination changed: %v", got)
	}
}
