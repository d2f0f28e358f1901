package history

import (
	"bytes"
	"context"
	"encoding/gob"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestCacheReadsOnlyNewCommits moves HEAD on after a cached load, through
// edits, renames, a deletion, a path deleted and created again and commits
// outside the content folder, and checks that the load reading only the
// new commits on top of the cache equals a load of the whole log; then
// that a rewritten branch is read whole.
func TestCacheReadsOnlyNewCommits(t *testing.T) {
	for _, tc := range []struct{ name, folder string }{{"repository root", ""}, {"content folder", "content/"}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestRepo(t)
			in := func(p string) string { return tc.folder + p }
			dir := filepath.Join(r.dir, filepath.FromSlash(tc.folder))
			file := filepath.Join(t.TempDir(), "history.gob")
			load := func(cache string) *History {
				t.Helper()
				h, err := Load(context.Background(), dir, Options{CacheFile: cache})
				if err != nil {
					t.Fatal(err)
				}
				return h
			}
			same := func(what string) {
				t.Helper()
				got, want := load(file), load("")
				if !reflect.DeepEqual(got.files, want.files) || !reflect.DeepEqual(sortedFiles(got.commits), sortedFiles(want.commits)) {
					t.Errorf("%s: from the cache\n%+v\n%+v\nwhole log\n%+v\n%+v", what, got.files, got.commits, want.files, want.commits)
				}
			}

			r.write(in("a.md"), "a")
			// Long enough for git to see a rename when the text changes a bit.
			page := func(end string) string { return strings.Repeat("a line of the page\n", 40) + end }
			r.write(in("b.md"), page("b"))
			r.write(in("c.md"), "c")
			r.write(in("d.md"), "d")
			r.write("tool/main.go", "package main")
			r.commit(ana, day0(0), "start")
			r.write(in("a.md"), "a2")
			r.commit(bo, day0(1), "edit a")
			r.mv(cleo, day0(2), in("b.md"), in("sub/b2.md"))
			r.commit(cleo, day0(2), "move b")
			r.write("tool/main.go", "package main // 2")
			r.commit(bo, day0(3), "outside only")
			load(file) // the cache is written at this commit

			r.mv(bo, day0(4), in("a.md"), in("notes/a-renamed.md"))
			r.commit(bo, day0(4), "move a")
			os.Remove(filepath.Join(r.dir, filepath.FromSlash(in("c.md"))))
			r.commit(ana, day0(5), "drop c")
			r.write(in("c.md"), "a new c")
			r.commit(cleo, day0(6), "c again")
			r.write(in("sub/b2.md"), page("b3"))
			r.write(in("d.md"), "d2")
			r.commit(ana, day0(7), "edit b2 and d")
			r.write("tool/main.go", "package main // 3")
			r.commit(cleo, day0(8), "outside only")
			os.Remove(filepath.Join(r.dir, filepath.FromSlash(in("d.md"))))
			r.commit(bo, day0(9), "drop d")
			same("after new commits")

			// The path above was the cache's: an author's name planted in a
			// cached commit comes back only if the old commits were not read.
			var c cached
			data, _ := os.ReadFile(file)
			if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
				t.Fatal(err)
			}
			last := len(c.Commits) - 1 // the first commit: "start", which touched sub/b2.md
			c.Commits[last].Author = Person{"Planted", "planted@example.com"}
			var buf bytes.Buffer
			gob.NewEncoder(&buf).Encode(c)
			os.WriteFile(file, buf.Bytes(), 0o644)
			r.write(in("sub/b2.md"), page("b4"))
			r.commit(ana, day0(10), "edit b2")
			names := []string{}
			for _, p := range mustFile(t, load(file), "sub/b2.md").Contributors {
				names = append(names, p.Name)
			}
			if !slices.Contains(names, "Planted") {
				t.Fatalf("contributors %v: the cached commits were not used", names)
			}

			// A branch forked before the cached commit edits a file under the
			// name it had then, and is merged after.
			load(file)
			r.git(nil, day0(11), "checkout", "-q", "-b", "side", "HEAD~9")
			r.write(in("b.md"), "side\n"+page("b"))
			r.commit(cleo, day0(11), "side edit of b")
			r.git(nil, day0(11), "checkout", "-q", "main")
			r.git(&ana, day0(12), "merge", "-q", "--no-edit", "side")
			same("after merging an old branch")

			// A rewritten branch: the cached commit is no ancestor of HEAD.
			load("")
			r.git(nil, day0(13), "reset", "-q", "--hard", "HEAD~2")
			r.write(in("e.md"), "e")
			r.commit(cleo, day0(14), "another line")
			same("after a rewrite")
		})
	}
}

// sortedFiles orders each commit's files: the cache and git may list the
// files of one commit in different orders.
func sortedFiles(cs []Commit) []Commit {
	out := slices.Clone(cs)
	for i := range out {
		out[i].Files = slices.Sorted(slices.Values(out[i].Files))
	}
	return out
}
