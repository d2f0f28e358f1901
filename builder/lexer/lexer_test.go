package lexer

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// samples are inputs every lexer is run on: code of several languages, and
// text that takes lexers down their error paths.
var samples = []string{
	"package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"héllo, 世界\") // comment\n}\n",
	"def f(x: int) -> str:\n    \"\"\"Doc.\"\"\"\n    return f'{x!r}' if x else None  # note\n",
	"SELECT id, name FROM users WHERE created_at > now() - interval '1 day' ORDER BY id;\n",
	"for f in *.md; do echo \"$f\" | sed -e 's/a/b/' >> out.txt; done\nexport X=${HOME:-/root}\n",
	"key: value\nlist:\n  - 'one'\n  - \"two\" # three\n",
	"<div class=\"x\"><script>let a = `t${1}`;</script><style>a { color: red }</style></div>\n",
	"no trailing newline {[(\"'",
	"windows\r\nline\rendings\r\n",
	"\"unterminated string\nnext line 'also\n/* open comment\n",
	"\t  \n\n  \x00 \u00a0 é ∑ 🙂 \\ ` $ @ # % ^ & * ~ |\n",
}

func TestSameTokensAsChroma(t *testing.T) {
	inputs := chromaTestdata(t)
	compared := 0
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		base, ok := l.(*chroma.RegexLexer)
		if !ok {
			continue
		}
		name := base.Config().Name
		fast, err := New(base, lexers.GlobalLexerRegistry)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for i, text := range append(samples, inputs[base]...) {
			if diff := compare(base, fast, nil, text); diff != "" {
				t.Errorf("%s, input %d: %s", name, i, diff)
				break
			}
		}
		compared++
	}
	if compared < 200 {
		t.Errorf("compared %d lexers; chroma has about 280", compared)
	}
}

// chromaTestdata reads chroma's own lexer tests, each file's first 8 KB,
// by the lexer that reads it.
func chromaTestdata(t *testing.T) map[*chroma.RegexLexer][]string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		t.Fatalf("finding chroma's source: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "lexers", "testdata", "*.actual"))
	if err != nil || len(files) < 100 {
		t.Fatalf("chroma's lexer tests: %d files, %v", len(files), err)
	}
	inputs := map[*chroma.RegexLexer][]string{}
	for _, f := range files {
		l, ok := lexers.Get(strings.TrimSuffix(filepath.Base(f), ".actual")).(*chroma.RegexLexer)
		if !ok {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > 8<<10 {
			data = data[:strings.LastIndexByte(string(data[:8<<10]), '\n')+1]
		}
		inputs[l] = append(inputs[l], string(data))
	}
	return inputs
}

// compare tokenises text with both lexers and describes the first
// difference.
func compare(base *chroma.RegexLexer, fast *Lexer, opts *chroma.TokeniseOptions, text string) string {
	want, err := tokens(base, opts, text)
	if err != nil {
		return "chroma: " + err.Error()
	}
	got, err := tokens(fast, opts, text)
	if err != nil {
		return err.Error()
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("token %d is %#v, chroma's %#v", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d tokens, chroma's %d", len(got), len(want))
	}
	return ""
}

// tokens collects l's tokens of text. Some chroma lexers loop for ever on
// some input (JSONata, Jungle), emitting empty tokens, so it stops where the
// highlighter gives up on a lexer.
func tokens(l chroma.Lexer, opts *chroma.TokeniseOptions, text string) ([]chroma.Token, error) {
	it, err := l.Tokenise(opts, text)
	if err != nil {
		return nil, err
	}
	var out []chroma.Token
	for tok := it(); tok != chroma.EOF && len(out) < 2*len(text)+64; tok = it() {
		out = append(out, tok)
	}
	return out, nil
}

// TestEngine pins the engine's parts on a lexer of its own: states pushed
// and popped, included and combined, named groups, nested lexing of the
// lexer's own states, ignored matches, a case-insensitive rule set, and
// errors at a newline, which restart lexing in the state it started in.
func TestEngine(t *testing.T) {
	base := chroma.MustNewLexer(&chroma.Config{Name: "engine", CaseInsensitive: true, EnsureNL: true}, func() chroma.Rules {
		return chroma.Rules{
			"root": {
				{Pattern: `\s+`, Type: chroma.Text},
				{Pattern: `(?<kw>select|from)(?<sp>\s*)`, Type: chroma.ByGroupNames(map[string]chroma.Emitter{"kw": chroma.Keyword, "sp": chroma.Text})},
				{Pattern: `"`, Type: chroma.String, Mutator: chroma.Push("string")},
				{Pattern: `\{`, Type: chroma.Punctuation, Mutator: chroma.Combined("block", "words")},
				{Pattern: `<(.*?)>`, Type: chroma.UsingSelf("string")},
				{Pattern: `#[^\n]*`, Type: chroma.Ignore},
				{Pattern: `/\*`, Type: chroma.Comment, Mutator: chroma.Push("comment")},
				chroma.Include("words"),
			},
			"words": {
				{Pattern: `[a-zé]+`, Type: chroma.Name},
				{Pattern: `\d+`, Type: chroma.Number},
			},
			"block": {
				{Pattern: `\}`, Type: chroma.Punctuation, Mutator: chroma.Pop(1)},
				{Pattern: `\s+`, Type: chroma.Text},
			},
			"comment": {
				{Pattern: `\*/`, Type: chroma.Comment, Mutator: chroma.Pop(1)},
				{Pattern: `'`, Type: chroma.StringChar, Mutator: chroma.Push("quoted")},
				{Pattern: `[^*'\n]+`, Type: chroma.Comment},
			},
			"quoted": {
				{Pattern: `'`, Type: chroma.StringChar, Mutator: chroma.Pop(1)},
				{Pattern: `[^'\n]+`, Type: chroma.StringChar},
			},
			"string": {
				{Pattern: `"`, Type: chroma.String, Mutator: chroma.Pop(1)},
				{Pattern: `[^"\n]+`, Type: chroma.String},
				chroma.Default(chroma.Pop(1)),
			},
		}
	})
	fast, err := New(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"SELECT a FROM b # gone\n",
		`"open string` + "\nnext 42 { inner 7 } <nested>",
		"Sélect {x\n} ? $ \"",
		"/* open\nnext */ a",
		"/* it's\nopen */ 'x' */ b",
		"",
	} {
		if diff := compare(base, fast, nil, text); diff != "" {
			t.Errorf("%q: %s", text, diff)
		}
		for _, state := range []string{"string", "comment"} {
			nested := &chroma.TokeniseOptions{State: state, Nested: true}
			if diff := compare(base, fast, nested, text); diff != "" {
				t.Errorf("%q, nested in %s: %s", text, state, diff)
			}
		}
	}
}

// TestInvalidUTF8 checks that text chroma would read as U+FFFD gives
// chroma's tokens.
func TestInvalidUTF8(t *testing.T) {
	base := lexers.Get("go").(*chroma.RegexLexer)
	fast, err := New(base, lexers.GlobalLexerRegistry)
	if err != nil {
		t.Fatal(err)
	}
	if diff := compare(base, fast, nil, "x := \"\xff\xfe\"\n\xc3"); diff != "" {
		t.Error(diff)
	}
}

func TestBadPattern(t *testing.T) {
	base := chroma.MustNewLexer(&chroma.Config{Name: "bad"}, func() chroma.Rules {
		return chroma.Rules{"root": {{Pattern: `(unclosed`, Type: chroma.Text}}}
	})
	if _, err := New(base, nil); err == nil || !strings.Contains(err.Error(), "missing closing )") {
		t.Errorf("New = %v, want the pattern's error", err)
	}
}

// FuzzSameTokensAsChroma compares tokens on any text, with the lexers of
// the languages a wiki's code blocks use most.
func FuzzSameTokensAsChroma(f *testing.F) {
	names := []string{"go", "python", "bash", "sql", "typescript", "yaml", "json", "html", "rust", "java", "c++"}
	fast := make([]*Lexer, len(names))
	bases := make([]*chroma.RegexLexer, len(names))
	for i, name := range names {
		base, ok := lexers.Get(name).(*chroma.RegexLexer)
		if !ok {
			f.Fatalf("%s is not a regexp lexer", name)
		}
		l, err := New(base, lexers.GlobalLexerRegistry)
		if err != nil {
			f.Fatal(err)
		}
		bases[i], fast[i] = base, l
	}
	for i, s := range samples {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		i := int(which) % len(names)
		if diff := compare(bases[i], fast[i], nil, text); diff != "" {
			t.Errorf("%s: %s", names[i], diff)
		}
	})
}

// TestRulesRewrittenWhileLexing runs chroma's Raku lexer, whose mutators
// replace rules of a state while it lexes, on text that makes them do so
// (found by fuzzing).
func TestRulesRewrittenWhileLexing(t *testing.T) {
	base := lexers.Get("raku").(*chroma.RegexLexer)
	fast, err := New(base, lexers.GlobalLexerRegistry)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"m!0A0008A!", "my $x = q{a {b} c}; say m:g/x/;\n=begin pod\nText\n=end pod\n"} {
		if diff := compare(base, fast, nil, text); diff != "" {
			t.Errorf("%q: %s", text, diff)
		}
	}
}

// TestCircle checks that a lexer whose empty matches push and pop states
// for ever ends, where chroma's engine would not return.
func TestCircle(t *testing.T) {
	base := chroma.MustNewLexer(&chroma.Config{Name: "circle"}, func() chroma.Rules {
		return chroma.Rules{
			"root":  {{Pattern: `a`, Type: chroma.Name}, chroma.Default(chroma.Push("other"))},
			"other": {chroma.Default(chroma.Pop(1))},
		}
	})
	fast, err := New(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tokens(fast, nil, "ab\nc")
	want := []chroma.Token{{Type: chroma.Name, Value: "a"}, {Type: chroma.Error, Value: "b\nc"}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("tokens = %v, %v; want %v", got, err, want)
	}
}
