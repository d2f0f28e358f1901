package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

func TestLineIndex(t *testing.T) {
	body := "first\nçà [[x]]\n\nlast"
	x := newLineIndex(&page.Page{Body: []byte(body), BodyLine: 4})
	for _, c := range []struct{ offset, line, col int }{
		{0, 4, 1}, {5, 4, 6}, {6, 5, 1},
		{strings.Index(body, "[["), 5, 4}, // two 2-byte letters count as two columns
		{strings.Index(body, "\n\n") + 1, 6, 1}, {len(body), 7, 5}, {len(body) + 10, 7, 5}, {-1, 4, 1},
		// Columns are counted on from the last answer on the same line, and
		// from the line's start when going back.
		{strings.Index(body, "[[") + 2, 5, 6}, {strings.Index(body, "[["), 5, 4}, {strings.Index(body, "ç") + 2, 5, 2},
	} {
		if line, col := x.lineCol(c.offset); line != c.line || col != c.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", c.offset, line, col, c.line, c.col)
		}
	}
}

// A page with thousands of links, such as a long meeting log: finding each
// link's line must not rescan the page from the top.
func BenchmarkManyLinks(b *testing.B) {
	benchmarkLinks(b, "Entry %d links [[note %d]] and [a file](notes/f%d.md).\n\n")
}

// BenchmarkLinksInOneParagraph is a link per line with no blank lines
// between: one block, whose excerpts must not each count the whole block.
func BenchmarkLinksInOneParagraph(b *testing.B) {
	benchmarkLinks(b, "Entry %d links [[note %d]] and [a file](notes/f%d.md).\n")
}

func benchmarkLinks(b *testing.B, line string) {
	for _, n := range []int{2000, 8000} {
		var sb strings.Builder
		for i := range n {
			fmt.Fprintf(&sb, line, i, i, i)
		}
		src := []byte(sb.String())
		md := New(Options{})
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				p, err := page.Parse("log.md", src, page.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := md.Render(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLinksOnOneLine is a pasted list of links with no line breaks
// at all (a generated index, a minified export): one line, one block.
func BenchmarkLinksOnOneLine(b *testing.B) {
	benchmarkLinks(b, "Entry %d links [[note %d]] and [a file](notes/f%d.md). ")
}

// BenchmarkRepeatedHeadings is a long changelog: every release has its
// "### Bug fixes", and each needs the next free -N.
func BenchmarkRepeatedHeadings(b *testing.B) {
	benchmarkSource(b, func(n int) string { return strings.Repeat("### Bug fixes\n\n- A fix.\n\n", n) })
}

// BenchmarkUnclosedFences is a page of ":::note" lines never closed: each
// must not look for its closing line through the rest of the page.
func BenchmarkUnclosedFences(b *testing.B) {
	benchmarkSource(b, func(n int) string { return strings.Repeat(":::note\n\n", n) })
}

// BenchmarkInlineFootnotes is a page of inline notes, numbered in order:
// putting them in order must not cost the square of their number.
func BenchmarkInlineFootnotes(b *testing.B) {
	benchmarkSource(b, func(n int) string { return strings.Repeat("x^[y] ", n) })
}

// BenchmarkOpenBrackets is a line of '[' that never closes: each "[[" must
// not look for "]]" through the rest of the line.
func BenchmarkOpenBrackets(b *testing.B) {
	benchmarkSource(b, func(n int) string { return strings.Repeat("[", 20*n) })
}

// benchmarkSource renders the page source(n) at two sizes, to show how its
// time grows.
func benchmarkSource(b *testing.B, source func(n int) string) {
	for _, n := range []int{2000, 8000} {
		src := []byte(source(n))
		md := New(Options{})
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				p, _ := page.Parse("x.md", src, page.Options{})
				if err := md.Render(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
