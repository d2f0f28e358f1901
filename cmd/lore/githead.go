package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gitHeadEvery is how often lore serve looks at the repository's HEAD.
const gitHeadEvery = time.Second

// watchGitHead tells on the returned channel when the commit checked out
// in dir's git repository may have changed (a commit, a checkout, a
// reset): pages' dates and authors come from git, and the files a branch
// switch changes are rebuilt, but their history would stay the old
// branch's. HEAD and its reflog are looked at rather than watched, as
// the watcher leaves dot-folders alone. Without git or a repository,
// the channel never fires.
func watchGitHead(ctx context.Context, dir string) <-chan struct{} {
	out := make(chan struct{}, 1)
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--absolute-git-dir")
	data, err := cmd.Output()
	if err != nil {
		return out
	}
	gitDir := strings.TrimSpace(string(data))
	files := []string{filepath.Join(gitDir, "HEAD"), filepath.Join(gitDir, "logs", "HEAD")}
	last := headState(files)
	go func() {
		tick := time.NewTicker(gitHeadEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if now := headState(files); now != last {
					last = now
					select {
					case out <- struct{}{}:
					default: // one pending is enough
					}
				}
			}
		}
	}()
	return out
}

// headState sums up the files' sizes and modification times.
func headState(files []string) string {
	var b strings.Builder
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			fmt.Fprintf(&b, "%d %d", st.ModTime().UnixNano(), st.Size())
		}
		b.WriteString("|")
	}
	return b.String()
}
