package markdown

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/yuin/goldmark/parser"
)

// lineIndex turns offsets in a page's body into file lines and columns.
// It finds the line by binary search over the line starts, found once per
// page: counting newlines from the top for every link made a page with
// thousands of links cost the square of its size.
type lineIndex struct {
	body   []byte
	first  int   // the file line of the body's first line
	starts []int // offset of each line's start; built on first use
	// The last answer: links come in order, so the next column is counted
	// on from it rather than from the line's start, which on one long line
	// of links (a pasted index) cost the square of its length.
	lastLine, lastOff, lastCol int
}

func newLineIndex(p *page.Page) *lineIndex { return &lineIndex{body: p.Body, first: p.BodyLine} }

// lineCol is the file line and the column (in characters, as editors and
// GitHub annotations count) of a body offset.
func (x *lineIndex) lineCol(offset int) (line, col int) {
	if x.starts == nil {
		x.starts = append(make([]int, 0, bytes.Count(x.body, []byte("\n"))+1), 0)
		for i, c := range x.body {
			if c == '\n' {
				x.starts = append(x.starts, i+1)
			}
		}
	}
	offset = max(0, min(offset, len(x.body)))
	i := sort.SearchInts(x.starts, offset+1) - 1
	from, col := x.starts[i], 1
	if x.lastCol > 0 && i == x.lastLine && x.lastOff >= from && x.lastOff <= offset {
		from, col = x.lastOff, x.lastCol
	}
	col += utf8.RuneCount(x.body[from:offset])
	x.lastLine, x.lastOff, x.lastCol = i, offset, col
	return x.first + i, col
}

// linesKey carries the page's lineIndex through parser.Context.
var linesKey = parser.NewContextKey()

func linesFrom(pc parser.Context) *lineIndex {
	x, _ := pc.Get(linesKey).(*lineIndex)
	return x
}
