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
	"syscall"
	"time"
)

// Discard removes the staging folder; the destination is untouched. After
// a failed Commit that could not put back every file it had carried over
// from the destination, the folder is kept for the next build to finish
// putting them back.
func (s *StagedDir) Discard() error {
	defer s.release()
	if s.keep {
		return nil
	}
	return os.RemoveAll(s.staging)
}

func (s *StagedDir) release() {
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
}

// Commit replaces the destination with the staged site. Files in the
// destination that an earlier Lore build did not write (a CNAME, a .git
// folder of a gh-pages checkout) are carried over unless clean is set.
//
// Every step can be undone, or finished by the next build when this one
// is killed half-way (recoverInterrupted): the manifest written first
// marks the staging folder as holding a site being swapped in.
func (s *StagedDir) Commit(clean bool) error {
	defer s.release()
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
			return s.undo(err)
		}
	}
	old := s.staging + ".old"
	if err := os.Rename(s.dest, old); err != nil {
		return s.undo(fmt.Errorf("write: replace %s: %w", s.dest, mountHint(err)))
	}
	if err := os.Rename(s.staging, s.dest); err != nil {
		// Put the previous site back rather than leave nothing.
		if err2 := os.Rename(old, s.dest); err2 != nil {
			s.keep = true
			return fmt.Errorf("write: replace %s: %w; the previous site is in %s and the new one in %s, and the next build puts one back", s.dest, err, old, s.staging)
		}
		return s.undo(fmt.Errorf("write: replace %s: %w", s.dest, err))
	}
	return os.RemoveAll(old)
}

// undo returns the files carried over into the staging folder to the
// destination after Commit failed with err.
func (s *StagedDir) undo(err error) error {
	if err2 := returnCarried(s.staging, s.dest); err2 != nil {
		s.keep = true
		return fmt.Errorf("%w; %v: they are in %s, and the next build puts them back", err, err2, s.staging)
	}
	return err
}

// carryOver moves files that Lore did not write from the old destination
// into the staging folder, where the new site does not have them.
func (s *StagedDir) carryOver() error {
	ours, ourDirs := readManifest(s.dest)
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
			return fmt.Errorf("write: keep %s, which Lore did not write: the new site has a file where it is in a folder (%w); move it, or build with --clean-destination", slashRel, err)
		}
		if err := os.Rename(p, target); err != nil {
			return fmt.Errorf("write: keep %s, which Lore did not write: %w", slashRel, mountHint(err))
		}
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
}

// mountHint says what a rename failing with EBUSY or EXDEV most likely
// means here: the destination is a mount point, on another file system
// than the folder beside it where the new site is staged.
func mountHint(err error) error {
	if errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV) {
		return fmt.Errorf("%w; the destination looks like a mount point (a Docker volume), which cannot be swapped: build into a folder beside it and copy the site over", err)
	}
	return err
}

// readManifest lists the files a build wrote into dir, and their folders.
func readManifest(dir string) (files, dirs map[string]bool) {
	files = map[string]bool{manifestName: true}
	if data, err := os.ReadFile(filepath.Join(dir, manifestName)); err == nil {
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(l) > 0 {
				files[string(l)] = true
			}
		}
	}
	dirs = map[string]bool{}
	for p := range files {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return files, dirs
}

// returnCarried moves back into dest what staging holds besides the site
// its manifest lists: the files a Commit carried over. A file dest has
// again since is left where it is, and named in the error.
func returnCarried(staging, dest string) error {
	ours, ourDirs := readManifest(staging)
	var clash []string
	err := filepath.WalkDir(staging, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(staging, p)
		slashRel := filepath.ToSlash(rel)
		if rel == "." || ours[slashRel] || (d.IsDir() && ourDirs[slashRel]) {
			return nil
		}
		target := filepath.Join(dest, rel)
		if st, err := os.Lstat(target); err == nil {
			if d.IsDir() && st.IsDir() {
				return nil // merge into the folder dest has
			}
			clash = append(clash, slashRel)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.Rename(p, target); err != nil {
			return err
		}
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	})
	if err == nil && len(clash) > 0 {
		err = fmt.Errorf("could not put back %s, which %s holds again", strings.Join(clash, ", "), dest)
	}
	if err != nil {
		return fmt.Errorf("files carried over from %s were not all put back: %w", dest, err)
	}
	return nil
}

// staleAfter is how old a staging folder must be, where builds cannot
// lock their destination, before it is taken for a killed build's.
const staleAfter = time.Hour

// recoverInterrupted finishes or undoes what a build killed beside dest
// left behind, before the next build begins (it holds dest's lock, so no
// build is running):
//
//   - a staging folder without a manifest was never committed, and holds
//     nothing but its own output: it is removed;
//   - one with a manifest was being swapped in: with dest gone (killed
//     between the two renames) it becomes dest; otherwise the files it
//     carried over from dest go back there;
//   - a ".old" folder is a previous site moved aside: it becomes dest
//     again if dest is gone, and is removed once dest is there.
func recoverInterrupted(parent, prefix, dest string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	missing := func() bool {
		_, err := os.Lstat(dest)
		return errors.Is(err, fs.ErrNotExist)
	}
	var olds []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, prefix) {
			continue
		}
		p := filepath.Join(parent, name)
		if !locking {
			// Without a lock, a young folder may be a build running now.
			if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < staleAfter {
				continue
			}
		}
		if strings.HasSuffix(name, ".old") {
			olds = append(olds, p)
			continue
		}
		if _, err := os.Lstat(filepath.Join(p, manifestName)); err != nil {
			_ = os.RemoveAll(p)
			continue
		}
		if missing() {
			if err := os.Rename(p, dest); err != nil {
				return fmt.Errorf("write: finish the swap a killed build began: %w", err)
			}
			continue
		}
		if err := returnCarried(p, dest); err != nil {
			return fmt.Errorf("write: a killed build left %s: %w; move them back by hand", p, err)
		}
		_ = os.RemoveAll(p)
	}
	for _, p := range olds {
		if missing() {
			if err := os.Rename(p, dest); err != nil {
				return fmt.Errorf("write: put back the site a killed build moved aside: %w", err)
			}
			continue
		}
		_ = os.RemoveAll(p)
	}
	return nil
}
