package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Options configure Load.
type Options struct {
	// Disabled skips git entirely; Load returns an unavailable History.
	Disabled bool
	// Logf, if set, receives at most one message per Load explaining why
	// history is unavailable or may be incomplete.
	Logf func(format string, args ...any)
	// CacheFile, if set, keeps the history between builds: while the
	// checked-out commit (and .mailmap) stay the same, Load reads it back
	// instead of running `git log` again.
	CacheFile string

	// scope and parts force how git log is limited to the folder and
	// into how many ranges the history is cut, so tests can check that
	// every way gives the same history.
	scope scope
	parts int
}

// Load reads the history of every file under dir, which may be the root of
// a repository's work tree or any folder inside it (a monorepo's docs/).
// Keys are paths relative to dir, slash-separated, by their current names.
//
// It is not an error for dir to be outside a repository or for git to be
// missing: the History is then unavailable and Logf says why. Errors are for
// a dir that cannot be read, a cancelled ctx (which also kills git), and git
// failing on a repository it recognised.
func Load(ctx context.Context, dir string, opt Options) (*History, error) {
	logf := opt.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if opt.Disabled {
		logf("history: disabled; using front matter dates")
		return &History{}, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("history: %s is not a directory", abs)
	}
	git, err := exec.LookPath("git")
	if err != nil {
		logf("history: git not found (%v); using front matter dates", err)
		if WorkTree(abs) != "" {
			return &History{unreadable: "git is not installed, so the repository's history cannot be read"}, nil
		}
		return &History{}, nil
	}

	root, prefix, shallow, why, err := locate(ctx, git, abs)
	if err != nil {
		return nil, err
	}
	if why != "" {
		logf("history: %s; using front matter dates", why)
		if WorkTree(abs) != "" && !notInRepository(why) {
			return &History{unreadable: why}, nil
		}
		return &History{}, nil
	}
	h := &History{available: true, shallow: shallow, root: root, prefix: prefix}
	var id cacheID
	var since *cached
	if opt.CacheFile != "" {
		id = cacheIdent(ctx, git, root, prefix, shallow)
		if c, ok := readCache(opt.CacheFile, id); ok {
			switch {
			case c.Head == id.head:
				h.files, h.commits = c.Files, c.Commits
				if shallow {
					logf("history: %s is a shallow clone; created dates and contributors may be incomplete (fetch full history, e.g. fetch-depth: 0)", root)
				}
				return h, nil
			case !shallow && descendsFrom(ctx, git, root, c.Head):
				since = c
			}
		}
	}

	var f *folder
	if since != nil {
		// Only the commits since the cached one are read. The cache is a
		// shortcut: if that fails, the whole log is read below.
		if f, err = readSince(ctx, git, root, prefix, since); err != nil && ctx.Err() == nil {
			f = nil
		}
	}
	if f == nil {
		f, _, err = readLog(ctx, git, root, prefix, opt.scope, opt.parts)
	}
	switch {
	case errors.Is(err, errNoCommits):
		logf("history: repository %s has no commits yet; using front matter dates", root)
	case err != nil:
		return nil, err
	case shallow:
		logf("history: %s is a shallow clone; created dates and contributors may be incomplete (fetch full history, e.g. fetch-depth: 0)", root)
	}
	f.finish(h)
	if opt.CacheFile != "" {
		writeCache(opt.CacheFile, id, h)
	}
	return h, nil
}

// locate finds the work tree root and dir's prefix inside it in one git
// process. A non-empty why means there is no usable repository.
func locate(ctx context.Context, git, dir string) (root, prefix string, shallow bool, why string, err error) {
	cmd := gitCmd(ctx, git, dir, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
	var stderr limitedBuffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	if ctx.Err() != nil {
		return "", "", false, "", fmt.Errorf("history: locate repository of %s: %w", dir, ctx.Err())
	}
	if runErr != nil {
		msg := stderr.firstLine()
		if strings.Contains(msg, "not a git repository") {
			return "", "", false, dir + " is not in a git repository", nil
		}
		// Bare repositories, .git folders, "dubious ownership": say what git
		// said, since the fix is on the user's side.
		return "", "", false, fmt.Sprintf("git rev-parse in %s failed: %v: %s", dir, runErr, msg), nil
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) < 3 {
		// --show-prefix prints an empty line at the root, so three lines
		// are always expected.
		return "", "", false, "", fmt.Errorf("history: unexpected git rev-parse output in %s: %q", dir, out)
	}
	return filepath.FromSlash(lines[0]), lines[1], lines[2] == "true", "", nil
}

func gitCmd(ctx context.Context, git, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, git, args...)
	cmd.Dir = dir
	cmd.Env = append(absGitPaths(os.Environ()),
		"LC_ALL=C",              // stderr is matched against English messages
		"GIT_TERMINAL_PROMPT=0", // never wait for a password
		"GIT_OPTIONAL_LOCKS=0",  // read-only: do not refresh the index behind the user's back
	)
	// After cancellation, do not wait forever for a grandchild holding a pipe.
	cmd.WaitDelay = 2 * time.Second
	return cmd
}

// gitPathVars are the variables git reads as paths relative to its
// working directory.
var gitPathVars = []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"}

// absGitPaths pins the repository that env names to where this process
// runs. Git hooks export GIT_DIR=.git and the like, relative to the work
// tree root where the hook runs, and with GIT_DIR set and no GIT_WORK_TREE
// git takes its own working directory as the work tree. Git is started in
// the content folder instead, so without this `lore check` in a
// pre-commit hook would find no repository, or a wrong work tree.
func absGitPaths(env []string) []string {
	out := slices.Clone(env)
	gitDir, workTree := false, false
	for i, kv := range out {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" || !slices.Contains(gitPathVars, k) {
			continue
		}
		gitDir = gitDir || k == "GIT_DIR"
		workTree = workTree || k == "GIT_WORK_TREE"
		if abs, err := filepath.Abs(v); err == nil {
			out[i] = k + "=" + abs
		}
	}
	if wd, err := os.Getwd(); err == nil && gitDir && !workTree {
		out = append(out, "GIT_WORK_TREE="+wd)
	}
	return out
}

// limitedBuffer keeps the start of git's stderr: enough to explain a failure
// without letting a chatty git grow memory.
type limitedBuffer struct{ bytes.Buffer }

const stderrLimit = 4 << 10

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := stderrLimit - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *limitedBuffer) firstLine() string {
	s := strings.TrimSpace(b.String())
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// WorkTree is the nearest folder at or above dir that holds a .git
// folder (or file, in a linked worktree), found without git; "" outside
// any repository. dir need not exist.
func WorkTree(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// notInRepository reports whether locate found no repository at all: a
// .git folder above that git does not take for one (an empty one) is no
// history to warn about.
func notInRepository(why string) bool { return strings.HasSuffix(why, " is not in a git repository") }
