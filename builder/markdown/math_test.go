package markdown

import (
	"strings"
	"testing"
)

func TestMaths(t *testing.T) {
	p := render(t, `Euler: $e^{i\pi} + 1 = 0$, and $$\sum_i x_i$$ in a sentence.

Prices stay prose: $5 and $10, $ 3 $, costs $4$5, \$x\$ and `+"`$HOME`"+`.

$$
\int_0^1 x^2 < 1
$$

$$ a \neq b $$

$$
x_1 * y_2 [[not a link]]
$$
`)
	html := string(p.BodyHTML)
	for _, want := range []string{
		`Euler: <span class="math">e^{i\pi} + 1 = 0</span>, and <span class="math math-display">\sum_i x_i</span> in a sentence.`,
		`Prices stay prose: $5 and $10, $ 3 $, costs $4$5, $x$ and <code>$HOME</code>.`,
		"<div class=\"math math-display\">\\int_0^1 x^2 &lt; 1\n</div>",
		`<div class="math math-display"> a \neq b </div>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
	if !strings.Contains(html, "<div class=\"math math-display\">x_1 * y_2 [[not a link]]\n</div>") || len(p.Links) > 0 {
		t.Errorf("TeX in a display block was read as Markdown: links %v\n%s", p.Links, html)
	}
	if !p.HasMath {
		t.Error("page with maths not marked")
	}
	if plain := render(t, "Costs $5 and $10.\n"); plain.HasMath {
		t.Error("prices marked as maths")
	}
	// Prices before a formula in the same paragraph stay prices.
	mixed := string(render(t, "Price $5 and $10 total. Math $a^2$ here. Costs $0 and saves $$$.\n").BodyHTML)
	if want := `<p>Price $5 and $10 total. Math <span class="math">a^2</span> here. Costs $0 and saves $$$.</p>`; !strings.Contains(mixed, want) {
		t.Errorf("prices and a formula:\n%s\nwant %s", mixed, want)
	}
	// In a table the bar is escaped for the table: TeX gets a plain bar.
	cell := string(render(t, "| a | $\\{x \\| x > 0\\}$ |\n|---|---|\n| 1 | 2 |\n").BodyHTML)
	if !strings.Contains(cell, `<span class="math">\{x | x &gt; 0\}</span>`) {
		t.Errorf("maths in a table cell:\n%s", cell)
	}
	// A $ in a link's text and another in its address are no maths.
	link := string(render(t, "See [$http service](https://docs.angularjs.org/api/ng/service/$http).\n").BodyHTML)
	if strings.Contains(link, "math") || !strings.Contains(link, "$http service") {
		t.Errorf("a link with dollars:\n%s", link)
	}
	unclosed := render(t, "$$5 million, we said.\n\nThe rest of the page.\n")
	if unclosed.HasMath || !strings.Contains(string(unclosed.BodyHTML), "<p>The rest of the page.</p>") {
		t.Errorf("an unclosed $$ swallowed the page:\n%s", unclosed.BodyHTML)
	}
}
