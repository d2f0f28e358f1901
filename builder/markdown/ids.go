package markdown

import (
	"strconv"

	"github.com/lore-wiki/lore/builder/slug"
	"github.com/yuin/goldmark/ast"
)

// headingIDs generates heading IDs with slug.Make, the same function that
// resolves [[Note#Heading]], so hand-written anchors and generated IDs agree.
// Repeated headings get -1, -2... as in GitHub and Obsidian.
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }
