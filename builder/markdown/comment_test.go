package markdown

import (
	"strings"
	"testing"
)

func TestComments(t *testing.T) {
	p := render(t, `Visible %%hidden one%% shown, %%across
two lines%% and [[Public]] %%[[Secret]]%%.

%%
A private block, with [[Secret note]]

over two paragraphs.
%%

%% whole line %%

One paragraph,
%% a whole-line comment between its lines %%
stays one paragraph.

%%start%% of a paragraph, 50% done, `+"`%%code%%`"+`.

- item %%hidden in a list%%

`+"```\n%% in code %%\n```\n"+`
After the code.

%%
never closed, so this stays hidden
`)
	html := string(p.BodyHTML)
	for _, leak := range []string{"hidden", "across", "two lines", "Secret", "private", "paragraphs", "whole line", "whole-line comment", "start", "never closed"} {
		if strings.Contains(html, leak) || strings.Contains(p.Summary, leak) {
			t.Errorf("%q published:\n%s", leak, html)
		}
	}
	for _, want := range []string{"Visible  shown,  and", " of a paragraph, 50% done, <code>%%code%%</code>.", "<li>item", "%% in code %%", "After the code.", "<p>One paragraph,\n\nstays one paragraph.</p>"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
	if len(p.Links) != 1 || p.Links[0].Target != "Public" {
		t.Errorf("links in comments were recorded: %+v", p.Links)
	}
	for _, s := range p.Sections {
		if strings.Contains(s.Text, "hidden") || strings.Contains(s.Text, "Secret") {
			t.Errorf("comment in search text: %q", s.Text)
		}
	}
}

// A comment never closed hides the rest of the page, as in Obsidian, and
// says so at its line; a closed one says nothing.
func TestUnclosedCommentWarned(t *testing.T) {
	p := render(t, "Intro.\n\n%% Section one\nx = 1;\n\n## Usage\n\nHidden.\n")
	if strings.Contains(string(p.BodyHTML), "Hidden") {
		t.Errorf("the unclosed comment showed what it hides:\n%s", p.BodyHTML)
	}
	if len(p.Warnings) != 1 || !strings.HasPrefix(p.Warnings[0].Error(), "notes/x.md:3:1: warning: this %% comment is never closed, so it hides everything after it") {
		t.Errorf("warnings %v", p.Warnings)
	}
	if p := render(t, "%%\nprivate\n%%\n\nShown.\n"); len(p.Warnings) != 0 {
		t.Errorf("a closed comment warned: %v", p.Warnings)
	}
}
