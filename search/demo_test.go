package search

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// demoPages returns the Markdown of Lore's demo wiki, real text for the
// analysis tests to compare on.
func demoPages(t *testing.T) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir("../content", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".md") {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			pages = append(pages, string(src))
		}
		return err
	})
	if err != nil || len(pages) < 50 {
		t.Fatalf("demo pages: %v (%d pages)", err, len(pages))
	}
	return pages
}
