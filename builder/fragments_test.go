package builder

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestPartialCached checks the semantics themes rely on: one execution per
// name and variants within a build, shared by every page that passes the
// same variants, and nothing carried into the next build.
func TestPartialCached(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "layouts/base.html"), `{{define "who"}}{{.Title}}{{end}}`+
		`<p>cached={{partialCached "who" . .Kind}} own={{template "who" .}}</p>{{block "main" .}}{{end}}`)
	writeFile(t, filepath.Join(dir, "content/index.md"), "# Home\n")
	const pages = 30
	for i := range pages {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("content/p%02d.md", i)), fmt.Sprintf("# Page %02d\n", i))
	}
	marker := func(out *MemOutput, file string) (cached, own string) {
		t.Helper()
		_, rest, ok := strings.Cut(string(out.Files[file]), "<p>cached=")
		if !ok {
			t.Fatalf("%s has no marker", file)
		}
		cached, rest, _ = strings.Cut(rest, " own=")
		own, _, _ = strings.Cut(rest, "</p>")
		return cached, own
	}
	seen := map[string]bool{}
	for build := range 2 {
		if build == 1 {
			// The next build sees new data, never the last build's fragments.
			for i := range pages {
				writeFile(t, filepath.Join(dir, fmt.Sprintf("content/p%02d.md", i)), fmt.Sprintf("# Build two %02d\n", i))
			}
		}
		_, out, err := buildFixture(t, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		shared, _ := marker(out, "p00/index.html")
		for i := range pages {
			c, own := marker(out, fmt.Sprintf("p%02d/index.html", i))
			if c != shared {
				t.Errorf("build %d, page %d: cached %q, want %q shared by every page", build, i, c, shared)
			}
			if want := fmt.Sprintf("%02d", i); !strings.HasSuffix(own, want) {
				t.Errorf("build %d, page %d: own title %q", build, i, own)
			}
		}
		if seen[shared] {
			t.Errorf("build %d reused fragment %q", build, shared)
		}
		seen[shared] = true
		if c, own := marker(out, "index.html"); c != own {
			t.Errorf("home: cached %q, own %q; another kind is another variant", c, own)
		}
	}
}
