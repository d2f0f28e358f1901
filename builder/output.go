package builder

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Output receives the files of a built site. Paths are slash-separated and
// relative to the site root ("retros/sprint-42/index.html").
type Output interface {
	WriteFile(path string, data []byte) error
}

// MemOutput keeps a built site in memory, for `lore serve` and `lore check`.
type MemOutput struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// NewMemOutput returns an empty in-memory output.
func NewMemOutput() *MemOutput { return &MemOutput{Files: map[string][]byte{}} }

func (m *MemOutput) WriteFile(path string, data []byte) error {
	m.mu.Lock()
	m.Files[path] = data
	m.mu.Unlock()
	return nil
}

// discard drops every file; `lore check` builds without writing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// Discard is an Output that keeps nothing.
func Discard() Output { return discard{} }

// manifestName lists, inside a destination, the files Lore wrote there, so
// that the next build can tell them apart from files someone else put there.
const manifestName = ".lore-manifest"

// StagedDir writes a site into a staging folder beside the destination and
// moves it into place only on Commit, so a failed or interrupted build never
// leaves a half-written or emptied site.
type StagedDir struct {
	dest    string
	staging string
	mu      sync.Mutex
	written []string
	dirs    map[string]bool
}

// NewStagedDir creates the staging folder next to dest. A dest that is a
// symlink (public -> /var/www/wiki) is written where it points, and the
// new site gets the old one's permissions, or a web server's usual 0755.
func NewStagedDir(dest string) (*StagedDir, error) {
	dest, err := resolveDest(dest)
	if err != nil {
		return nil, err
	}
	perm := fs.FileMode(0o755)
	if st, err := os.Stat(dest); err == nil {
		if !st.IsDir() {
			return nil, fmt.Errorf("write: destination %s is a file, not a folder", dest)
		}
		perm = st.Mode().Perm()
		if _, err := os.Stat(filepath.Join(dest, manifestName)); perm == 0o700 && err == nil {
			// Lore's own earlier builds published MkdirTemp's 0700 by
			// mistake; a user's choice would not come with our manifest.
			perm = 0o755
		}
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	prefix := "." + filepath.Base(dest) + ".lore-staging-"
	removeStaleStaging(parent, prefix)
	staging, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	// MkdirTemp makes a private 0700 folder; published, it would be
	// unreadable to a web server running as another user.
	if err := os.Chmod(staging, perm); err != nil {
		_ = os.RemoveAll(staging)
		return nil, fmt.Errorf("write: %w", err)
	}
	return &StagedDir{dest: dest, staging: staging, dirs: map[string]bool{}}, nil
}

// staleAfter is how old a staging folder must be before a build takes it
// for the leftover of a killed one rather than another build's, running.
const staleAfter = time.Hour

// removeStaleStaging deletes staging folders a killed build left beside
// the destination. A ".old" folder is a previous site moved aside during
// a swap: it is kept, being the only copy if the swap was cut short.
func removeStaleStaging(parent, prefix string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, prefix) || strings.HasSuffix(name, ".old") {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAfter {
			_ = os.RemoveAll(filepath.Join(parent, name))
		}
	}
}

// resolveDest is dest as an absolute path, through a symlink if it is one.
func resolveDest(dest string) (string, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	if st, err := os.Lstat(dest); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(dest)
		if err != nil {
			return "", fmt.Errorf("write: destination %s is a broken symlink", dest)
		}
		return real, nil
	}
	return dest, nil
}

// CheckDestination refuses a destination that is, or holds, the site or
// its content: replacing it would delete the notes the site is built from.
func CheckDestination(siteDir, contentDir, dest string) error {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	// The site's folders are resolved (config.Load): so is the destination,
	// through a symlink of its own or of a folder above it.
	if real, err := filepath.EvalSymlinks(dest); err == nil {
		dest = real
	}
	for _, src := range []string{siteDir, contentDir} {
		if within(src, dest) {
			return fmt.Errorf("destination %s holds the site's sources (%s); give a folder of its own, such as public/ inside the site", dest, src)
		}
	}
	return nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Path is the staging folder being written.
func (s *StagedDir) Path() string { return s.staging }

func (s *StagedDir) WriteFile(rel string, data []byte) error {
	full := filepath.Join(s.staging, filepath.FromSlash(rel))
	dir := filepath.Dir(full)
	s.mu.Lock()
	s.written = append(s.written, rel)
	if !s.dirs[dir] {
		// Under the lock, so no writer sees the folder as made before it is.
		if err := makeDir(dir); err != nil {
			s.mu.Unlock()
			return fmt.Errorf("write %s: %w", rel, err)
		}
		s.dirs[dir] = true
	}
	s.mu.Unlock()
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	return nil
}

// makeDir makes dir and any missing parents. A page's parent folder has
// nearly always been made already, by a sibling or the section's page, so
// one mkdir usually does instead of MkdirAll's stat of every level, for
// each of a site's thousands of page folders.
func makeDir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return nil
	}
	return os.MkdirAll(dir, 0o755)
}

// Discard removes the staging folder; the destination is untouched.
func (s *StagedDir) Discard() error { return os.RemoveAll(s.staging) }

// Commit replaces the destination with the staged site. Files in the
// destination that an earlier Lore build did not write (a CNAME, a .git
// folder of a gh-pages checkout) are carried over unless clean is set.
func (s *StagedDir) Commit(clean bool) error {
	s.mu.Lock()
	written := append([]string(nil), s.written...)
	s.mu.Unlock()
	sort.Strings(written)
	if err := os.WriteFile(filepath.Join(s.staging, manifestName), []byte(strings.Join(written, "\n")+"\n"), 0o644); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if _, err := os.Lstat(s.dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(s.staging, s.dest)
	}
	if !clean {
		if err := s.carryOver(); err != nil {
			return err
		}
	}
	old := s.staging + ".old"
	if err := os.Rename(s.dest, old); err != nil {
		return fmt.Errorf("write: replace %s: %w", s.dest, err)
	}
	if err := os.Rename(s.staging, s.dest); err != nil {
		// Put the previous site back rather than leave nothing.
		_ = os.Rename(old, s.dest)
		return fmt.Errorf("write: replace %s: %w", s.dest, err)
	}
	return os.RemoveAll(old)
}

// carryOver moves files that Lore did not write from the old destination
// into the staging folder, where the new site does not have them.
func (s *StagedDir) carryOver() error {
	ours := map[string]bool{manifestName: true}
	if data, err := os.ReadFile(filepath.Join(s.dest, manifestName)); err == nil {
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(l) > 0 {
				ours[string(l)] = true
			}
		}
	}
	ourDirs := map[string]bool{}
	for p := range ours {
		for d := path.Dir(p); d != "." && !ourDirs[d]; d = path.Dir(d) {
			ourDirs[d] = true
		}
	}
	return filepath.WalkDir(s.dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.dest, p)
		if rel == "." {
			return nil
		}
		slashRel := filepath.ToSlash(rel)
		if ours[slashRel] || (d.IsDir() && ourDirs[slashRel]) {
			return nil
		}
		target := filepath.Join(s.staging, rel)
		if _, err := os.Lstat(target); err == nil {
			return nil // the new build has its own file here
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.Rename(p, target); err != nil {
			return fmt.Errorf("write: keep %s: %w", rel, err)
		}
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
}
