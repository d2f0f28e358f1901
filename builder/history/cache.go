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
const cacheVersion = 1

// cached is what a cache file holds: the history as Load computed it, and
// the key it was computed for.
type cached struct {
	Key     string
	Files   map[string]FileHistory
	Commits []Commit
}

// cacheKey names the inputs the history depends on: the commit checked
// out, where the content folder is in the repository, whether the clone is
// shallow, and .mailmap, which renames people. The work tree does not
// matter: only committed files have history.
func cacheKey(ctx context.Context, git, root, prefix string, shallow bool) string {
	cmd := gitCmd(ctx, git, root, "rev-parse", "--verify", "-q", "HEAD")
	out, err := cmd.Output()
	if err != nil {
		return "" // no commits yet, or git failed: do not cache
	}
	h := sha256.New()
	mailmap, _ := os.ReadFile(filepath.Join(root, ".mailmap"))
	for _, part := range []string{strings.TrimSpace(string(out)), prefix, boolString(shallow), string(mailmap)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write([]byte{cacheVersion})
	return hex.EncodeToString(h.Sum(nil))
}

func boolString(b bool) string {
	if b {
		return "shallow"
	}
	return "full"
}

// readCache returns the cached history when file holds one for key.
func readCache(file, key string) (*cached, bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	var c cached
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil || c.Key != key {
		return nil, false
	}
	return &c, true
}

// writeCache stores the history for key. It is only a cache: a failure to
// write it costs the next build a `git log`, nothing else.
func writeCache(file, key string, h *History) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(cached{Key: key, Files: h.files, Commits: h.commits}); err != nil {
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
