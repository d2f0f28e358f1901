package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

	// scope forces how git log is limited to the folder, so tests can
	// check that every scope gives the same history.
	scope scope
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
		return &History{}, nil
	}

	root, prefix, shallow, why, err := locate(ctx, git, abs)
	if err != nil {
		return nil, err
	}
	if why != "" {
		logf("history: %s; using front matter dates", why)
		return &History{}, nil
	}
	h := &History{available: true, shallow: shallow, root: root, prefix: prefix}
	var key string
	if opt.CacheFile != "" {
		key = cacheKey(ctx, git, root, prefix, shallow)
		if c, ok := readCache(opt.CacheFile, key); ok && key != "" {
			h.files, h.commits = c.Files, c.Commits
			if shallow {
				logf("history: %s is a shallow clone; created dates and contributors may be incomplete (fetch full history, e.g. fetch-depth: 0)", root)
			}
			return h, nil
		}
	}

	f, _, err := readLog(ctx, git, root, prefix, opt.scope)
	switch {
	case errors.Is(err, errNoCommits):
		logf("history: repository %s has no commits yet; using front matter dates", root)
	case err != nil:
		return nil, err
	case shallow:
		logf("history: %s is a shallow clone; created dates and contributors may be incomplete (fetch full history, e.g. fetch-depth: 0)", root)
	}
	f.finish(h)
	if key != "" {
		writeCache(opt.CacheFile, key, h)
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

var errNoCommits = errors.New("no commits yet")

// scope is what readLog asks git to diff.
type scope int

const (
	// scopeAuto reads the whole repository, and switches to scopeFolder
	// when the first commits show the folder is a small part of it.
	scopeAuto scope = iota
	// scopeRepo diffs every commit in full and leaves the content folder
	// to folder.rel.
	scopeRepo
	// scopeFolder gives git the folder as a pathspec.
	scopeFolder
)

// probeCommits is how many commits scopeAuto reads before it judges the
// folder's share of the history: enough to be a fair sample, few enough
// that a wrong first guess costs a fraction of the whole log.
const probeCommits = 500

// readLog streams `git log` over the content folder's history into a folder.
//
// A pathspec looks like the cheap way to limit git to the folder, but git
// then diffs each commit twice (once to decide whether the commit touches
// the folder, once to print it), so when the folder is most of the
// repository (a wiki's content/ next to lore.yaml) reading everything and
// filtering paths here costs about half as much: 1.0 s of git CPU instead of
// 1.8 s for 20,000 commits. When the folder is a small part (docs/ in a
// code monorepo), the pathspec lets git skip most diffs altogether, five
// times cheaper than diffing every commit. scopeAuto starts with the whole
// repository and starts over with the pathspec if fewer than half of the
// first probeCommits commits touch the folder.
// It returns the scope it ended with.
func readLog(ctx context.Context, git, root, prefix string, sc scope) (*folder, scope, error) {
	if prefix == "" {
		sc = scopeRepo // the folder is the whole repository
	}
	if sc != scopeFolder {
		f := newFolder(prefix)
		seen, kept := 0, 0
		err := runLog(ctx, git, root, logArgs(prefix, scopeRepo), func(c *rawCommit) error {
			seen++
			if f.add(c) {
				kept++
			}
			if sc == scopeAuto && seen == probeCommits && 2*kept < seen {
				return errNarrow
			}
			return nil
		})
		if !errors.Is(err, errNarrow) {
			return f, scopeRepo, err
		}
	}
	f := newFolder(prefix)
	err := runLog(ctx, git, root, logArgs(prefix, scopeFolder), func(c *rawCommit) error {
		f.add(c)
		return nil
	})
	return f, scopeFolder, err
}

// errNarrow stops a whole-repository log that should be a pathspec one.
var errNarrow = errors.New("content folder is a small part of the history")

// logArgs is the git log command line for sc.
//
// Merges: --no-merges drops merge commits, and the walk still covers every
// branch, so a feature branch's commits are credited to their authors. The
// alternative, --first-parent with merges diffed against their first parent,
// would credit a whole branch to whoever pressed "merge". The cost is that
// edits made only while resolving a merge conflict are not counted.
//
// --topo-order guarantees children before parents, which the rename walk in
// folder.add relies on; plain date order does not when clocks are skewed.
//
// With a pathspec, --full-history keeps git from skipping a branch whose
// changes to the folder a merge discarded, so both scopes list the same
// commits. The -c settings keep a user's configuration from changing what
// we parse: log.follow would turn a one-folder pathspec into --follow, and
// without log.showRoot the root commit would add no files.
func logArgs(prefix string, sc scope) []string {
	args := []string{
		"-c", "core.quotepath=off",
		"-c", "log.showSignature=false", // would interleave gpg output
		"-c", "log.follow=false",
		"-c", "log.showRoot=true",
		"log", "--no-merges", "--topo-order", "--no-color",
		"-z", "--name-status", "-M", logFormat,
	}
	if sc == scopeFolder {
		// Literal, so a folder named "[draft]" or "*" is not a glob.
		args = append(args, "--full-history", "--", ":(literal)"+prefix)
	}
	return args
}

// runLog runs git log and hands each commit to fn as it streams in. An error
// from fn stops git and is returned.
func runLog(ctx context.Context, git, root string, args []string, fn func(*rawCommit) error) error {
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := gitCmd(ctx, git, root, args...)
	var stderr limitedBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("history: git log in %s: %w", root, err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("history: start git log in %s: %w", root, err)
	}
	perr := parseLog(out, fn)
	if perr != nil {
		cancel() // stop git rather than wait for output nobody reads
	}
	werr := cmd.Wait()
	switch {
	case parent.Err() != nil:
		return fmt.Errorf("history: git log in %s: %w", root, parent.Err())
	case perr != nil:
		return fmt.Errorf("history: %s: %w", root, perr)
	case werr != nil && strings.Contains(stderr.String(), "does not have any commits yet"):
		return errNoCommits
	case werr != nil:
		return fmt.Errorf("history: git log in %s: %w: %s", root, werr, stderr.firstLine())
	}
	return nil
}

func gitCmd(ctx context.Context, git, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, git, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"LC_ALL=C",              // stderr is matched against English messages
		"GIT_TERMINAL_PROMPT=0", // never wait for a password
		"GIT_OPTIONAL_LOCKS=0",  // read-only: do not refresh the index behind the user's back
	)
	// After cancellation, do not wait forever for a grandchild holding a pipe.
	cmd.WaitDelay = 2 * time.Second
	return cmd
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
