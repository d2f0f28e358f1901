package lexer

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/lore-wiki/lore/cmd/lore-corpus/corpus"
)

// BenchmarkTokenise lexes the code blocks of a generated wiki's first 500
// pages with chroma's engine and with this one. Compare the two time/op:
//
//	go test ./builder/lexer -run '^$' -bench Tokenise -count 5
func BenchmarkTokenise(b *testing.B) {
	blocks := corpusCode(b, 500)
	fast := map[string]*Lexer{}
	for lang := range blocks {
		l, err := New(lexers.Get(lang).(*chroma.RegexLexer), lexers.GlobalLexerRegistry)
		if err != nil {
			b.Fatal(err)
		}
		fast[lang] = l
	}
	run := func(b *testing.B, get func(lang string) chroma.Lexer) {
		for b.Loop() {
			for lang, codes := range blocks {
				l := get(lang)
				for _, code := range codes {
					it, err := l.Tokenise(nil, code)
					if err != nil {
						b.Fatal(err)
					}
					for tok := it(); tok != chroma.EOF; tok = it() {
					}
				}
			}
		}
	}
	b.Run("chroma", func(b *testing.B) { run(b, lexers.Get) })
	b.Run("lore", func(b *testing.B) { run(b, func(lang string) chroma.Lexer { return fast[lang] }) })
}

// corpusCode returns the fenced code of n generated pages by language.
func corpusCode(b *testing.B, n int) map[string][]string {
	c, err := corpus.New(corpus.Config{Pages: n, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	blocks := map[string][]string{}
	for i := range n {
		_, md, _ := c.Page(i)
		lang, code := "", []string(nil)
		for line := range strings.Lines(string(md)) {
			fence := strings.HasPrefix(line, "```")
			switch {
			case fence && lang == "" && len(line) > 4:
				lang = strings.TrimSpace(line[3:])
			case fence && lang != "":
				blocks[lang] = append(blocks[lang], strings.Join(code, ""))
				lang, code = "", nil
			case lang != "":
				code = append(code, line)
			}
		}
	}
	if len(blocks) == 0 {
		b.Fatal("the corpus has no code blocks")
	}
	return blocks
}
