package theme

import (
	"errors"
	"io/fs"
	"path"
	"slices"
)

// overlay is a read-only file system made of layers: a file in an earlier
// layer hides the file of the same name in later ones. This is how a
// site's layouts/ and themes/<name>/ override the embedded default theme
// file by file.
type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	for _, l := range o {
		// Opening a named pipe waits for a writer: a FIFO left in a site's
		// layouts/ would hang the build, so only files and folders open.
		if st, err := fs.Stat(l, name); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
			return nil, &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
		}
		f, err := l.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

var errNotRegular = errors.New("not a regular file")

// stack is the overlay of the layers with the folder each one is in.
type stack struct {
	files overlay
	dirs  []string
}

func newStack(layers []Layer) stack {
	s := stack{}
	for _, l := range layers {
		s.files = append(s.files, l.FS)
		s.dirs = append(s.dirs, l.Dir)
	}
	return s
}

// source is the file name (layouts/page.html) as it is on disk relative
// to the site folder: under the folder of the layer that provides it, as
// overlay.Open picks it.
func (s stack) source(name string) string {
	for i, l := range s.files {
		// A file that is there but cannot be read (a symlink out of the
		// site) is the one Open fails on.
		if _, err := fs.Stat(l, name); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return path.Join(s.dirs[i], name)
		}
	}
	return name
}

// ReadDir merges the listings of every layer that has the folder.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	found := false
	for _, l := range o {
		entries, err := fs.ReadDir(l, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		found = true
		for _, e := range entries {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	return out, nil
}
