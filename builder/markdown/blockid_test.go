package markdown

import (
	"strings"
	"testing"
)

func TestBlockIDs(t *testing.T) {
	p := render(t, `We chose Postgres, see [[ADR 7]]. ^decision-1

- first item ^item-a
- second item
  - nested ^item-b

> A quote worth linking.

^quote-1

| a | b |
|---|---|
| 1 | 2 |

^table-1

Not IDs: x^2, 2^10 and a ^caret! in the middle, **bold** ^bold-1

^orphan-heading-next
## Heading ^not-here
`)
	html := string(p.BodyHTML)
	for _, want := range []string{
		`<p id="^decision-1">We chose Postgres, see `,
		`<li id="^item-a">first item</li>`,
		`<li id="^item-b">nested</li>`,
		`<blockquote id="^quote-1">`,
		`<table id="^table-1">`,
		`Not IDs: x^2, 2^10 and a ^caret! in the middle, <strong>bold</strong></p>`,
		`Heading ^not-here</h2>`,
		`<p>^orphan-heading-next</p>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
	if strings.Contains(html, ">^quote-1<") || strings.Contains(html, "^decision-1<") {
		t.Errorf("marker shown:\n%s", html)
	}
	if got := strings.Join(p.BlockIDs, ","); got != "decision-1,item-a,item-b,quote-1,table-1,bold-1" {
		t.Errorf("block IDs %s", got)
	}
	if len(p.Links) != 1 || strings.Contains(p.Links[0].Context, "^") {
		t.Errorf("link context %+v", p.Links)
	}
}

// A version range at the end of a line is text, not a block ID.
func TestVersionRangesAreNotBlockIDs(t *testing.T) {
	p := render(t, "- Updated react peer dependency to ^18\n- Supports node ^20 || ^22\n\nRequires typescript ^5\n")
	html := string(p.BodyHTML)
	for _, want := range []string{"dependency to ^18</li>", "^20 || ^22</li>", "<p>Requires typescript ^5</p>"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if len(p.BlockIDs) != 0 {
		t.Errorf("block IDs %v", p.BlockIDs)
	}
}

func TestSectionHTMLBlock(t *testing.T) {
	p := render(t, "Intro. ^p1\n\n- one ^li1\n  - deeper\n- two\n\n> quoted\n> > nested quote\n\n^q1\n")
	for id, want := range map[string]string{
		"^p1":  "<p id=\"^p1\">Intro.</p>\n",
		"^li1": "<ul>\n<li id=\"^li1\">one\n<ul>\n<li>deeper</li>\n</ul>\n</li>\n</ul>\n",
		"^q1":  "<blockquote id=\"^q1\"><p>quoted</p>\n<blockquote>\n<p>nested quote</p>\n</blockquote>\n</blockquote>\n",
	} {
		got, ok := SectionHTML(p, id)
		if !ok || string(got) != want {
			t.Errorf("SectionHTML(%s) = %q, %v; want %q", id, got, ok, want)
		}
	}
	if _, ok := SectionHTML(p, "^nope"); ok {
		t.Error("unknown block found")
	}
}
