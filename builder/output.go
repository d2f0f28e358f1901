package builder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/lore-wiki/lore/builder/config"
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
//
// One build at a time writes to a destination: a second waits for the
// first, which would otherwise carry the other's files away.
type StagedDir struct {
	dest    string
	staging string
	mu      sync.Mutex
	written []string
	dirs    map[string]bool
	unlock  func()
	// keep is set when files carried over from the destination could not
	// be put back after a failed Commit: the staging folder then holds the
	// only copy, and the next build returns them (recoverInterrupted).
	keep bool
}

// NewStagedDir creates the staging folder next to dest. A dest that is a
// symlink (public -> /var/www/wiki) is written where it points, and the
// new site gets the old one's permissions, or a web server's usual 0755.
func NewStagedDir(dest string) (*StagedDir, error) { return NewStagedDirWaiting(dest, nil) }

// NewStagedDirWaiting is NewStagedDir that calls waiting once when another
// build holds dest, before it waits for that build to finish.
func NewStagedDirWaiting(dest string, waiting func()) (*StagedDir, error) {
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
	unlock, err := lockFile(filepath.Join(parent, "."+filepath.Base(dest)+".lore-lock"), waiting)
	if err != nil {
		return nil, fmt.Errorf("write: lock %s: %w", dest, err)
	}
	prefix := "." + filepath.Base(dest) + ".lore-staging-"
	if err := recoverInterrupted(parent, prefix, dest); err != nil {
		unlock()
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		unlock()
		return nil, fmt.Errorf("write: %w", err)
	}
	// MkdirTemp makes a private 0700 folder; published, it would be
	// unreadable to a web server running as another user.
	if err := os.Chmod(staging, perm); err != nil {
		_ = os.RemoveAll(staging)
		unlock()
		return nil, fmt.Errorf("write: %w", err)
	}
	return &StagedDir{dest: dest, staging: staging, dirs: map[string]bool{}, unlock: unlock}, nil
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
// It also refuses one reached through a symlink inside the site that
// points out of it.
func CheckDestination(siteDir, contentDir, dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	dest = abs
	// The site's folders are resolved (config.Load): so is the destination,
	// through a symlink of its own or of a folder above it.
	if real, err := filepath.EvalSymlinks(dest); err == nil {
		dest = real
	}
	for _, src := range []string{siteDir, contentDir} {
		if config.Within(src, dest) {
			return fmt.Errorf("destination %s holds the site's sources (%s); give a folder of its own, such as public/ inside the site", dest, src)
		}
	}
	if link, target, ok := config.LinkOut(siteDir, abs); ok {
		return fmt.Errorf("destination %s goes through %s, a symlink inside the site folder to %s outside it; Lore does not follow it, since a symlink committed to the repository could send a build anywhere: give that folder itself with -d", abs, link, target)
	}
	return nil
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
