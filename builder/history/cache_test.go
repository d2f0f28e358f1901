package history

import (
	"bytes"
	"context"
	"encoding/gob"
	"os"
	"path/filepath"
	"testing"
)

// TestCacheIsReadWhileHEADStays proves the cache is used (a value planted
// in it comes back) while the checked-out commit is the same, and ignored
// once a new commit moves HEAD.
func TestCacheIsReadWhileHEADStays(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "1")
	r.commit(ana, day0(0), "start")
	file := filepath.Join(t.TempDir(), "cache", "history.gob")
	load := func() *History {
		t.Helper()
		h, err := Load(context.Background(), r.dir, Options{CacheFile: file})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if got := mustFile(t, load(), "a.md").Commits; got != 1 {
		t.Fatalf("first load: %d commits", got)
	}

	// Plant a value only the cache could return.
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	var c cached
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
		t.Fatal(err)
	}
	fh := c.Files["a.md"]
	fh.Commits = 99
	c.Files["a.md"] = fh
	var buf bytes.Buffer
	gob.NewEncoder(&buf).Encode(c)
	os.WriteFile(file, buf.Bytes(), 0o644)
	if got := mustFile(t, load(), "a.md").Commits; got != 99 {
		t.Fatalf("same HEAD: %d commits, want the cached 99", got)
	}

	r.write("a.md", "2")
	r.commit(bo, day0(1), "edit")
	if got := mustFile(t, load(), "a.md").Commits; got != 2 {
		t.Fatalf("after a new commit: %d commits, want 2 from git", got)
	}

	// A damaged cache is ignored, not an error.
	os.WriteFile(file, []byte("not gob"), 0o644)
	if got := mustFile(t, load(), "a.md").Commits; got != 2 {
		t.Fatalf("damaged cache: %d commits", got)
	}
}
