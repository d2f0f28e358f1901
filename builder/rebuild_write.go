package builder

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/lore-wiki/lore/builder/diag"
)

// themeChanges reloads templates when a layout changed and copies changed
// theme and static files.
func (s *Session) themeChanges(ctx context.Context, themePaths, staticPaths []string, pl *plan, out *nextWrite) error {
	b := s.b
	var themeStatic []string
	templates := false
	prefix := "themes/" + b.cfg.Theme + "/"
	for _, p := range themePaths {
		switch {
		case strings.HasPrefix(p, prefix+"static/"):
			themeStatic = append(themeStatic, strings.TrimPrefix(p, prefix+"static/"))
		case strings.HasPrefix(p, prefix+"static") || p == "themes" || p == strings.TrimSuffix(prefix, "/"):
			templates = true // a whole theme folder moved
			themeStatic = append(themeStatic, ".")
		case strings.HasPrefix(p, "layouts") || strings.HasPrefix(p, prefix):
			templates = true
		}
	}
	if !b.opt.Dev && len(themeStatic)+len(staticPaths) > 0 {
		templates = true // asset versions in every page change
	}
	if templates {
		b.site.Diagnostics = nil
		t, err := b.loadTheme()
		if err != nil {
			s.setDiags("theme", nil, []*diag.Diagnostic{asDiag(err, b.cfg)}, true)
		} else {
			b.theme = t
			s.setDiags("theme", nil, nil, true)
			pl.all = true
			themeStatic = append(themeStatic, ".")
		}
	}
	b.site.Diagnostics = nil
	for _, rel := range themeStatic {
		s.copyTree(ctx, out, "theme", "_lore/", rel, b.theme.Static(), nil)
	}
	if len(staticPaths) > 0 {
		dir := b.cfg.StaticPath()
		root, err := os.OpenRoot(dir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("static folder: %w", err)
		}
		var files []string
		for _, rel := range staticPaths {
			s.copyTree(ctx, out, "static", "", rel, nil, root)
			files = append(files, path.Join(b.cfg.StaticDir, rel))
			// With a site layouts/ folder, the site folder is a theme
			// layer too, and its static/ files are served under /_lore/.
			s.copyTree(ctx, out, "theme", "_lore/", rel, b.theme.Static(), nil)
		}
		if root != nil {
			root.Close()
		}
		s.setDiags("write", files, b.site.Diagnostics, false)
	}
	return nil
}

// copyTree publishes prefix+rel (a file, or every file of a folder) from
// fsys, or from root when it is set (the static folder, read confined),
// and removes the files it published there before that are gone.
func (s *Session) copyTree(ctx context.Context, out *nextWrite, kind, prefix, rel string, fsys fs.FS, root *os.Root) {
	if root != nil {
		fsys = root.FS()
	}
	found := map[string]bool{}
	if fsys != nil {
		_ = fs.WalkDir(fsys, rel, func(p string, d fs.DirEntry, err error) error {
			if err != nil || ctx.Err() != nil {
				return nil
			}
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if dir := optionalDir(p); kind == "theme" && dir != "" && !s.published[dir] {
				return nil // published with the first page that needs it
			}
			var data []byte
			if root != nil {
				var ok bool
				if data, ok = s.b.readStatic(root, p); !ok {
					return nil
				}
			} else if data, err = fs.ReadFile(fsys, p); err != nil {
				return nil
			}
			found[prefix+p] = true
			s.owned[prefix+p] = kind
			out.WriteFile(prefix+p, data)
			return nil
		})
	}
	top := prefix + rel
	for p, k := range s.owned {
		if k == kind && !found[p] && (rel == "." && strings.HasPrefix(p, prefix) || p == top || strings.HasPrefix(p, top+"/")) {
			delete(s.owned, p)
			out.remove(p)
		}
	}
}

// ownFiles records which outputs came from the static folder and the
// theme, so that a rebuild can remove them when their source goes.
func (s *Session) ownFiles() {
	s.owned = map[string]string{}
	if st := s.b.theme.Static(); st != nil {
		_ = fs.WalkDir(st, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				s.owned["_lore/"+p] = "theme"
			}
			return nil
		})
	}
	if root, err := os.OpenRoot(s.b.cfg.StaticPath()); err == nil {
		_ = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				s.owned[p] = "static"
			}
			return nil
		})
		root.Close()
	}
}

// publish hashes what the rebuild wrote, keeps only real changes in the
// result and swaps in the new file map.
func (s *Session) publish(out *nextWrite, res *Result, full bool) {
	next := out.files
	hashes := s.hashes
	if full || hashes == nil {
		hashes = make(map[string]uint64, len(next))
	}
	for p := range out.written {
		h := maphash.Bytes(s.seed, next[p])
		if old, ok := s.hashes[p]; !ok || old != h {
			res.Changed = append(res.Changed, p)
		}
		hashes[p] = h
	}
	if full {
		for p := range s.hashes {
			if _, ok := next[p]; !ok {
				res.Removed = append(res.Removed, p)
			}
		}
	} else {
		for p := range out.removed {
			if _, ok := next[p]; !ok {
				res.Removed = append(res.Removed, p)
				delete(hashes, p)
			}
		}
	}
	slices.Sort(res.Changed)
	slices.Sort(res.Removed)
	s.hashes = hashes
	s.files = next
}

// nextWrite collects a rebuild's output on top of a copy of the current
// files, so the published map is never written to.
type nextWrite struct {
	mu      sync.Mutex
	files   map[string][]byte
	written map[string]bool
	removed map[string]bool
}

func (s *Session) newWrite() *nextWrite {
	return &nextWrite{files: maps.Clone(s.files), written: map[string]bool{}, removed: map[string]bool{}}
}

func (w *nextWrite) WriteFile(p string, data []byte) error {
	w.mu.Lock()
	w.files[p] = data
	w.written[p] = true
	delete(w.removed, p)
	w.mu.Unlock()
	return nil
}

func (w *nextWrite) remove(p string) {
	w.mu.Lock()
	if _, ok := w.files[p]; ok {
		delete(w.files, p)
		w.removed[p] = true
	}
	delete(w.written, p)
	w.mu.Unlock()
}

// trackWrite records which paths one step wrote.
type trackWrite struct {
	next  *nextWrite
	mu    sync.Mutex
	wrote map[string]bool
}

func (t *trackWrite) WriteFile(p string, data []byte) error {
	t.mu.Lock()
	if t.wrote == nil {
		t.wrote = map[string]bool{}
	}
	t.wrote[p] = true
	t.mu.Unlock()
	return t.next.WriteFile(p, data)
}

func hasFile(w *nextWrite, p string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.files[p]
	return ok
}
