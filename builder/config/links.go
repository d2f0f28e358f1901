package config

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LinkOut finds a symlink inside the site folder dir that leads path out
// of it, and where it leads. Lore writes into the destination and its
// cache folder; a symlink committed to the repository (public -> ~/.ssh)
// would otherwise choose what a CI build on a pull request writes over.
func LinkOut(dir, path string) (link, target string, ok bool) {
	path, err := filepath.Abs(path)
	if err != nil {
		return "", "", false
	}
	vol := filepath.VolumeName(path)
	sep := string(filepath.Separator)
	cur := vol + sep
	for _, part := range strings.Split(strings.TrimPrefix(path[len(vol):], sep), sep) {
		next := filepath.Join(cur, part)
		st, err := os.Lstat(next)
		if err != nil {
			return "", "", false // the rest is made by the build
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(next)
			if err != nil {
				return "", "", false // broken: whoever writes there says so
			}
			if Within(next, dir) && !Within(real, dir) {
				return next, real, true
			}
			next = real
		}
		cur = next
	}
	return "", "", false
}

// ReadInside reads the file rel of dir, refusing a symlink that leads out
// of dir: settings files kept among the notes (.obsidian/templates.json,
// a Docusaurus _category_.yml) follow the rule the notes do, so a link in
// a pull request cannot show a file from elsewhere in the site or the log.
func ReadInside(dir, rel string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.ReadFile(filepath.FromSlash(rel))
}

// Within reports whether path is dir or inside it.
func Within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
