package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	emoji "github.com/yuin/goldmark-emoji"
)

// Emoji shows GitHub's emoji shortcodes as the emoji (:tada: is 🎉), with
// goldmark-emoji's table of GitHub's names. Unlike that extension alone,
// a shortcode must stand apart from letters and digits, as on GitHub:
// "fe80::a:b:1" and "key:id:value" hold no emoji.
type Emoji struct{}

func (e *Emoji) Extend(m goldmark.Markdown) {
	unicode := emoji.WithRenderingMethod(emoji.Unicode).(emoji.RendererOption)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(emoji.NewHTMLRenderer(unicode), 200)))
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(&wordEmojiParser{inner: emoji.NewParser()}, 999)))
}

type wordEmojiParser struct {
	inner parser.InlineParser
}

func (p *wordEmojiParser) Trigger() []byte { return p.inner.Trigger() }

func (p *wordEmojiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if prev := block.PrecendingCharacter(); prev < 0x80 && util.IsAlphaNumeric(byte(prev)) {
		return nil
	}
	line, pos := block.Position()
	n := p.inner.Parse(parent, block, pc)
	if n == nil {
		block.SetPosition(line, pos)
		return nil
	}
	if rest, _ := block.PeekLine(); len(rest) > 0 && util.IsAlphaNumeric(rest[0]) {
		block.SetPosition(line, pos)
		return nil
	}
	return n
}
