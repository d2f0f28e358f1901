package history

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// foldLog runs the folder over synthetic commits, newest first, written as
// "A x.md; R old.md new.md" so odd histories need no repository.
func foldLog(prefix string, commits ...string) *History {
	f := newFolder(prefix)
	for i, c := range commits {
		rc := &rawCommit{date: day0(len(commits) - i), name: "Ana", email: "ana@example.com"}
		for _, ch := range strings.Split(c, ";") {
			fs := strings.Fields(ch)
			x := change{status: fs[0][0], to: fs[len(fs)-1]}
			if len(fs) == 3 {
				x.from = fs[1]
			}
			rc.changes = append(rc.changes, x)
		}
		f.add(rc)
	}
	h := &History{}
	f.finish(h)
	return h
}

func commitsByFile(h *History) map[string]int {
	m := map[string]int{}
	for k, fh := range h.files {
		m[k] = fh.Commits
	}
	return m
}

func TestFold(t *testing.T) {
	tests := []struct {
		name    string
		prefix  string
		commits []string // newest first
		want    map[string]int
	}{
		{"swap in one commit", "", []string{
			"M a.md",
			"R a.md b.md; R b.md a.md",
			"M a.md; M b.md",
			"A a.md; A b.md",
		}, map[string]int{"a.md": 4, "b.md": 3}},
		{"rename chain", "", []string{
			"M c.md", "R b.md c.md", "R a.md b.md", "A a.md",
		}, map[string]int{"c.md": 4}},
		{"renamed then name reused", "", []string{
			"A a.md", "R a.md b.md", "A a.md",
		}, map[string]int{"a.md": 1, "b.md": 2}},
		{"deleted then recreated", "", []string{
			"A a.md", "D a.md", "M a.md", "A a.md",
		}, map[string]int{"a.md": 1}},
		{"renamed then deleted", "", []string{
			"D b.md", "R a.md b.md", "A a.md",
		}, map[string]int{}},
		{"copy keeps histories apart", "", []string{
			"C a.md b.md", "M a.md", "A a.md",
		}, map[string]int{"a.md": 2, "b.md": 1}},
		{"prefix stripped", "docs/", []string{
			"M docs/x.md; M docs/", "A docs/x.md",
		}, map[string]int{"x.md": 2}},
		{"moved out of the folder", "docs/", []string{
			"R docs/x.md src/x.md", "M docs/x.md", "A docs/x.md; A docs/y.md",
		}, map[string]int{"y.md": 1}},
		{"moved into the folder", "docs/", []string{
			"M docs/x.md", "R src/x.md docs/x.md", "M src/x.md", "A src/x.md",
		}, map[string]int{"x.md": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := commitsByFile(foldLog(tt.prefix, tt.commits...)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("commits by file = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFoldDropsCommitsOutsideFolder: with the whole repository read, a
// commit that touched only other folders is no contribution to the wiki,
// while one that only moved a page out of it still is one.
func TestFoldDropsCommitsOutsideFolder(t *testing.T) {
	h := foldLog("docs/",
		"M src/main.go; M README.md",
		"R docs/old.md src/old.md",
		"M docs/a.md; M src/main.go",
		"A docs/a.md; A docs/old.md; A src/main.go",
	)
	if got := len(h.commits); got != 3 {
		t.Errorf("%d commits, want 3 (code-only commit dropped)", got)
	}
	if got, want := commitsByFile(h), map[string]int{"a.md": 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("commits by file = %v, want %v", got, want)
	}
}

func TestParseLog(t *testing.T) {
	in := "\x012024-03-01T10:00:00+02:00\x00Ana\x00ana@example.com\x00\nR087\x00old name.md\x00new\tname.md\x00M\x00b.md\x00" +
		"\x012024-02-01T10:00:00Z\x00\x00\x00\nA\x00b.md\x00"
	var got []rawCommit
	err := parseLog(strings.NewReader(in), func(c *rawCommit) error {
		cp := *c
		cp.changes = append([]change(nil), c.changes...)
		got = append(got, cp)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []rawCommit{
		{date: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), name: "Ana", email: "ana@example.com",
			changes: []change{{'R', "old name.md", "new\tname.md"}, {'M', "", "b.md"}}},
		{date: time.Date(2024, 2, 1, 10, 0, 0, 0, time.UTC),
			changes: []change{{'A', "", "b.md"}}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d commits, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].date.Equal(want[i].date) || got[i].name != want[i].name || got[i].email != want[i].email ||
			!reflect.DeepEqual(got[i].changes, want[i].changes) {
			t.Errorf("commit %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if err := parseLog(strings.NewReader("\x01not a date\x00a\x00b\x00"), func(*rawCommit) error { return nil }); err == nil {
		t.Error("bad date accepted")
	}
	if err := parseLog(strings.NewReader("\x012024-02-01T10:00:00Z\x00a\x00b\x00\nR100\x00only-one\x00"), func(*rawCommit) error { return nil }); err == nil {
		t.Error("truncated rename accepted")
	}
}

// FuzzParseLog checks that no git output, however mangled, panics the parser
// or the fold.
func FuzzParseLog(f *testing.F) {
	f.Add("\x012024-03-01T10:00:00Z\x00Ana\x00a@x\x00\nR100\x00a\x00b\x00D\x00c\x00")
	f.Add("\x012024-03-01T10:00:00Z\x00\x00\x00\nC050\x00docs/a\x00docs/b\x00")
	f.Fuzz(func(t *testing.T, s string) {
		fo := newFolder("docs/")
		if err := parseLog(strings.NewReader(s), func(c *rawCommit) error { fo.add(c); return nil }); err != nil {
			return
		}
		fo.finish(&History{})
	})
}
