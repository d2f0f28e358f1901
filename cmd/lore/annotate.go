package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/lore-wiki/lore/builder/diag"
)

// repoRelative rewrites diagnostics' files for GitHub annotations, which
// GitHub matches against paths from the repository root: a page's
// diagnostic names it relative to the content folder (notes/x.md), and
// lore.yaml or a template relative to the site folder, which in a wiki made
// by lore init are content/notes/x.md and lore.yaml in the repository. The
// root is the git work tree holding the site, or else the working
// directory, so `lore check -s wiki` from the top of a checkout works too.
func repoRelative(ctx context.Context, ds diag.List, siteDir, contentDir string) diag.List {
	root := repoRoot(ctx, siteDir)
	out := make(diag.List, len(ds))
	for i, d := range ds {
		c := *d
		c.File = fromRoot(root, siteDir, contentDir, d.File)
		out[i] = &c
	}
	return out
}

// fromRoot finds file under the content folder or else the site folder
// (diagnostics do not say which they are relative to; the file exists
// in one of them) and names it from root.
func fromRoot(root, siteDir, contentDir, file string) string {
	if file == "" {
		return file
	}
	p := filepath.Join(contentDir, filepath.FromSlash(file))
	if _, err := os.Lstat(p); err != nil {
		if q := filepath.Join(siteDir, filepath.FromSlash(file)); exists(q) {
			p = q
		}
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		// A problem of the whole site with no lore.yaml to name (the
		// history of a shallow clone): GitHub cannot attach one to a
		// folder, so it names no file.
		return ""
	}
	rel, err := filepath.Rel(root, realPath(p))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return filepath.ToSlash(rel)
}

func repoRoot(ctx context.Context, dir string) string {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err == nil {
		if top := strings.TrimSpace(string(out)); top != "" {
			return realPath(top)
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return dir
	}
	return realPath(wd)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// realPath resolves symlinks in p's folders (the file itself may be a
// broken link), so that /tmp and /private/tmp, or a symlinked checkout,
// compare equal.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(d, filepath.Base(abs))
	}
	return abs
}
