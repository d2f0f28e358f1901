package main

import (
	"bytes"
	"testing"

	"github.com/lore-wiki/lore/builder/diag"
)

// A problem of the whole site, with no file to name (the history of a
// checkout when there is no lore.yaml), is an annotation without file=,
// which GitHub shows on the run rather than attach to a folder.
func TestGitHubAnnotationWithoutFile(t *testing.T) {
	var b bytes.Buffer
	writeCheckGitHub(&b, diag.List{diag.Warnf("", 0, 0, diag.CodeHistory, "no history, 100%%")})
	want := "::warning title=lore history::no history, 100%25\n0 errors, 1 warning\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
