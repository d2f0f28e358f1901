//go:build unix

package builder

import (
	"errors"
	"os"
	"syscall"
)

// locking is true: builds into one destination take turns.
const locking = true

// lockFile takes an exclusive lock on the file at path, creating it, and
// calls waiting once if another process holds it. unlock removes the
// file; only a killed build leaves it, for the next one to remove.
func lockFile(path string, waiting func()) (unlock func(), err error) {
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			return nil, err
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if waiting != nil {
				waiting()
				waiting = nil
			}
			err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		// The holder before us removes the file as it lets go; a lock on
		// that removed file guards nothing, so lock the path's file anew.
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return func() {
				_ = os.Remove(path)
				_ = f.Close()
			}, nil
		}
		f.Close()
	}
}
