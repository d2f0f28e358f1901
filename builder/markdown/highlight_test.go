package markdown

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// Every token colour of the generated stylesheet reads at 4.5:1 or more
// against the code background, in both default styles (github's .bp was
// 4.49:1, its line numbers 3.74:1).
func TestHighlightCSSContrast(t *testing.T) {
	css, err := HighlightCSS("github", "github-dark")
	if err != nil {
		t.Fatal(err)
	}
	light, dark := chroma.MustParseColour("#ffffff"), chroma.MustParseColour("#0d1117")
	rule := regexp.MustCompile(`(?m)^(html\[data-theme="dark"\] )?\.chroma \.(\w+) \{ ([^}]*)\}`)
	colour := regexp.MustCompile(`(?:^|; )color: (#[0-9a-f]{6})`)
	n := 0
	for _, m := range rule.FindAllStringSubmatch(string(css), -1) {
		c := colour.FindStringSubmatch(m[3])
		if c == nil || regexp.MustCompile(`background-color`).MatchString(m[3]) {
			continue
		}
		bg := light
		if m[1] != "" {
			bg = dark
		}
		n++
		if r := contrast(chroma.MustParseColour(c[1]), bg); r < minContrast {
			t.Errorf("%s.%s %s: %s:1", m[1], m[2], c[1], strconv.FormatFloat(r, 'f', 2, 64))
		}
	}
	if n < 20 {
		t.Fatalf("only %d token colours found in:\n%s", n, css)
	}
}
