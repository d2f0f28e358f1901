package markdown

import (
	"strings"
	"testing"
)

func TestFencedAdmonitions(t *testing.T) {
	p := render(t, ":::note\n\nA **note**.\n\n:::\n\n:::tip My Tip Title\nTip body.\n:::\n\n:::danger[Bracket title]\nDanger.\n:::\n\n"+
		"::::warning\nOuter.\n\n:::info\nInner.\n:::\n\n::::\n\nAfter.\n")
	html := string(p.BodyHTML)
	for _, want := range []string{
		`<div class="callout callout-note" data-callout="note">`,
		`<span class="callout-title-text">Note</span></div>` + "\n<div class=\"callout-content\">\n<p>A <strong>note</strong>.</p>",
		`<span class="callout-title-text">My Tip Title</span>`,
		`<span class="callout-title-text">Bracket title</span>`,
		"<p>Outer.</p>\n<div class=\"callout callout-info\" data-callout=\"info\">",
		"</div>\n</div>\n<p>After.</p>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, ":::") {
		t.Errorf("a fence was left as text:\n%s", html)
	}
	// A ":::" line in a code block of the body, or indented in a list
	// item, does not close the admonition.
	code := string(render(t, ":::danger\n```text\n:::\n```\n:::\n\nAfter.\n").BodyHTML)
	if !strings.Contains(code, "<code>:::\n</code>") || !strings.Contains(code, "</div>\n</div>\n<p>After.</p>") {
		t.Errorf("a ::: in code closed the admonition:\n%s", code)
	}
	list := string(render(t, ":::note\n- item\n\n  :::tip\n  nested\n  :::\n- more\n:::\n\nAfter.\n").BodyHTML)
	if !strings.Contains(list, "<p>more</p>\n</li>\n</ul>\n</div>\n</div>\n<p>After.</p>") || strings.Contains(list, ":::") {
		t.Errorf("a nested admonition in a list:\n%s", list)
	}
	// An unclosed fence is text, not the rest of the page.
	open := string(render(t, ":::note\nNever closed.\n\nThe rest.\n").BodyHTML)
	if strings.Contains(open, "callout") || !strings.Contains(open, "<p>The rest.</p>") {
		t.Errorf("an unclosed ::: swallowed the page:\n%s", open)
	}
}
