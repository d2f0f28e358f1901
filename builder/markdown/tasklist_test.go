package markdown

import (
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

// TestTaskMarkerNeedsSpaceAfter checks that "[x](url)" at the start of a
// list item is a link, as GFM and Obsidian read it, and not a ticked box
// followed by "(url)".
func TestTaskMarkerNeedsSpaceAfter(t *testing.T) {
	p := render(t, "- [x](other.md) link whose text is x\n- [X](https://example.com) twitter\n")
	html := string(p.BodyHTML)
	if strings.Contains(html, "checkbox") || len(p.Tasks) != 0 {
		t.Errorf("links read as tasks: %s %+v", html, p.Tasks)
	}
	if len(p.Links) != 1 || p.Links[0].Target != "other.md" {
		t.Errorf("link to other.md lost: %+v", p.Links)
	}
	if !strings.Contains(html, `<a href="https://example.com">X</a> twitter`) {
		t.Errorf("external link lost: %s", html)
	}
}

func TestTaskItems(t *testing.T) {
	for _, tc := range []struct {
		name, src, html string
		task            page.Task // Line and Heading are not compared
	}{
		{"open", "- [ ] todo\n", `<li><input aria-label="todo" disabled="" type="checkbox"> todo</li>`,
			page.Task{Text: "todo", Mark: " "}},
		{"done", "- [x] done\n", `<li data-task="x"><input checked="" aria-label="done" disabled="" type="checkbox"> done</li>`,
			page.Task{Text: "done", Done: true, Mark: "x"}},
		{"done upper case", "* [X] done\n", `<li data-task="X"><input checked="" aria-label="done" disabled="" type="checkbox"> done</li>`,
			page.Task{Text: "done", Done: true, Mark: "X"}},
		{"tab after", "- [x]\tdone\n", `<li data-task="x"><input checked="" aria-label="done" disabled="" type="checkbox"> done</li>`,
			page.Task{Text: "done", Done: true, Mark: "x"}},
		{"nothing after", "- [ ]\n", `<li><input disabled="" type="checkbox"> </li>`,
			page.Task{Mark: " "}},
		{"tab inside is open", "- [\t] todo\n", `<li><input aria-label="todo" disabled="" type="checkbox"> todo</li>`,
			page.Task{Text: "todo", Mark: " "}},
		{"ordered", "1. [x] first\n", `<li data-task="x"><input checked="" aria-label="first" disabled="" type="checkbox"> first</li>`,
			page.Task{Text: "first", Done: true, Mark: "x"}},
		// Obsidian's custom states: ticked, not done, the mark kept.
		{"in progress", "- [/] in progress\n", `<li data-task="/"><input checked="" aria-label="in progress" disabled="" type="checkbox"> in progress</li>`,
			page.Task{Text: "in progress", Mark: "/"}},
		{"cancelled", "- [-] cancelled\n", `<li data-task="-"><input checked="" aria-label="cancelled" disabled="" type="checkbox"> cancelled</li>`,
			page.Task{Text: "cancelled", Mark: "-"}},
		{"forwarded", "- [>] forwarded\n", `<li data-task="&gt;"><input checked="" aria-label="forwarded" disabled="" type="checkbox"> forwarded</li>`,
			page.Task{Text: "forwarded", Mark: ">"}},
		{"question", "- [?] question\n", `<li data-task="?"><input checked="" aria-label="question" disabled="" type="checkbox"> question</li>`,
			page.Task{Text: "question", Mark: "?"}},
		{"non-ASCII mark", "- [★] star\n", `<li data-task="★"><input checked="" aria-label="star" disabled="" type="checkbox"> star</li>`,
			page.Task{Text: "star", Mark: "★"}},
		{"loose list", "- a\n\n- [/] b\n", "<li data-task=\"/\">\n<p><input checked=\"\" aria-label=\"b\" disabled=\"\" type=\"checkbox\"> b</p>",
			page.Task{Text: "b", Mark: "/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := render(t, tc.src)
			if !strings.Contains(string(p.BodyHTML), tc.html) {
				t.Errorf("html\n%s\nwant it to contain\n%s", p.BodyHTML, tc.html)
			}
			if len(p.Tasks) != 1 {
				t.Fatalf("tasks %+v, want one", p.Tasks)
			}
			got := p.Tasks[0]
			got.Line, got.Heading = 0, ""
			if got != tc.task {
				t.Errorf("task %+v, want %+v", got, tc.task)
			}
		})
	}
}

func TestNotTaskItems(t *testing.T) {
	for _, src := range []string{
		"- [xx] two characters\n",
		"- [] nothing inside\n",
		"- [x]text without a space\n",
		"- text [x] not at the start\n",
		"- [[Note]] a wikilink\n",
		"[x] not in a list\n",
		// A shortcut reference link the author defined stays a link.
		"- [a] the reference\n\n[a]: https://example.com\n",
		// A numbered reference list, as GitHub shows it.
		"- [1] Smith, J. (2020). Accelerate.\n- [2] Forsgren, N.\n",
	} {
		p := render(t, src)
		if strings.Contains(string(p.BodyHTML), "checkbox") || strings.Contains(string(p.BodyHTML), "data-task") || len(p.Tasks) != 0 {
			t.Errorf("%q read as a task: %s %+v", src, p.BodyHTML, p.Tasks)
		}
	}
}
