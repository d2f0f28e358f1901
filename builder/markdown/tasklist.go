package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindTaskBox is the checkbox that starts a task-list item.
var KindTaskBox = ast.NewNodeKind("TaskBox")

// TaskBox is the [ ] or [x] that starts a task-list item. Mark is the
// character between the brackets: ' ' for an open task, 'x' or 'X' for a
// done one, or one of Obsidian's custom states ('/' in progress, '-'
// cancelled, '>' forwarded, '?' question...).
type TaskBox struct {
	ast.BaseInline
	Mark rune
}

func (n *TaskBox) Kind() ast.NodeKind { return KindTaskBox }

func (n *TaskBox) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Mark": string(n.Mark)}, nil)
}

// Checked reports whether the box is ticked: Obsidian ticks every mark
// but a space.
func (n *TaskBox) Checked() bool { return !isBlankMark(n.Mark) }

// Done reports whether the task is done, [x] or [X]; a custom state such
// as [/] (in progress) or [-] (cancelled) is ticked but not done.
func (n *TaskBox) Done() bool { return n.Mark == 'x' || n.Mark == 'X' }

// isBlankMark: a tab, or a no-break space pasted from a web page, is as
// open as a space.
func isBlankMark(r rune) bool { return unicode.IsSpace(r) }

// TaskLists replaces goldmark's GFM task lists, which take "[x](url)" at
// the start of a list item for a ticked box followed by "(url)": GFM and
// Obsidian both want white space after the box, so that is a link. Like
// Obsidian, any single character between the brackets makes a task
// ("- [/] in progress"); a ticked item's <li> carries it as data-task for
// themes to style.
type TaskLists struct{}

func (e *TaskLists) Extend(m goldmark.Markdown) {
	// Before the link parser (200) and wikilinks (199), as goldmark's own.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(&taskParser{}, 0)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&taskRenderer{}, 500)))
}

type taskParser struct{}

func (*taskParser) Trigger() []byte { return []byte{'['} }

func (*taskParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	item, ok := parent.Parent().(*ast.ListItem)
	if !ok || item.FirstChild() != parent || parent.HasChildren() {
		return nil // only at the very start of a list item
	}
	line, _ := block.PeekLine()
	mark, n := taskMark(line)
	if n == 0 {
		return nil
	}
	// "- [a] text" is a shortcut reference link when "[a]: url" is
	// defined; the author meant the link.
	if _, isRef := pc.Reference(util.ToLinkReference([]byte(string(mark)))); isRef {
		return nil
	}
	block.Advance(n)
	if isBlankMark(mark) {
		mark = ' '
	} else {
		item.SetAttributeString("data-task", string(mark))
	}
	return &TaskBox{Mark: mark}
}

// taskMark reads a task marker, "[c]" and the blanks after it, at the
// start of line. It returns the character and the marker's length, 0 when
// line does not start with one: the character must be a single one, and a
// space, a tab or the end of the line must follow the "]".
func taskMark(line []byte) (rune, int) {
	if len(line) < 3 || line[0] != '[' {
		return 0, 0
	}
	mark, size := utf8.DecodeRune(line[1:])
	// A digit is a numbered reference ("- [1] Smith, 2020"), as GitHub
	// shows it, not a task state.
	if mark == utf8.RuneError || mark == '[' || mark == ']' || mark < ' ' && mark != '\t' || unicode.IsDigit(mark) {
		return 0, 0
	}
	end := 1 + size
	if end >= len(line) || line[end] != ']' {
		return 0, 0
	}
	end++
	if end < len(line) && !util.IsSpace(line[end]) {
		return 0, 0
	}
	for end < len(line) && (line[end] == ' ' || line[end] == '\t') {
		end++
	}
	return mark, end
}

func (*taskParser) CloseBlock(parent ast.Node, pc parser.Context) {}

type taskRenderer struct{}

func (r *taskRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTaskBox, r.render)
}

// render writes the checkbox as GFM does, ticked for every mark but a space.
func (r *taskRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w.WriteString(`<input`)
	if n.(*TaskBox).Checked() {
		w.WriteString(` checked=""`)
	}
	// Named by its item's text, as a label would: screen readers
	// otherwise announce an unlabelled checkbox for every action item.
	if label := taskLabel(n, src); label != "" {
		w.WriteString(` aria-label="`)
		w.Write(util.EscapeHTML([]byte(label)))
		w.WriteString(`"`)
	}
	w.WriteString(` disabled="" type="checkbox"> `)
	return ast.WalkContinue, nil
}

// taskLabel is the text of the task that box n starts, shortened.
func taskLabel(n ast.Node, src []byte) string {
	return truncate(strings.Join(strings.Fields(plainText(n.Parent(), src)), " "), 100)
}
