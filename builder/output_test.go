package builder

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A build killed mid-way leaves its staging folder; the next build beside
// the same destination removes it once it is old enough not to be another
// build's, and keeps a previous site moved aside by a cut-short swap.
func TestStaleStagingRemoved(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	old := time.Now().Add(-2 * staleAfter)
	mk := func(name string, mod time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "a"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := mk(".public.lore-staging-111", old)
	running := mk(".public.lore-staging-222", time.Now())
	swapped := mk(".public.lore-staging-333.old", old)
	other := mk(".docs.lore-staging-444", old)

	s, err := NewStagedDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	for p, want := range map[string]bool{stale: false, running: true, swapped: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
	if st, err := os.Stat(s.Path()); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("staging folder mode %v (%v), want 0755", st.Mode().Perm(), err)
	}
}
