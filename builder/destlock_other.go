//go:build !unix

package builder

// lockFile does not lock where flock(2) is missing: two builds into one
// destination at once are not kept apart there.
func lockFile(path string, waiting func()) (unlock func(), err error) {
	return func() {}, nil
}
