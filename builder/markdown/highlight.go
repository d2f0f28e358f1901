package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/lexer"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Highlight renders fenced code blocks with chroma, using CSS classes so
// that one generated stylesheet (HighlightCSS) serves light and dark modes.
//
// It writes its own compact markup instead of chroma's HTML formatter: no
// per-line wrappers, adjacent tokens of one class merged, and no span at
// all for tokens the styles leave uncoloured. Code blocks are a large part
// of a wiki's output, and this keeps them about half the size.
type Highlight struct {
	// Light and Dark are chroma style names; they decide which token
	// classes need a span. Empty means "github" and "github-dark".
	Light, Dark string
}

func (e *Highlight) Extend(m goldmark.Markdown) {
	light, dark := styleOr(e.Light, "github"), styleOr(e.Dark, "github-dark")
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&highlightRenderer{
		plain:     plainTokenTypes(light, dark),
		invisible: invisibleTokenTypes(light, dark),
	}, 100)))
}

func styleOr(name, def string) *chroma.Style {
	if s := styles.Registry[name]; s != nil {
		return withImpliedText(s)
	}
	return withImpliedText(styles.Registry[def])
}

// withImpliedText gives a style that leaves plain text uncoloured the
// colour it gives both punctuation and other names, when those agree:
// github colours them #1f2328 (GitHub's own text colour) and leaves text
// to the page. Said once for the block, that colour needs no span on
// each bracket and name, the most common tokens in most code.
func withImpliedText(s *chroma.Style) *chroma.Style {
	if s.Get(chroma.Text).Colour.IsSet() {
		return s
	}
	c := s.Get(chroma.Punctuation).Colour
	if !c.IsSet() || s.Get(chroma.NameOther).Colour != c {
		return s
	}
	bg := s.Get(chroma.Background)
	bg.Colour = c
	implied, err := s.Builder().AddEntry(chroma.Background, bg).Build()
	if err != nil {
		return s
	}
	return implied
}

// plainTokenTypes finds the token types that look like plain text in both
// styles, so they need no span.
func plainTokenTypes(light, dark *chroma.Style) map[chroma.TokenType]bool {
	plain := map[chroma.TokenType]bool{}
	lt, dt := light.Get(chroma.Text), dark.Get(chroma.Text)
	for t := range chroma.StandardTypes {
		if light.Get(t) == lt && dark.Get(t) == dt {
			plain[t] = true
		}
	}
	return plain
}

// invisibleTokenTypes finds the token types whose whitespace shows
// nothing of their style in either style: no background, no underline.
// Their blanks may join whatever run is open, or none.
func invisibleTokenTypes(light, dark *chroma.Style) map[chroma.TokenType]bool {
	shows := func(s *chroma.Style, t chroma.TokenType) bool {
		e := s.Get(t).Sub(s.Get(chroma.Background))
		return e.Background.IsSet() || e.Underline == chroma.Yes
	}
	invisible := map[chroma.TokenType]bool{}
	for t := range chroma.StandardTypes {
		if !shows(light, t) && !shows(dark, t) {
			invisible[t] = true
		}
	}
	return invisible
}

type highlightRenderer struct {
	plain     map[chroma.TokenType]bool
	invisible map[chroma.TokenType]bool
	// lexers remembers lexers.Get by language name. A name chroma does not
	// know (mermaid, dataview, CommonMark's "example") makes Get try every
	// lexer's file-name patterns, several milliseconds each time, and a
	// wiki repeats the same few names in every page.
	lexers sync.Map // string -> chroma.Lexer, nil when unknown
}

func (r *highlightRenderer) lexer(lang string) chroma.Lexer {
	if l, ok := r.lexers.Load(lang); ok {
		found, _ := l.(chroma.Lexer)
		return found
	}
	l := fastLexer(lexers.Get(lang))
	r.lexers.Store(lang, l)
	return l
}

// fastLexer runs a regular-expression lexer on package lexer's engine,
// which gives chroma's tokens in about a third of the time. Other lexers,
// and one whose rules that engine cannot compile, stay as chroma has them.
func fastLexer(l chroma.Lexer) chroma.Lexer {
	rl, ok := l.(*chroma.RegexLexer)
	if !ok {
		return l
	}
	fast, err := lexer.New(rl, lexers.GlobalLexerRegistry)
	if err != nil {
		return l
	}
	return fast
}

func (r *highlightRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *highlightRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var info []byte
	if n.Info != nil {
		info = n.Info.Segment.Value(src)
	}
	lang, title := codeInfo(info)
	code := n.Lines().Value(src)
	if lang == "" {
		writePlainCode(w, lang, title, code)
		return ast.WalkSkipChildren, nil
	}
	lexer := r.lexer(lang)
	if lexer == nil {
		writePlainCode(w, lang, title, code)
		return ast.WalkSkipChildren, nil
	}
	toks, err := lex(lexer, string(code), highlightBudget(len(code)))
	if err != nil {
		if pw, ok := w.(*pageWriter); ok && n.Lines().Len() > 0 {
			line, _ := pw.lines.lineCol(n.Lines().At(0).Start)
			pw.page.Warnings = append(pw.page.Warnings, diag.Warnf(pw.page.Path, line-1, 0, diag.CodeHighlight,
				"code block shown without highlighting: chroma's %s lexer %v", lexer.Config().Name, err))
		}
		writePlainCode(w, lang, title, code)
		return ast.WalkSkipChildren, nil
	}
	fmt.Fprintf(w, `<div class="code-block" data-lang="%s">`, util.EscapeHTML([]byte(lang)))
	writeCodeTitle(w, title)
	w.WriteString(`<pre class="chroma" tabindex="0"><code>`)
	r.writeTokens(w, toks)
	w.WriteString("</code></pre></div>\n")
	return ast.WalkSkipChildren, nil
}

// codeTitle is a title in a fence's info string, as MkDocs and Docusaurus
// write a file name: ```py title="hello.py".
var codeTitle = regexp.MustCompile(`(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|([^\s}]+))`)

// codeInfo reads a fence's info string: its language, lower-cased, without
// the attributes other tools hang on it (Hugo's js{1,3}, HackMD's bash=,
// Pandoc's {.python}), and its title, if any.
func codeInfo(info []byte) (lang, title string) {
	s := strings.TrimSpace(string(info))
	if m := codeTitle.FindStringSubmatch(s); m != nil {
		title = m[1] + m[2] + m[3]
	}
	word, _, _ := strings.Cut(s, " ")
	if rest, ok := strings.CutPrefix(s, "{"); ok {
		word = ""
		if f := strings.Fields(strings.ReplaceAll(rest, "}", " ")); len(f) > 0 && strings.HasPrefix(f[0], ".") {
			word = f[0][1:]
		}
	}
	if i := strings.IndexAny(word, "{=,"); i >= 0 {
		word = word[:i]
	}
	return strings.ToLower(word), title
}

func writeCodeTitle(w util.BufWriter, title string) {
	if title != "" {
		w.WriteString(`<div class="code-title">`)
		w.Write(util.EscapeHTML([]byte(title)))
		w.WriteString("</div>")
	}
}

// highlightBudget bounds the time a code block of n bytes may take to
// highlight. chroma's lexers are regular expressions, and some go
// quadratic on some input: its C lexer took 5.7 s on 8 KB of blank lines.
// Ordinary code took 1 to 2.5 ms a kilobyte with chroma's own engine (the
// slowest, SQL and Python), and takes about a third of that with package
// lexer's: the budget, 2 s, or 20 ms a kilobyte for a block over 100 KB,
// leaves a big block ten times the time it needs even so, so that whether
// it is highlighted does not depend on how loaded the machine is.
func highlightBudget(n int) time.Duration {
	return max(2*time.Second, time.Duration(n)*20*time.Microsecond)
}

var errLexerLoops = errors.New("loops on it")

// lex returns code's tokens, or gives up on a lexer that loops or takes
// longer than budget. Every token but an empty one takes at least a
// byte, so more tokens than twice the bytes means a lexer stuck on empty
// ones: chroma's Jungle and JSONata lexers do so for ever on a lone quote
// (alecthomas/chroma#1377), which chroma.Coalesce, merging them, never
// returned from. A lexer that panics, as chroma's Raku lexer does on
// Q!000000\!, costs the block its colours rather than the page.
func lex(lexer chroma.Lexer, code string, budget time.Duration) (toks []chroma.Token, err error) {
	defer func() {
		if r := recover(); r != nil {
			toks, err = nil, fmt.Errorf("failed on it (%v)", r)
		}
	}()
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return nil, err
	}
	limit := 2*len(code) + 64
	start := time.Now()
	toks = make([]chroma.Token, 0, len(code)/4)
	for n := 1; ; n++ {
		tok := it()
		if tok == chroma.EOF {
			return toks, nil
		}
		if n > limit {
			return nil, errLexerLoops
		}
		if n%64 == 0 && time.Since(start) > budget {
			return nil, fmt.Errorf("took over %v on it", budget)
		}
		// Runs of one type are one token, as chroma.Coalesce makes them.
		if tok.Value == "" {
			continue
		}
		if last := len(toks) - 1; last >= 0 && toks[last].Type == tok.Type && len(toks[last].Value) < 8192 {
			toks[last].Value += tok.Value
			continue
		}
		toks = append(toks, tok)
	}
}

// writeTokens writes tokens as <span class="k">...</span>, merging runs of
// one class and leaving plain tokens bare.
func (r *highlightRenderer) writeTokens(w util.BufWriter, toks []chroma.Token) {
	open := ""
	for _, tok := range toks {
		class := ""
		if !r.plain[tok.Type] {
			class = chroma.StandardTypes[tok.Type]
		}
		if r.invisible[tok.Type] && strings.TrimSpace(tok.Value) == "" {
			// Blanks look the same in any run, or in none.
			class = open
		}
		if class != open {
			if open != "" {
				w.WriteString("</span>")
			}
			if class != "" {
				w.WriteString(`<span class="` + class + `">`)
			}
			open = class
		}
		w.Write(util.EscapeHTML([]byte(tok.Value)))
	}
	if open != "" {
		w.WriteString("</span>")
	}
}

func writePlainCode(w util.BufWriter, lang, title string, code []byte) {
	if lang != "" {
		fmt.Fprintf(w, `<div class="code-block" data-lang="%s">`, util.EscapeHTML([]byte(lang)))
		writeCodeTitle(w, title)
		fmt.Fprintf(w, `<pre class="chroma" tabindex="0"><code class="language-%s">`, util.EscapeHTML([]byte(lang)))
	} else {
		w.WriteString(`<div class="code-block">`)
		writeCodeTitle(w, title)
		w.WriteString(`<pre class="chroma" tabindex="0"><code>`)
	}
	w.Write(util.EscapeHTML(code))
	w.WriteString("</code></pre></div>\n")
}

// HighlightCSS returns the stylesheet for highlighted code: the light style
// by default, the dark style when the page is in dark mode (set by the
// theme's toggle with data-theme="dark", or by the OS when no choice was made).
//
// Dark mode first undoes every light colour on the block's spans: a class
// the light style colours and the dark style leaves plain (github's
// punctuation, #1f2328) would otherwise keep its light colour on the dark
// background.
func HighlightCSS(light, dark string) ([]byte, error) {
	ls, ds := styles.Registry[light], styles.Registry[dark]
	if ls == nil {
		return nil, fmt.Errorf("unknown highlight style %q", light)
	}
	if ds == nil {
		return nil, fmt.Errorf("unknown highlight style %q", dark)
	}
	ls, ds = withImpliedText(ls), withImpliedText(ds)
	var out bytes.Buffer
	out.WriteString("/* Generated by Lore from chroma styles " + light + " and " + dark + ". */\n")
	writeRules(&out, "", ls)
	writeRules(&out, `html[data-theme="dark"] `, ds)
	out.WriteString("@media (prefers-color-scheme: dark) {\n")
	writeRules(&out, `html:not([data-theme="light"]) `, ds)
	out.WriteString("}\n")
	return out.Bytes(), nil
}

// tokenCSS maps each token class the style sets apart from its background
// (as chroma's own formatter decides) to the declarations for it.
func tokenCSS(style *chroma.Style) map[string]string {
	bg := style.Get(chroma.Background)
	rules := map[string]string{}
	for t, class := range chroma.StandardTypes {
		if t == chroma.Background || t == chroma.PreWrapper || class == "" {
			continue
		}
		if entry := style.Get(t).Sub(bg); !entry.IsZero() {
			if entry.Colour.IsSet() {
				behind := style.Get(chroma.Background).Background
				if entry.Background.IsSet() {
					behind = entry.Background // an error token's own red
				}
				entry.Colour = readable(entry.Colour, behind)
			}
			rules[class] = chromahtml.StyleEntryToCSS(entry)
		}
	}
	return rules
}

// minContrast is WCAG's AA ratio for text.
const minContrast = 4.5

// readable darkens (on a light background) or lightens (on a dark one)
// a token colour until it has minContrast against the code background:
// some styles' colours fall just short (github's .bp, 4.49:1).
func readable(fg, bg chroma.Colour) chroma.Colour {
	if !bg.IsSet() {
		return fg
	}
	step := -0.04
	if luminance(bg) < 0.5 {
		step = 0.04
	}
	for i := 0; i < 25 && contrast(fg, bg) < minContrast; i++ {
		fg = fg.Brighten(step)
	}
	return fg
}

func contrast(a, b chroma.Colour) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is WCAG's relative luminance of c.
func luminance(c chroma.Colour) float64 {
	lin := func(v uint8) float64 {
		f := float64(v) / 255
		if f <= 0.03928 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.Red()) + 0.7152*lin(c.Green()) + 0.0722*lin(c.Blue())
}

// writeRules writes the code block's own colours and one rule per token
// class, sorted so the stylesheet is the same on every build. A scoped
// (dark) set starts by resetting what the unscoped light rules set.
func writeRules(out *bytes.Buffer, scope string, style *chroma.Style) {
	fmt.Fprintf(out, "%s.chroma { %s }\n", scope, chromahtml.StyleEntryToCSS(style.Get(chroma.Background)))
	if scope == "" {
		// Phones must not enlarge code lines on their own.
		out.WriteString(".chroma { -webkit-text-size-adjust: none }\n")
	} else {
		fmt.Fprintf(out, "%s.chroma span { color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; text-decoration: inherit }\n", scope)
	}
	rules := tokenCSS(style)
	classes := make([]string, 0, len(rules))
	for class := range rules {
		classes = append(classes, class)
	}
	sort.Strings(classes)
	for _, class := range classes {
		fmt.Fprintf(out, "%s.chroma .%s { %s }\n", scope, class, strings.TrimSuffix(rules[class], "; "))
	}
}
