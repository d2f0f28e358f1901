// Package history reads per-file git history for a wiki's content folder:
// when each page was created and last updated, who wrote it, and on which
// days, following renames.
//
// Load reads the history with one pass of `git log` (cut into ranges read
// by parallel git processes when it is long, see readLog) and folds its
// output into per-file records, so the cost grows with the number of
// commits, not with commits × files. History is optional: when
// the folder is not in a git repository, git is not installed or history is
// disabled, Load succeeds with an unavailable History and callers fall back to
// front matter dates.
package history

import (
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Person is a commit author, after .mailmap is applied.
type Person struct {
	Name, Email string
}

// FileHistory is the history of one file, following renames.
type FileHistory struct {
	// Created and Updated are the earliest and latest author dates of the
	// commits touching the file. Min and max rather than first and last in
	// graph order, so that rebased or cherry-picked commits never make
	// Updated earlier than Created. They keep the author's time zone.
	Created, Updated time.Time
	// Contributors are the distinct authors, most commits first, then by name.
	Contributors []Person
	// Commits is the number of non-merge commits touching the file.
	Commits int
	// Days holds one entry per commit: its author date truncated to the day
	// in UTC, oldest first. Repeated days mean several commits that day.
	Days []time.Time
}

// Commit is one non-merge commit that touched the content folder.
type Commit struct {
	Author Person
	Date   time.Time
	// Files are the files the commit touched that still exist, by their
	// current names relative to the content folder. Empty when the commit
	// only touched files deleted since.
	Files []string
}

// History is the git history of a content folder. It is immutable once
// loaded and safe for concurrent use.
type History struct {
	available bool
	// unreadable says why the history of a folder that is in a git
	// repository could not be read (git missing, git refusing it), "" when
	// it was read or there is none.
	unreadable string
	shallow    bool
	root       string
	prefix     string
	files      map[string]FileHistory
	commits    []Commit
}

// File returns the history of the file at relPath, relative to the content
// folder. It reports false for files without committed history (uncommitted,
// or history unavailable). The returned slices are shared: do not modify them.
func (h *History) File(relPath string) (FileHistory, bool) {
	if h == nil || h.files == nil {
		return FileHistory{}, false
	}
	fh, ok := h.files[cleanRel(relPath)]
	return fh, ok
}

// Shallow reports whether the repository is a shallow clone, in which case
// dates and contributors only cover the fetched commits.
func (h *History) Shallow() bool { return h != nil && h.shallow }

// Available reports whether history was read from git. It is false when the
// folder is not in a git repository, git is not installed, or history was
// disabled.
func (h *History) Available() bool { return h != nil && h.available }

// Unreadable says why a repository's history could not be read, or "".
func (h *History) Unreadable() string {
	if h == nil {
		return ""
	}
	return h.unreadable
}

// RepoRoot returns the absolute path of the repository's work tree, or "".
func (h *History) RepoRoot() string {
	if h == nil {
		return ""
	}
	return h.root
}

// Prefix returns the content folder relative to the repository root,
// slash-separated with a trailing slash ("docs/"), or "" when the folder is
// the root. Joined with a file's key it gives the path an "edit this page"
// URL needs.
func (h *History) Prefix() string {
	if h == nil {
		return ""
	}
	return h.prefix
}

// Commits returns every non-merge commit that touched the content folder,
// newest first. The returned slice is shared: do not modify it.
func (h *History) Commits() []Commit {
	if h == nil {
		return nil
	}
	return h.commits
}

// cleanRel turns a caller's path into the form of our keys, so "./a.md" and
// OS-specific separators still match.
func cleanRel(p string) string {
	p = path.Clean(filepath.ToSlash(p))
	return strings.TrimPrefix(p, "./")
}
