package history

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder/gittest"
)

// TestReadLogScope checks both ways of limiting git log to the content
// folder on histories shaped to favour each: scopeAuto must keep reading
// the whole repository for a wiki, switch to a pathspec for a monorepo's
// docs, and either way give the history the forced scopes give.
func TestReadLogScope(t *testing.T) {
	gittest.Isolate(t)
	git, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		every int // one commit in every touches docs/, the others src/
		want  scope
	}{
		{"wiki", 1, scopeRepo},
		{"half and half", 2, scopeRepo},
		{"a third", 3, scopeFolder},
		{"monorepo", 10, scopeFolder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			commits := probeCommits + 100
			if err := gittest.FastImport(dir, func(w *bufio.Writer) error {
				writeScopeStream(w, commits, tt.every)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			results := map[scope]*History{}
			for _, sc := range []scope{scopeAuto, scopeRepo, scopeFolder} {
				f, used, err := readLog(ctx, git, dir, "docs/", sc, 1)
				if err != nil {
					t.Fatalf("scope %d: %v", sc, err)
				}
				if sc == scopeAuto && used != tt.want {
					t.Errorf("scopeAuto used scope %d, want %d", used, tt.want)
				}
				results[sc] = &History{}
				f.finish(results[sc])
			}
			want := results[scopeFolder]
			if n := len(want.commits); n != (commits+tt.every-1)/tt.every {
				t.Errorf("%d commits touch docs/, want %d", n, (commits+tt.every-1)/tt.every)
			}
			for _, sc := range []scope{scopeAuto, scopeRepo} {
				if got := results[sc]; !reflect.DeepEqual(got.files, want.files) || !reflect.DeepEqual(got.commits, want.commits) {
					t.Errorf("scope %d gives a different history than the pathspec", sc)
				}
			}
			for _, sc := range []scope{scopeRepo, scopeFolder} {
				f, _, err := readLog(ctx, git, dir, "docs/", sc, 4)
				if err != nil {
					t.Fatalf("scope %d in 4 parts: %v", sc, err)
				}
				got := &History{}
				f.finish(got)
				if !reflect.DeepEqual(got.files, want.files) || !reflect.DeepEqual(got.commits, want.commits) {
					t.Errorf("scope %d in 4 parts gives a different history than in one", sc)
				}
			}
		})
	}
}

// writeScopeStream writes n commits by two authors: one commit in every
// edits a page under docs/ (and renames one now and then), the others
// edit code under src/.
func writeScopeStream(w *bufio.Writer, n, every int) {
	file := func(path string, rev int) {
		body := fmt.Sprintf("%s revision %d\n", path, rev)
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(body), body)
	}
	exists := map[string]bool{}
	for c := range n {
		who := c % 2
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter W%d <w%d@example.com> %d +0000\ndata 1\nx\n", who, who, 1_700_000_000+c*60)
		switch {
		case c%every != 0:
			file(fmt.Sprintf("src/pkg%d/main.go", c%7), c)
		case c%50 == 0 && exists[fmt.Sprintf("docs/page%d.md", c%13)]:
			fmt.Fprintf(w, "R docs/page%d.md docs/moved/page%d.md\n", c%13, c)
			exists[fmt.Sprintf("docs/page%d.md", c%13)] = false
		default:
			file(fmt.Sprintf("docs/page%d.md", c%13), c)
			exists[fmt.Sprintf("docs/page%d.md", c%13)] = true
		}
		w.WriteString("\n")
	}
}

// TestSplitHistory checks that the ranges cover every commit exactly once
// on a history with branches and merges, cut at commits that are merges
// and not.
func TestSplitHistory(t *testing.T) {
	r := newTestRepo(t)
	for i := range 4 {
		r.write("a.md", fmt.Sprint("main ", i))
		r.commit(ana, day0(i), "main")
		r.git(&ana, day0(i), "checkout", "-q", "-b", fmt.Sprint("side", i))
		r.write(fmt.Sprint("b", i, ".md"), "side")
		r.commit(bo, day0(i), "side")
		r.git(&ana, day0(i), "checkout", "-q", "main")
		r.write("c.md", fmt.Sprint("main again ", i))
		r.commit(ana, day0(i), "main again")
		r.git(&cleo, day0(i), "merge", "-q", "--no-ff", "-m", "merge", fmt.Sprint("side", i))
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Fields(r.git(nil, time.Time{}, "rev-list", "HEAD"))
	for parts := 1; parts <= 13; parts++ {
		ranges := splitHistory(context.Background(), git, r.dir, parts)
		if want := min(parts, 12); len(ranges) != want { // 12 commits on the first-parent chain
			t.Errorf("%d parts: %d ranges, want %d", parts, len(ranges), want)
		}
		var got []string
		for _, rg := range ranges {
			if rg == nil {
				rg = []string{"HEAD"}
			}
			got = append(got, strings.Fields(r.git(nil, time.Time{}, append([]string{"rev-list"}, rg...)...))...)
		}
		if !reflect.DeepEqual(sorted(got), sorted(all)) {
			t.Errorf("%d parts %q list %d commits, want each of the %d once", parts, ranges, len(got), len(all))
		}
	}
}
