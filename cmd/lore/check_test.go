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

// A message in the job summary reads as written: a note's author can
// neither format it, link from it, nor end its table cell.
func TestMarkdownCell(t *testing.T) {
	got := markdownCell("[[*emph* <b>x</b>]] a|b \\| `c` ![i](u)\nnext")
	want := "&#91;&#91;&#42;emph&#42; &lt;b&gt;x&lt;/b&gt;&#93;&#93; a&#124;b &#92;&#124; &#96;c&#96; &#33;&#91;i&#93;(u) next"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
