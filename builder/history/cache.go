package history

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
)

// cacheVersion changes whenever what Load computes changes, so an old
// cache is never read as a new one.
const cacheVersion = 2

// cached is what a cache file holds: the history as Load computed it, the
// commit it was computed at, and the other inputs it depends on.
type cached struct {
	Head    string
	Base    string
	Files   map[string]FileHistory
	Commits []Commit
}

// cacheID names the inputs the history depends on. head is the commit
// checked out; base is everything else: where the content folder is in the
// repository, whether the clone is shallow, and .mailmap, which renames
// people. The work tree does not matter: only committed files have history.
type cacheID struct{ head, base string }

func cacheIdent(ctx context.Context, git, root, prefix string, shallow bool) cacheID {
	cmd := gitCmd(ctx, git, root, "rev-parse", "--verify", "-q", "HEAD")
	out, err := cmd.Output()
	if err != nil {
		return cacheID{} // no commits yet, or git failed: do not cache
	}
	h := sha256.New()
	mailmap, _ := os.ReadFile(filepath.Join(root, ".mailmap"))
	for _, part := range []string{prefix, boolString(shallow), string(mailmap)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write([]byte{cacheVersion})
	return cacheID{head: strings.TrimSpace(string(out)), base: hex.EncodeToString(h.Sum(nil))}
}

func boolString(b bool) string {
	if b {
		return "shallow"
	}
	return "full"
}

// readCache returns the cached history when file holds one computed with
// the same inputs as id apart, perhaps, from the commit.
func readCache(file string, id cacheID) (*cached, bool) {
	if id.head == "" {
		return nil, false
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	var c cached
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil || c.Base != id.base || c.Head == "" {
		return nil, false
	}
	return &c, true
}

// writeCache stores the history computed at id. It is only a cache: a
// failure to write it costs the next build a `git log`, nothing else.
func writeCache(file string, id cacheID, h *History) {
	if id.head == "" {
		return
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(cached{Head: id.head, Base: id.base, Files: h.files, Commits: h.commits}); err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return
	}
	_ = os.Rename(tmp, file)
}
