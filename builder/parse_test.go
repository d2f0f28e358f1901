package builder

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/page"
)

type panickingRenderer struct{}

func (panickingRenderer) Render(*page.Page) error { panic("index out of range [7] with length 3") }

// A library panic on one odd file is that file's error, not a crash of
// the whole build.
func TestParseOneRecoversFromPanic(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "odd.md")
	if err := os.WriteFile(abs, []byte("# Odd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := parseOne(panickingRenderer{}, source{rel: "notes/odd.md", abs: abs}, page.Options{})
	var d *diag.Diagnostic
	if p != nil || !errors.As(err, &d) {
		t.Fatalf("got page %v, error %v", p, err)
	}
	if d.File != "notes/odd.md" || d.Severity != diag.Error || !strings.Contains(d.Message, "index out of range") {
		t.Errorf("diagnostic %+v", d)
	}
}
