package markdown

import (
	"strings"
	"testing"
)

func TestCodeInfo(t *testing.T) {
	for info, want := range map[string][2]string{
		"":                                  {"", ""},
		"Go":                                {"go", ""},
		`py title="hello.py" linenums="1"`:  {"py", "hello.py"},
		`jsx title='src/pages/x.js' {3}`:    {"jsx", "src/pages/x.js"},
		"js{1,3}":                           {"js", ""},
		"bash=":                             {"bash", ""},
		"{.python}":                         {"python", ""},
		"{.python .numberLines title=a.py}": {"python", "a.py"},
		"{}":                                {"", ""},
		"{":                                 {"", ""},
		"title=only":                        {"title", "only"},
	} {
		lang, title := codeInfo([]byte(info))
		if lang != want[0] || title != want[1] {
			t.Errorf("codeInfo(%q) = %q, %q, want %q, %q", info, lang, title, want[0], want[1])
		}
	}
}

func TestCodeTitle(t *testing.T) {
	html := string(render(t, "```py title=\"hello.py\"\nprint(1)\n```\n\n```js{1,3}\nlet a = 1\n```\n").BodyHTML)
	for _, want := range []string{
		`<div class="code-block" data-lang="py"><div class="code-title">hello.py</div><pre class="chroma" tabindex="0">`,
		`<div class="code-block" data-lang="js"><pre class="chroma" tabindex="0"><code><span class="kd">let </span>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
}
