package markdown

import (
	"strings"
	"testing"
)

func TestAdmonitions(t *testing.T) {
	p := render(t, `!!! warning "Rotate <before> Friday"
    The password expires on the **14th**.

    - step one
    - step [[Runbook]]

After it.

??? tip
    Folded, default title.

???+ danger inline end "Open"
	Tab-indented body.

!!! note
Not indented: an empty note, then a paragraph.

!!!nospace stays text
`)
	html := string(p.BodyHTML)
	for _, want := range []string{
		`<div class="callout callout-warning" data-callout="warning">`,
		`<span class="callout-title-text">Rotate &lt;before&gt; Friday</span>`,
		"<p>The password expires on the <strong>14th</strong>.</p>\n<ul>\n<li>step one</li>",
		"</div>\n</div>\n<p>After it.</p>",
		`<details class="callout callout-tip" data-callout="tip">`,
		`<summary class="callout-title"><span class="callout-icon" aria-hidden="true"></span><span class="callout-title-text">Tip</span>`,
		"<p>Folded, default title.</p>",
		`<details class="callout callout-danger" data-callout="danger" open>`,
		"<p>Tab-indented body.</p>",
		"<p>Not indented: an empty note, then a paragraph.</p>",
		"<p>!!!nospace stays text</p>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
	if len(p.Links) != 1 || p.Links[0].Target != "Runbook" {
		t.Errorf("links %+v", p.Links)
	}
}
