package builder

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"gopkg.in/yaml.v3"
)

// folderCategory is what a Docusaurus _category_ file says of its folder:
// the sidebar label and position.
type folderCategory struct {
	Label    string   `json:"label" yaml:"label"`
	Position *float64 `json:"position" yaml:"position"`
}

// categoryFiles are the names Docusaurus reads, in the order it prefers.
var categoryFiles = []string{"_category_.json", "_category_.yml", "_category_.yaml"}

// readCategory reads the _category_ file of a content folder, so a
// Docusaurus docs/ folder keeps its sidebar's folder names and order. A
// file that cannot be read is reported and passed over.
func (b *build) readCategory(dir string) (folderCategory, bool) {
	for _, name := range categoryFiles {
		rel := path.Join(dir, name)
		// Most folders have none: asked of the system in one call, before
		// an os.Root opens each folder on the way down.
		if _, err := os.Lstat(filepath.Join(b.cfg.ContentPath(), filepath.FromSlash(rel))); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		data, err := config.ReadInside(b.cfg.ContentPath(), rel)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			b.site.report(diag.Warnf(rel, 0, 0, diag.CodeConfig, "Docusaurus category file: %v", err), rel, diag.CodeConfig)
			return folderCategory{}, false
		}
		var c folderCategory
		if path.Ext(name) == ".json" {
			err = json.Unmarshal(data, &c)
		} else {
			err = yaml.Unmarshal(data, &c)
		}
		if err != nil {
			line, msg := 0, err.Error()
			if path.Ext(name) != ".json" {
				line, msg = diag.YAMLError(err, data)
			}
			b.site.report(diag.Warnf(rel, line, 0, diag.CodeConfig, "Docusaurus category file: %s", msg), rel, diag.CodeConfig)
			return folderCategory{}, false
		}
		return c, true
	}
	return folderCategory{}, false
}
