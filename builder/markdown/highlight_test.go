package markdown

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/lexer"
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

// chroma's Jungle lexer returns empty tokens for ever on a lone quote
// (alecthomas/chroma#1377): the block is shown plain, with a warning at
// its fence, and the page still renders.
func TestHighlightLexerThatLoops(t *testing.T) {
	p := render(t, "# T\n\ntext\n\n```jungle\n\"\n```\n")
	html := string(p.BodyHTML)
	if !strings.Contains(html, `<code class="language-jungle">&quot;`) {
		t.Errorf("block not shown plain:\n%s", html)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Code != diag.CodeHighlight || p.Warnings[0].Line != 5 ||
		!strings.Contains(p.Warnings[0].Message, "Jungle lexer loops on it") {
		t.Errorf("warnings = %v", p.Warnings)
	}
}

// chroma's Raku lexer panics on this text (slice bounds out of range):
// the block is shown plain, with a warning, and the page still renders.
func TestHighlightLexerThatPanics(t *testing.T) {
	p := render(t, "# T\n\n```raku\nQ!000000\\!\n```\n")
	if html := string(p.BodyHTML); !strings.Contains(html, `<code class="language-raku">Q!000000\!`) {
		t.Errorf("block not shown plain:\n%s", html)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Code != diag.CodeHighlight || p.Warnings[0].Line != 3 ||
		!strings.Contains(p.Warnings[0].Message, "Raku lexer failed on it (runtime error: slice bounds out of range") {
		t.Errorf("warnings = %v", p.Warnings)
	}
}

// slowLexer takes a millisecond a token, as chroma's C lexer can on blank
// lines.
type slowLexer struct{ chroma.Lexer }

func (slowLexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	i := 0
	return func() chroma.Token {
		if i == len(text) {
			return chroma.EOF
		}
		i++
		time.Sleep(time.Millisecond)
		return chroma.Token{Type: chroma.Text, Value: text[i-1 : i]}
	}, nil
}

func TestHighlightLexerTooSlow(t *testing.T) {
	_, err := lex(slowLexer{}, strings.Repeat("\n", 1000), 50*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "took over 50ms") {
		t.Errorf("err = %v", err)
	}
	toks, err := lex(slowLexer{}, "ab", 50*time.Millisecond)
	if err != nil || len(toks) != 1 || toks[0].Value != "ab" {
		t.Errorf("a quick block: %v, %v", toks, err)
	}
}

// A big block gets time in proportion to its size, far beyond what
// ordinary code takes, so that a loaded machine does not leave it plain.
func TestHighlightBudget(t *testing.T) {
	if got := highlightBudget(100); got != 2*time.Second {
		t.Errorf("small block: %v", got)
	}
	if got := highlightBudget(1 << 20); got < 20*time.Second {
		t.Errorf("1 MB block: %v, less than ten times the 2 ms a kilobyte the slowest lexers take", got)
	}
}

// TestHighlightLexerEngine checks that code is lexed on package lexer's
// engine, which a plain chroma lexer would also highlight, only three
// times slower.
func TestHighlightLexerEngine(t *testing.T) {
	var r highlightRenderer
	for _, lang := range []string{"go", "sql", "python"} {
		if l := r.lexer(lang); !isEngine(l) {
			t.Errorf("lexer(%q) is a %T, want a *lexer.Lexer", lang, l)
		}
	}
	if l := r.lexer("no-such-language"); l != nil {
		t.Errorf("lexer of an unknown language = %v, want nil", l)
	}
}

func isEngine(l chroma.Lexer) bool {
	_, ok := l.(*lexer.Lexer)
	return ok
}
