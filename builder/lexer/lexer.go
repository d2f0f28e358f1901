// Package lexer runs chroma's regular-expression lexers with less work per
// token than chroma's own engine, and gives the same tokens.
//
// Code highlighting was the largest single cost of a build: a third of its
// CPU time. Two things in chroma's engine made it so, and neither is in the
// lexers' rules:
//
//   - At every position it tries a state's rules in order, and each try runs
//     regexp2 from its start, even when the rule cannot match the character
//     there. regexp2 skips ahead by a pattern's possible first characters
//     only when it searches, not when a match is anchored, as chroma's are.
//   - Every match allocates a regexp2.Match, its groups as new strings, and a
//     map of named groups.
//
// Lexer compiles the same rules, knows each rule's possible first
// characters, reads matches through regexp2's borrowed MatchView, and slices
// groups out of the source text. Emitters and mutators are chroma's own, and
// see the same chroma.LexerState, so every lexer's behaviour is chroma's:
// the tests compare the tokens of every registered lexer with chroma's.
package lexer

import (
	"fmt"
	"strconv"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2"
)

// matchTimeout is chroma's limit on one regexp match, which keeps a
// pathological pattern and input from hanging a build.
const matchTimeout = 250 * time.Millisecond

// Lexer tokenises with the rules of a chroma.RegexLexer.
type Lexer struct {
	base     *chroma.RegexLexer
	registry *chroma.LexerRegistry
	// compiled is the rule set emitters and mutators see as
	// LexerState.Rules; states holds the same rules with what matching
	// needs to know of them.
	compiled chroma.CompiledRules
	states   map[string][]*rule
}

// rule is a compiled rule with what the engine knows of its pattern.
type rule struct {
	*chroma.CompiledRule
	groups []int // the pattern's group numbers, 0 first
	named  bool  // whether any group has a name, which emitters may read
	first  firstChars
}

// New compiles base's rules. registry is where emitters such as Using find
// other lexers: the registry base was registered in.
func New(base *chroma.RegexLexer, registry *chroma.LexerRegistry) (*Lexer, error) {
	raw, err := base.Rules()
	if err != nil {
		return nil, err
	}
	l := &Lexer{base: base, registry: registry, compiled: chroma.CompiledRules{}}
	flags := patternFlags(base.Config())
	byCompiled := map[*chroma.CompiledRule]*rule{}
	for state, rules := range raw {
		l.compiled[state] = nil
		for _, r := range rules {
			cr, err := compile(r, flags)
			if err != nil {
				return nil, fmt.Errorf("%s: state %s: %w", base.Config().Name, state, err)
			}
			byCompiled[cr.CompiledRule] = cr
			l.compiled[state] = append(l.compiled[state], cr.CompiledRule)
		}
	}
	if err := applyLexerMutators(l.compiled); err != nil {
		return nil, fmt.Errorf("%s: %w", base.Config().Name, err)
	}
	l.states = make(map[string][]*rule, len(l.compiled))
	for state, rules := range l.compiled {
		for _, cr := range rules {
			// chroma's mutators copy rules between states; one that made
			// new rules would leave this engine without their analysis.
			r := byCompiled[cr]
			if r == nil {
				return nil, fmt.Errorf("%s: state %s: a rule not compiled here", base.Config().Name, state)
			}
			l.states[state] = append(l.states[state], r)
		}
	}
	return l, nil
}

// patternFlags are the inline flags chroma gives every rule of a lexer.
func patternFlags(c *chroma.Config) string {
	flags := ""
	if !c.NotMultiline {
		flags += "m"
	}
	if c.CaseInsensitive {
		flags += "i"
	}
	if c.DotAll {
		flags += "s"
	}
	return flags
}

// compile builds a rule's regexp as chroma does: flags, then the pattern in
// a group, anchored where the last match ended.
func compile(r chroma.Rule, flags string) (*rule, error) {
	pattern := "(?:" + r.Pattern + ")"
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	re, err := regexp2.Compile(`\G` + pattern)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = matchTimeout
	return analyse(&chroma.CompiledRule{Rule: r, Regexp: re}, firstCharsOf(pattern)), nil
}

// analyse gives a compiled rule what the engine needs to know of it.
func analyse(cr *chroma.CompiledRule, first firstChars) *rule {
	r := &rule{CompiledRule: cr, groups: cr.Regexp.GetGroupNumbers(), first: first}
	for _, name := range cr.Regexp.GetGroupNames() {
		if _, err := strconv.Atoi(name); err != nil {
			r.named = true
		}
	}
	return r
}

// applyLexerMutators runs the mutators that rewrite a lexer's rules before
// any text is read (include, combined), as chroma does after compiling. Each
// one replaces itself, so the walk starts again after each; a mutator that
// did not would loop for ever in chroma, and is an error here.
func applyLexerMutators(rules chroma.CompiledRules) error {
	for range maxLexerMutations {
		state, i := nextLexerMutator(rules)
		if i < 0 {
			return nil
		}
		m := rules[state][i].Mutator.(chroma.LexerMutator)
		if err := m.MutateLexer(rules, state, i); err != nil {
			return err
		}
	}
	return fmt.Errorf("rules still rewriting themselves after %d mutations", maxLexerMutations)
}

// maxLexerMutations is far more than the includes of any chroma lexer.
const maxLexerMutations = 10000

func nextLexerMutator(rules chroma.CompiledRules) (string, int) {
	for state, rs := range rules {
		for i, r := range rs {
			if _, ok := r.Mutator.(chroma.LexerMutator); ok {
				return state, i
			}
		}
	}
	return "", -1
}

// Config is the chroma lexer's.
func (l *Lexer) Config() *chroma.Config { return l.base.Config() }

// SetRegistry sets where emitters find other lexers.
func (l *Lexer) SetRegistry(registry *chroma.LexerRegistry) chroma.Lexer {
	l.registry = registry
	return l
}

// SetAnalyser sets the chroma lexer's analyser.
func (l *Lexer) SetAnalyser(analyser func(text string) float32) chroma.Lexer {
	l.base.SetAnalyser(analyser)
	return l
}

// AnalyseText is the chroma lexer's.
func (l *Lexer) AnalyseText(text string) float32 { return l.base.AnalyseText(text) }
