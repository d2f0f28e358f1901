package lexer

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2"
)

// Tokenise returns an iterator over the tokens of text, the same tokens as
// the chroma lexer's Tokenise.
func (l *Lexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options == nil {
		options = &chroma.TokeniseOptions{State: "root", EnsureLF: true}
	}
	if !utf8.ValidString(text) {
		// chroma reads text as runes, so invalid bytes become U+FFFD in its
		// tokens; slicing the source would keep the bytes. Such text is rare
		// enough to leave to chroma.
		return l.base.Tokenise(options, text)
	}
	if options.EnsureLF {
		text = ensureLF(text)
	}
	addedNL := !options.Nested && l.base.Config().EnsureNL && !strings.HasSuffix(text, "\n")
	if addedNL {
		text += "\n"
	}
	s := &lexState{
		rules: l.states,
		src:   text,
		root:  options.State,
		LexerState: chroma.LexerState{
			Lexer:          l.base,
			Registry:       l.registry,
			Text:           []rune(text),
			Stack:          []string{options.State},
			Rules:          l.compiled,
			MutatorContext: map[any]any{},
		},
	}
	s.offsets = byteOffsets(s.Text)
	s.end = len(s.Text)
	if addedNL {
		s.end-- // rules see the newline, but no step starts at it
	}
	s.onMatch = s.recordMatch
	return s.next, nil
}

// ensureLF turns CRLF and CR line endings into LF, as chroma does.
func ensureLF(text string) string {
	if !strings.Contains(text, "\r") {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
}

// byteOffsets maps each rune index of runes to its byte offset in the UTF-8
// text they came from, with one more entry for the text's length.
func byteOffsets(runes []rune) []int32 {
	offsets := make([]int32, len(runes)+1)
	b := 0
	for i, c := range runes {
		offsets[i] = int32(b)
		b += utf8.RuneLen(c)
	}
	offsets[len(runes)] = int32(b)
	return offsets
}

// lexState is chroma's LexerState, which emitters and mutators read and
// change, and what the engine keeps beside it.
type lexState struct {
	chroma.LexerState
	rules   map[string][]*rule
	src     string  // Text as UTF-8, which groups are sliced from
	offsets []int32 // byte offset in src of each rune of Text
	end     int     // where lexing stops: before a newline Tokenise added
	root    string  // the state lexing started in, and restarts in after an error at a newline
	pending []chroma.Iterator
	adopted map[*chroma.CompiledRule]*rule // rules made while lexing, analysed

	// The match being read: the rule, and a start and length in runes for
	// each of its groups (start -1 when the group did not take part).
	try     *rule
	found   bool
	spans   []int
	onMatch func(regexp2.MatchView) bool
}

// maxStillSteps bounds the steps in a row that neither read text nor emit
// a token. Rules that match nothing and only push or pop states take a few;
// a lexer whose such rules go round in a circle would take them for ever.
const maxStillSteps = 1000

// next is chroma's LexerState.Iterator, step for step, but for a lexer
// going round in a circle: chroma never returns from that, and next gives
// the rest of the text as one error token.
func (s *lexState) next() chroma.Token {
	still, lastPos := 0, s.Pos
	for s.Pos < s.end && len(s.Stack) > 0 {
		if tok, ok := s.drainPending(); ok {
			return tok
		}
		if s.Pos != lastPos {
			still, lastPos = 0, s.Pos
		} else if still++; still > maxStillSteps {
			return s.restAsError()
		}
		s.State = s.Stack[len(s.Stack)-1]
		compiled, ok := s.Rules[s.State]
		if !ok {
			panic("unknown state " + s.State)
		}
		i, r := s.match(compiled, s.rules[s.State])
		if r == nil {
			// As Pygments: an unmatched newline ends a state gone wrong, such
			// as a string left open, and lexing goes on from the start state.
			if s.Text[s.Pos] == '\n' && s.State != s.root {
				s.Stack = []string{s.root}
				continue
			}
			s.Pos++
			return chroma.Token{Type: chroma.Error, Value: s.slice(s.Pos-1, 1)}
		}
		s.Rule = i
		s.setGroups(r)
		s.Pos += s.spans[1]
		if r.Mutator != nil {
			if err := r.Mutator.Mutate(&s.LexerState); err != nil {
				panic(err)
			}
		}
		if r.Type == nil {
			continue
		}
		// A token type emits the whole match as one token; chroma wraps it
		// in an iterator of one, which costs more than the rest of the step.
		if t, ok := r.Type.(chroma.TokenType); ok {
			if t == chroma.Ignore {
				continue
			}
			return chroma.Token{Type: t, Value: s.Groups[0]}
		}
		s.pending = append(s.pending, r.Type.Emit(s.Groups, &s.LexerState))
	}
	if tok, ok := s.drainPending(); ok {
		return tok
	}
	if s.Pos != len(s.Text) && len(s.Stack) == 0 {
		return s.restAsError()
	}
	return chroma.EOF
}

// restAsError ends lexing with the text not yet read as one error token.
func (s *lexState) restAsError() chroma.Token {
	rest := s.src[s.offsets[s.Pos]:]
	s.Pos, s.Stack = len(s.Text), nil
	return chroma.Token{Type: chroma.Error, Value: rest}
}

// drainPending returns the next token of the emitters' iterators, the last
// pushed first.
func (s *lexState) drainPending() (chroma.Token, bool) {
	for len(s.pending) > 0 {
		n := len(s.pending) - 1
		t := s.pending[n]()
		if t == chroma.EOF {
			s.pending = s.pending[:n]
			continue
		}
		if t.Type == chroma.Ignore {
			continue
		}
		return t, true
	}
	return chroma.Token{}, false
}

// match tries a state's rules in order at Pos and returns the first that
// matches. compiled is what chroma would try; known is what New made of it.
// They differ only after a mutator rewrote the rules while lexing, as
// chroma's Raku lexer does, and then match follows compiled. (Such a
// mutator rewrites the rules every text of the language shares, with
// chroma's engine as with this one.)
func (s *lexState) match(compiled []*chroma.CompiledRule, known []*rule) (int, *rule) {
	c := s.Text[s.Pos]
	for i, cr := range compiled {
		var r *rule
		if i < len(known) && known[i].CompiledRule == cr {
			r = known[i]
		} else {
			r = s.adopt(cr)
		}
		if !r.first.mayStart(c) {
			continue
		}
		s.try, s.found = r, false
		err := r.Regexp.FindRunesMatches(s.Text, s.Pos, s.onMatch)
		if err == nil && s.found && s.spans[0] == s.Pos {
			return i, r
		}
	}
	return 0, nil
}

// adopt analyses a rule a mutator made while lexing. Its first characters
// are not worked out: such rules are rare, and may start with anything.
func (s *lexState) adopt(cr *chroma.CompiledRule) *rule {
	if r, ok := s.adopted[cr]; ok {
		return r
	}
	if s.adopted == nil {
		s.adopted = map[*chroma.CompiledRule]*rule{}
	}
	r := analyse(cr, firstChars{})
	s.adopted[cr] = r
	return r
}

// recordMatch copies the first match's group spans out of the view, which
// is valid only during the call, and stops the search.
func (s *lexState) recordMatch(v regexp2.MatchView) bool {
	s.spans = s.spans[:0]
	for _, g := range s.try.groups {
		start, length, ok := v.GroupRange(g)
		if !ok {
			start, length = -1, 0
		}
		s.spans = append(s.spans, start, length)
	}
	s.found = true
	return false
}

// setGroups gives emitters and mutators the groups of r's match.
func (s *lexState) setGroups(r *rule) {
	groups := make([]string, len(r.groups))
	for g := range groups {
		groups[g] = s.slice(s.spans[2*g], s.spans[2*g+1])
	}
	s.Groups = groups
	s.NamedGroups = nil
	if r.named {
		s.NamedGroups = make(map[string]string, len(groups))
		for g, n := range r.groups {
			s.NamedGroups[r.Regexp.GroupNameFromNumber(n)] = groups[g]
		}
	}
}

// slice is the text of n runes from rune index i, or "" for a group that
// did not take part in the match.
func (s *lexState) slice(i, n int) string {
	if i < 0 {
		return ""
	}
	return s.src[s.offsets[i]:s.offsets[i+n]]
}
