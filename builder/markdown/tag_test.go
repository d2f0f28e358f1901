package markdown

import (
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/page"
)

func TestInlineTags(t *testing.T) {
	src := "---\ntags: [Postgres]\n---\n#retro at the start, then #project/alpha and #postgres again.\n\n" +
		"Not tags: issue #42, C#, page#anchor, `#code`, &#35;, [see #linked](x.md), PRs #240/#348, #2024-01.\n\n## Heading #incident\n\n```sh\n# comment\n```\n"
	p, err := page.Parse("notes/x.md", []byte(src), page.Options{})
	if err != nil {
		t.Fatal(err)
	}
	md := New(Options{TagURL: func(tag string) string { return "/wiki/tags/" + tag + "/" }})
	if err := md.Render(p); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Tags, ","); got != "Postgres,retro,project/alpha,linked,incident" {
		t.Errorf("tags %s", got)
	}
	html := string(p.BodyHTML)
	for _, want := range []string{
		`<a class="tag" href="/wiki/tags/retro/">#retro</a> at the start`,
		`<a class="tag" href="/wiki/tags/project/alpha/">#project/alpha</a>`,
		`issue #42, C#, page#anchor, <code>#code</code>`,
		`PRs #240/#348, #2024-01.`,
		`<span class="tag">#linked</span>`,
		`<a class="tag" href="/wiki/tags/incident/">#incident</a></h2>`,
		"# comment",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
	if p.Summary != "#retro at the start, then #project/alpha and #postgres again." {
		t.Errorf("summary %q", p.Summary)
	}
}

func TestTagName(t *testing.T) {
	for in, want := range map[string]string{
		"retro rest": "retro", "42": "", "42nd": "42nd", "a/b/": "a/b", "café!": "café",
		"日本語 x": "日本語", "": "", " x": "", "under_score-dash.": "under_score-dash",
	} {
		if got := tagName([]byte(in)); got != want {
			t.Errorf("tagName(%q) = %q, want %q", in, got, want)
		}
	}
}
