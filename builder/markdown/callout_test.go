package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCallouts(t *testing.T) {
	cases := []struct{ src, want string }{
		{"> [!note] Open question\n> Body *text*.\n",
			"<div class=\"callout callout-note\" data-callout=\"note\">\n<div class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">Open question</span></div>\n<div class=\"callout-content\">\n<p>Body <em>text</em>.</p>\n</div>\n</div>\n"},
		{"> [!TIP]\n> Just a body.\n",
			"<div class=\"callout callout-tip\" data-callout=\"tip\">\n<div class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">Tip</span></div>\n<div class=\"callout-content\">\n<p>Just a body.</p>\n</div>\n</div>\n"},
		{"> [!warning]- Folded **title**\n> Hidden until opened.\n",
			"<details class=\"callout callout-warning\" data-callout=\"warning\">\n<summary class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">Folded <strong>title</strong></span></summary>\n<div class=\"callout-content\">\n<p>Hidden until opened.</p>\n</div>\n</details>\n"},
		{"> [!faq]+ Open by default\n",
			"<details class=\"callout callout-question\" data-callout=\"faq\" open>\n<summary class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">Open by default</span></summary>\n</details>\n"},
		{"> [!my-thing] Custom\n> x\n",
			"<div class=\"callout callout-note\" data-callout=\"my-thing\">\n<div class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">Custom</span></div>\n<div class=\"callout-content\">\n<p>x</p>\n</div>\n</div>\n"},
		{"> Plain quote [!note]\n", "<blockquote>\n<p>Plain quote [!note]</p>\n</blockquote>\n"},
	}
	for _, c := range cases {
		p := render(t, c.src)
		if got := string(p.BodyHTML); got != c.want {
			t.Errorf("%q\ngot  %q\nwant %q", c.src, got, c.want)
		}
	}
}

func TestCalloutAliases(t *testing.T) {
	for written, style := range map[string]string{
		"summary": "abstract", "tldr": "abstract", "hint": "tip", "important": "tip", "check": "success",
		"done": "success", "help": "question", "caution": "warning", "attention": "warning", "fail": "failure",
		"missing": "failure", "error": "danger", "cite": "quote", "bug": "bug", "example": "example",
		"info": "info", "todo": "todo", "unknown": "note",
	} {
		if got := CalloutType(written); got != style {
			t.Errorf("%s -> %s, want %s", written, got, style)
		}
	}
}

func TestCalloutNestedWithLinksAndLists(t *testing.T) {
	p := render(t, "> [!info] See [[Runbook|the runbook]]\n> - one\n> - two\n>\n> > [!bug]- Inner\n> > nested [[Other]]\n")
	html := marks(p)
	for _, want := range []string{
		`<span class="callout-title-text">See [L:0:the runbook]</span>`,
		"<ul>\n<li>one</li>",
		`<details class="callout callout-bug" data-callout="bug">`,
		"<p>nested [L:1:]</p>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if p.Links[0].Line != 1 || p.Links[0].Col != 15 || p.Links[1].Line != 6 || p.Links[1].Col != 12 {
		t.Errorf("positions %d:%d %d:%d", p.Links[0].Line, p.Links[0].Col, p.Links[1].Line, p.Links[1].Col)
	}
	if p.Links[0].Context != "See the runbook" {
		t.Errorf("title link context %q", p.Links[0].Context)
	}
}

// A callout type starting with a letter of several bytes titles the
// callout with it whole.
func TestCalloutTitleNonASCIIType(t *testing.T) {
	html := string(render(t, "> [!été]\n> Chaud.\n").BodyHTML)
	if !strings.Contains(html, ">Été</span>") || !utf8.ValidString(html) {
		t.Errorf("title in\n%s", html)
	}
}
