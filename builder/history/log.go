package history

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"
)

var errNoCommits = errors.New("no commits yet")

// scope is what readLog asks git to diff.
type scope int

const (
	// scopeAuto picks scopeRepo or scopeFolder from a sample of the history.
	scopeAuto scope = iota
	// scopeRepo diffs every commit in full and leaves the content folder
	// to folder.rel.
	scopeRepo
	// scopeFolder gives git the folder as a pathspec.
	scopeFolder
)

// probeCommits is how many of the newest commits scopeAuto looks at:
// enough to be a fair sample, few enough to cost a few tens of
// milliseconds.
const probeCommits = 500

// minPartCommits is the shortest range worth its own git process: each
// one walks part of the commit graph again before it prints anything.
const minPartCommits = 2000

// readLog reads the content folder's history from git log into a folder,
// and returns the scope it used.
//
// A pathspec looks like the cheap way to limit git to the folder, but git
// then diffs each commit twice (once to decide whether the commit touches
// the folder, once to print it), so when the folder is most of the
// repository (a wiki's content/ next to lore.yaml) reading everything and
// filtering paths here costs about half as much: 1.1 s of git CPU instead of
// 1.9 s for 20,000 commits. When the folder is a small part (docs/ in a code
// monorepo) the pathspec lets git skip most diffs altogether and is five
// times cheaper than diffing every commit. scopeAuto samples the newest
// commits and takes the pathspec when fewer than half touch the folder.
//
// git log is single-threaded, so without a pathspec a long history is cut
// into ranges read by parallel git processes (parts of them, 0 meaning one
// per CPU); their commits are folded newest range first.
func readLog(ctx context.Context, git, root, prefix string, sc scope, parts int) (*folder, scope, error) {
	f := newFolder(prefix)
	if prefix == "" {
		sc = scopeRepo // the folder is the whole repository
	}
	if sc == scopeAuto {
		narrow, err := probe(ctx, git, root, prefix)
		if err != nil {
			return f, sc, err
		}
		sc = scopeRepo
		if narrow {
			sc = scopeFolder
		}
	}
	if sc == scopeFolder && parts == 0 {
		// With a pathspec, each range's walk also prunes the commits below
		// it, so ranges add more git CPU than they save: 0.35 s of git CPU
		// in one range against 0.55 s in two on BenchmarkLoadMonorepo.
		parts = 1
	}
	ranges := splitHistory(ctx, git, root, parts)
	return f, sc, readRanges(ctx, git, root, prefix, sc, ranges, f)
}

// probe reports whether fewer than half of the newest commits touch the
// content folder. Without --topo-order git streams from the first commit
// and -n stops it early.
func probe(ctx context.Context, git, root, prefix string) (bool, error) {
	f := newFolder(prefix)
	seen, kept := 0, 0
	args := logArgs(prefix, scopeRepo, false, "-n", strconv.Itoa(probeCommits))
	err := runLog(ctx, git, root, args, func(c *rawCommit) error {
		seen++
		if f.add(c) {
			kept++
		}
		return nil
	})
	return 2*kept < seen, err
}

// splitHistory cuts the history into about equal ranges along the
// first-parent chain, newest first: with cuts c1 (newer) and c2, the ranges
// are c1..HEAD, c2..c1 and c2. Every commit reachable from HEAD is in
// exactly one, and a commit's parents are in its range or a later one, so
// reading the ranges in order still lists children before parents.
// Anything unexpected gives one range, the whole history, whose git log
// then reports the problem (no commits yet, for one).
func splitHistory(ctx context.Context, git, root string, parts int) [][]string {
	whole := [][]string{nil} // git log's default, HEAD
	auto := parts == 0
	if auto {
		parts = runtime.GOMAXPROCS(0)
	}
	if parts <= 1 {
		return whole
	}
	out, err := gitCmd(ctx, git, root, "rev-list", "--first-parent", "HEAD").Output()
	if err != nil {
		return whole
	}
	chain := strings.Fields(string(out))
	if auto {
		parts = min(parts, len(chain)/minPartCommits)
	}
	parts = min(parts, len(chain))
	if parts <= 1 {
		return whole
	}
	ranges := make([][]string, parts)
	newer := "HEAD"
	for i := 1; i < parts; i++ {
		cut := chain[i*len(chain)/parts]
		ranges[i-1] = []string{cut + ".." + newer}
		newer = cut
	}
	ranges[parts-1] = []string{newer}
	return ranges
}

// readRanges runs one git log per range in parallel and folds their
// commits in range order: the first range streams straight into f, the
// others are kept until their turn.
func readRanges(ctx context.Context, git, root, prefix string, sc scope, ranges [][]string, f *folder) error {
	add := func(c *rawCommit) error {
		f.add(c)
		return nil
	}
	if len(ranges) == 1 {
		return runLog(ctx, git, root, logArgs(prefix, sc, true, ranges[0]...), add)
	}
	g, gctx := errgroup.WithContext(ctx)
	later := make([][]rawCommit, len(ranges))
	for i := 1; i < len(ranges); i++ {
		g.Go(func() error {
			return runLog(gctx, git, root, logArgs(prefix, sc, true, ranges[i]...), func(c *rawCommit) error {
				later[i] = append(later[i], rawCommit{
					date: c.date, name: c.name, email: c.email,
					changes: slices.Clone(c.changes),
				})
				return nil
			})
		})
	}
	g.Go(func() error {
		return runLog(gctx, git, root, logArgs(prefix, sc, true, ranges[0]...), add)
	})
	if err := g.Wait(); err != nil {
		return err
	}
	for _, cs := range later[1:] {
		for i := range cs {
			f.add(&cs[i])
		}
	}
	return nil
}

// logArgs is the git log command line for sc over revs.
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
func logArgs(prefix string, sc scope, topo bool, revs ...string) []string {
	args := []string{
		"-c", "core.quotepath=off",
		"-c", "log.showSignature=false", // would interleave gpg output
		"-c", "log.follow=false",
		"-c", "log.showRoot=true",
		"log", "--no-merges", "--no-color",
		"-z", "--name-status", "-M", logFormat,
	}
	if topo {
		args = append(args, "--topo-order")
	}
	if sc == scopeFolder {
		args = append(args, "--full-history")
	}
	args = append(args, revs...)
	if sc == scopeFolder {
		// Literal, so a folder named "[draft]" or "*" is not a glob.
		args = append(args, "--", ":(literal)"+prefix)
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

// descendsFrom reports whether every commit since commit descends from it:
// then the history at HEAD is the history at commit plus the commits in
// commit..HEAD, folded first. A rewritten branch (a rebase, a force push)
// makes commit no ancestor of HEAD; a branch forked before commit and
// merged since brings commits that may edit files under names they had
// before commit, which only a fold of the whole log can follow. Either way
// the whole history is read again.
func descendsFrom(ctx context.Context, git, root, commit string) bool {
	if gitCmd(ctx, git, root, "merge-base", "--is-ancestor", commit, "HEAD").Run() != nil {
		return false
	}
	count := func(args ...string) string {
		out, err := gitCmd(ctx, git, root, append([]string{"rev-list", "--count"}, args...)...).Output()
		if err != nil {
			return "error"
		}
		return strings.TrimSpace(string(out))
	}
	all := count(commit + "..HEAD")
	return all != "error" && all == count("--ancestry-path", commit+"..HEAD")
}

// readSince folds the commits made since the cached history's commit, then
// the cached commits themselves, into a folder. The cached commits name the
// files they touched as they were called at that commit, so folding them
// after the new ones, as edits, sends each to the file it is now (through
// renames since) or to nothing (when it was deleted or replaced since),
// exactly as reading the whole log would.
func readSince(ctx context.Context, git, root, prefix string, c *cached) (*folder, error) {
	f := newFolder(prefix)
	sc := scopeRepo
	if prefix != "" {
		sc = scopeFolder // a few new commits: the pathspec costs nothing here
	}
	err := runLog(ctx, git, root, logArgs(prefix, sc, true, c.Head+"..HEAD"), func(rc *rawCommit) error {
		f.add(rc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, old := range c.Commits {
		rc := rawCommit{date: old.Date, name: old.Author.Name, email: old.Author.Email}
		for _, file := range old.Files {
			rc.changes = append(rc.changes, change{status: 'M', to: prefix + file})
		}
		f.replay(&rc)
	}
	return f, nil
}
