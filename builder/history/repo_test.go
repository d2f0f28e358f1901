package history

import (
	"github.com/lore-wiki/lore/builder/gittest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	ana  = Person{"Ana Lima", "ana@example.com"}
	bo   = Person{"Bo Chen", "bo@example.com"}
	cleo = Person{"Cleo Díaz", "cleo@example.com"}
)

// testRepo is a real repository in a temp dir whose commits get explicit
// authors and dates, so assertions never depend on the clock.
type testRepo struct {
	t   testing.TB
	dir string
}

func newTestRepo(t testing.TB) *testRepo {
	t.Helper()
	gittest.Isolate(t)
	r := &testRepo{t: t, dir: t.TempDir()}
	r.git(nil, time.Time{}, "-c", "init.defaultBranch=main", "init", "-q")
	return r
}

// git runs git in the repo as author (committer too) at date.
func (r *testRepo) git(author *Person, date time.Time, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	who := ana
	if author != nil {
		who = *author
	}
	if date.IsZero() {
		date = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	d := date.Format(time.RFC3339)
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME="+who.Name, "GIT_AUTHOR_EMAIL="+who.Email, "GIT_AUTHOR_DATE="+d,
		"GIT_COMMITTER_NAME="+who.Name, "GIT_COMMITTER_EMAIL="+who.Email, "GIT_COMMITTER_DATE="+d,
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (r *testRepo) write(rel, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// commit stages everything and commits it.
func (r *testRepo) commit(who Person, date time.Time, msg string) {
	r.t.Helper()
	r.git(&who, date, "add", "-A")
	r.git(&who, date, "commit", "-q", "-m", msg)
}

func day0(n int) time.Time {
	return time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, n)
}

// mv is git mv that creates the destination folder first, as git does not.
func (r *testRepo) mv(who Person, date time.Time, from, to string) {
	r.t.Helper()
	if err := os.MkdirAll(filepath.Join(r.dir, filepath.Dir(filepath.FromSlash(to))), 0o755); err != nil {
		r.t.Fatal(err)
	}
	r.git(&who, date, "mv", from, to)
}
