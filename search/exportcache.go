package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The export cache is a folder beside the bleve index holding the files of
// the last export and a stamp naming the generation they were exported from
// and the hash of each file. A stamp that does not match, a missing file or
// one whose bytes do not match its hash means exporting again.

type exportFile struct {
	name string
	data []byte
}

func (x *Index) exportDir() string { return filepath.Join(x.dir, "export") }

// exportStamp identifies the index content an export was made from.
func (x *Index) exportStamp() string {
	return fmt.Sprintf("lore-search-export %d %d", formatVersion, x.meta.Generation)
}

// cachedExport returns the cached export for stamp, manifest last, or nil.
func (x *Index) cachedExport(stamp string) []exportFile {
	raw, err := os.ReadFile(filepath.Join(x.exportDir(), "stamp"))
	if err != nil {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(lines) < 2 || lines[0] != stamp {
		return nil
	}
	files := make([]exportFile, 0, len(lines)-1)
	for _, l := range lines[1:] {
		sum, name, ok := strings.Cut(l, " ")
		if !ok || name == "stamp" || strings.ContainsAny(name, `/\`) {
			return nil
		}
		data, err := os.ReadFile(filepath.Join(x.exportDir(), name))
		if err != nil || fileSum(data) != sum {
			x.logf("search: cached export %s is damaged; exporting again", name)
			return nil
		}
		files = append(files, exportFile{name, data})
	}
	if files[len(files)-1].name != "manifest.json" {
		return nil
	}
	return files
}

// saveExport replaces the cached export with files.
func (x *Index) saveExport(stamp string, files []exportFile) error {
	tmp := x.exportDir() + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	var st bytes.Buffer
	st.WriteString(stamp + "\n")
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&st, "%s %s\n", fileSum(f.data), f.name)
	}
	if err := os.WriteFile(filepath.Join(tmp, "stamp"), st.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.RemoveAll(x.exportDir()); err != nil {
		return err
	}
	return os.Rename(tmp, x.exportDir())
}

func fileSum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:16])
}
