package builder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/slug"
)

// source is one file found under the content folder.
type source struct {
	rel string // slash-separated, relative to the content folder
	abs string
}

// isMarkdown reports whether a file is a page. Everything else under the
// content folder is an asset, copied as it is and never parsed.
func isMarkdown(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// load walks the content folder. Dot-files and dot-folders (.git,
// .obsidian, .lore), the output folder, symlinks leading outside the
// content folder and files that are not regular files are skipped.
func (b *build) load(ctx context.Context) error {
	return b.walkContent(ctx, b.cfg.ContentPath(), b.addSource)
}

// walkContent walks the content folder from start (the root, or a folder or
// file inside it that a rebuild looks at again) and hands every source it
// keeps to add.
func (b *build) walkContent(ctx context.Context, start string, add func(rel, abs string)) error {
	root := b.cfg.ContentPath()
	rootReal, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("content folder: %w", err)
	}
	skip := b.skipDirs()
	walkErr := filepath.WalkDir(start, func(abs string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel, _ := filepath.Rel(root, abs)
		rel = filepath.ToSlash(rel)
		if err != nil {
			b.site.report(diag.Errorf(rel, 0, 0, diag.CodeRead, "cannot read: %v", unwrapPath(err)), rel, diag.CodeRead)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") || skip[abs] || strings.Contains(name, ".lore-staging-") || d.IsDir() && isLoreOutput(abs) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if b.cfg.Ignored(rel, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && (wikiChrome[strings.ToLower(name)] || slices.Contains(categoryFiles, name)) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return b.loadSymlink(abs, rel, rootReal, add)
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			b.reportSpecial(rel, d.Type())
			return nil
		}
		add(rel, abs)
		return nil
	})
	return walkErr
}

// wikiChrome are a GitHub wiki's sidebar, header and footer: parts of
// every page there, not pages of their own (Lore draws its own). Nor are
// Docusaurus _category_ files (categoryFiles) published: they describe
// their folder (readCategory).
var wikiChrome = map[string]bool{"_sidebar.md": true, "_header.md": true, "_footer.md": true}

// skipDirs lists absolute paths under the content folder that are never
// content: the destination, the cache and, when the content folder is the
// site folder, the site's layouts, themes and static folders and its
// configuration files.
func (b *build) skipDirs() map[string]bool {
	root := b.cfg.ContentPath()
	skip := map[string]bool{}
	for _, e := range b.opt.Exclude {
		if abs, err := filepath.Abs(e); err == nil {
			skip[abs] = true
		}
	}
	// A site whose content is its own folder must not read its layouts,
	// themes or static folders as notes.
	if filepath.Clean(root) == filepath.Clean(b.cfg.Dir) {
		for _, d := range []string{"layouts", "themes", b.cfg.StaticDir, "archetypes", "node_modules"} {
			skip[filepath.Join(b.cfg.Dir, d)] = true
		}
		// Nor publish the site's configuration (mkdocs.yml, hugo.toml).
		for _, f := range config.Files() {
			skip[filepath.Join(b.cfg.Dir, f)] = true
		}
	}
	skip[b.cfg.CachePath()] = true
	return skip
}

// loadSymlink follows a symlink only when it stays inside the content folder.
func (b *build) loadSymlink(abs, rel, rootReal string, add func(rel, abs string)) error {
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		msg := "broken symlink skipped"
		// EvalSymlinks gives up on a loop with an error of its own; the
		// system's stat names it.
		if _, statErr := os.Stat(abs); errors.Is(statErr, syscall.ELOOP) {
			msg = "symlink loop skipped: following it never reaches a file"
		}
		b.site.report(diag.Warnf(rel, 0, 0, diag.CodeSymlink, "%s", msg), rel, diag.CodeSymlink)
		return nil
	}
	if target != rootReal && !strings.HasPrefix(target, rootReal+string(filepath.Separator)) {
		b.site.report(diag.Warnf(rel, 0, 0, diag.CodeSymlink, "symlink points outside the content folder; skipped"), rel, diag.CodeSymlink)
		return nil
	}
	st, err := os.Stat(target)
	if err == nil && st.IsDir() && containsLink(target, abs) {
		b.site.report(diag.Warnf(rel, 0, 0, diag.CodeSymlink, "symlink loop skipped: it leads to a folder that contains it"), rel, diag.CodeSymlink)
		return nil
	}
	if err != nil || st.IsDir() {
		// Linked folders would need cycle checks; their files are reachable
		// through their real place inside the content folder anyway.
		return nil
	}
	if !st.Mode().IsRegular() {
		b.reportSpecial(rel, st.Mode())
		return nil
	}
	add(rel, target)
	return nil
}

// containsLink reports whether the folder dir (a resolved path) holds the
// symlink at abs, at any depth: such a link, like sub/loop -> .., is a loop.
func containsLink(dir, abs string) bool {
	parent, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return false
	}
	return parent == dir || strings.HasPrefix(parent, dir+string(filepath.Separator))
}

// reportSpecial warns that a named pipe, socket or device was skipped:
// reading one would block the build, or never end.
func (b *build) reportSpecial(rel string, mode fs.FileMode) {
	b.site.report(diag.Warnf(rel, 0, 0, diag.CodeSpecialFile, "%s, not a regular file; skipped", specialKind(mode)), rel, diag.CodeSpecialFile)
}

// specialKind names the kind of a file that is neither a regular file, a
// folder nor a symlink.
func specialKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "socket"
	case mode&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

// errNotRegular is returned by readSource for a file that became a named
// pipe, socket or device after the walk saw it.
var errNotRegular = errors.New("not a regular file")

// readSource reads a file the walk kept. It checks the file is still a
// regular file first, because a serve session reads files long after its
// walk, and reading a named pipe blocks until something writes to it.
func readSource(abs string) ([]byte, error) {
	st, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", specialKind(st.Mode()), errNotRegular)
	}
	return os.ReadFile(abs)
}

func (b *build) addSource(rel, abs string) {
	if isMarkdown(rel) {
		b.site.sources = append(b.site.sources, source{rel: rel, abs: abs})
		return
	}
	b.site.Assets = append(b.site.Assets, &links.Asset{Path: rel, URL: assetURL(rel)})
	b.site.assetFiles = append(b.site.assetFiles, source{rel: rel, abs: abs})
}

// assetURL keeps an attachment's folder structure, slugged like page URLs
// so that an image beside a note sits beside the note's page, and keeps
// the file name as written (minus characters URLs cannot carry plainly).
func assetURL(rel string) string {
	dir := slug.Path(path.Dir(rel))
	name := path.Base(rel)
	if dir == "" {
		return "/" + name
	}
	return "/" + dir + "/" + name
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err
	}
	return err
}

// isLoreOutput recognises a folder Lore built (it has Lore's manifest), so
// that `lore check` and a build with another destination never read an
// earlier build's output as content.
func isLoreOutput(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, manifestName))
	return err == nil
}
