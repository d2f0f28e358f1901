package markdown

import (
	"bytes"
	"regexp"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Snippets warns about MkDocs snippets (pymdownx.snippets), the
// `--8<-- "file.md"` lines that include another file. Lore does not
// include them, so the line shows as written; said at its line, a site
// moved from MkDocs finds every one with lore check. The MkDocs extension
// reads the lines before Markdown, in code blocks too (where a snippet
// most often fills a code example), so these are looked for line by
// line in the whole text; ";--8<--" is its escape and is left alone.
type Snippets struct{}

func (e *Snippets) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&snippetChecker{}, 900)))
}

// snippetRe matches a snippet line: the marker, then a quoted file, or
// nothing when it opens or closes a block of file names.
var snippetRe = regexp.MustCompile(`(?m)^[ \t]*-{1,}8<-{1,}[ \t]*(?:(["'])([^"'\r\n]+)["']|)[ \t]*\r?$`)

type snippetChecker struct{}

func (*snippetChecker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	lines := linesFrom(pc)
	if p == nil || lines == nil || !bytes.Contains(p.Body, []byte("8<-")) {
		return
	}
	inBlock := false
	for _, m := range snippetRe.FindAllSubmatchIndex(p.Body, -1) {
		l, c := lines.lineCol(m[0] + bytes.IndexByte(p.Body[m[0]:m[1]], '-'))
		if m[4] >= 0 {
			p.Warnings = append(p.Warnings, diag.Warnf(p.Path, l, c, diag.CodeUnsupported,
				"MkDocs snippet %q is not included: Lore has no snippets, so the line shows as written", string(p.Body[m[4]:m[5]])))
			continue
		}
		// A bare marker opens a block of file names and the next closes it.
		if !inBlock {
			p.Warnings = append(p.Warnings, diag.Warnf(p.Path, l, c, diag.CodeUnsupported,
				"MkDocs snippets block: the files it names are not included, and the lines show as written"))
		}
		inBlock = !inBlock
	}
}
