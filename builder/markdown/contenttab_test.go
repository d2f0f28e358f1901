package markdown

import (
	"strings"
	"testing"
)

func TestContentTabs(t *testing.T) {
	html := string(render(t, "=== \"Linux\"\n\n    ```bash\n    apt install thing\n    ```\n\n=== \"macOS\"\n\n    brew install thing\n\nAfter.\n").BodyHTML)
	for _, want := range []string{
		"<div class=\"content-tab\"><p class=\"content-tab-title\">Linux</p>\n<div class=\"code-block\" data-lang=\"bash\">",
		"<div class=\"content-tab\"><p class=\"content-tab-title\">macOS</p>\n<p>brew install thing</p>\n</div>\n<p>After.</p>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, "===") {
		t.Errorf("a tab marker was left as text:\n%s", html)
	}
}
