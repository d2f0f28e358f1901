package search

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// asciiTokenizer is bleve's unicode tokenizer with a fast path for ASCII.
// Word segmentation is about three quarters of analysing a page, and the
// generic segmenter walks Unicode tables byte by byte; most wiki text is
// ASCII, where UAX #29 comes down to a few rules. Spans holding a non-ASCII
// byte, from the ASCII whitespace before them to the whitespace after, go
// to the generic segmenter, as does any input that is not valid UTF-8. The
// tokens (terms, positions, byte spans, types) are the same
// (TestASCIITokenizer).
type asciiTokenizer struct {
	slow analysis.Tokenizer
	bufs sync.Pool // *tokenBuf
}

// tokenBuf is token memory reused from one field to the next while indexing:
// a field's tokens are dead once its term frequencies are counted.
type tokenBuf struct {
	toks []analysis.Token
	out  analysis.TokenStream
}

// Character classes of the segmenter's word rules, for ASCII.
const (
	wbOther    = iota
	wbSpace    // ASCII whitespace: no word contains it, so spans may be cut before it
	wbLetter   // ALetter
	wbDigit    // Numeric
	wbUnder    // ExtendNumLet
	wbMidLet   // MidLetter: joins letters only
	wbMidNum   // MidNum: joins digits only
	wbMidBoth  // MidNumLet and Single_Quote: joins letters or digits
	wbNonASCII // not ASCII: the span goes to the generic segmenter
)

var wbClass = func() (c [256]byte) {
	for b := range 256 {
		switch {
		case b >= 0x80:
			c[b] = wbNonASCII
		case b == ' ' || b == '\t' || b == '\n' || b == '\r':
			c[b] = wbSpace
		case b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z':
			c[b] = wbLetter
		case b >= '0' && b <= '9':
			c[b] = wbDigit
		case b == '_':
			c[b] = wbUnder
		case b == ':':
			c[b] = wbMidLet
		case b == ',' || b == ';':
			c[b] = wbMidNum
		case b == '.' || b == '\'':
			c[b] = wbMidBoth
		}
	}
	return c
}()

func (t *asciiTokenizer) Tokenize(input []byte) analysis.TokenStream {
	return t.tokenize(input, nil)
}

// analyze runs the chain of da, whose tokenizer is t, on input with token
// memory from t's pool, and hands the tokens to use, which must not keep
// them.
func (t *asciiTokenizer) analyze(da *analysis.DefaultAnalyzer, input []byte, use func(analysis.TokenStream)) {
	buf, _ := t.bufs.Get().(*tokenBuf)
	if buf == nil {
		buf = &tokenBuf{}
	}
	toks := t.tokenize(input, buf)
	for _, f := range da.TokenFilters {
		toks = f.Filter(toks)
	}
	use(toks)
	clear(buf.out)
	t.bufs.Put(buf)
}

// tokenize is Tokenize, with the tokens in buf's memory when buf is not nil.
func (t *asciiTokenizer) tokenize(input []byte, buf *tokenBuf) analysis.TokenStream {
	if !utf8.Valid(input) {
		return t.slow.Tokenize(input)
	}
	ts := tokenStream{input: input, pos: 1}
	if buf != nil {
		ts.block, ts.out = buf.toks[:cap(buf.toks)], buf.out[:0]
		defer func() {
			buf.out = ts.out
			if ts.made > cap(buf.toks) {
				buf.toks = make([]analysis.Token, 0, ts.made+ts.made/4)
			}
		}()
	} else {
		ts.out = make(analysis.TokenStream, 0, len(input)/6+1)
	}
	start := 0
	for start < len(input) {
		k := start
		for k < len(input) && wbClass[input[k]] != wbNonASCII {
			k++
		}
		if k == len(input) {
			ts.ascii(start, k)
			break
		}
		// The span around the non-ASCII byte starts at the whitespace
		// before it (or where the last span ended) and ends before the
		// whitespace after it.
		lo := k
		for lo > start && wbClass[input[lo]] != wbSpace {
			lo--
		}
		hi := k
		for hi < len(input) && wbClass[input[hi]] != wbSpace {
			hi++
		}
		ts.ascii(start, lo)
		for _, tok := range t.slow.Tokenize(input[lo:hi]) {
			tok.Start += lo
			tok.End += lo
			tok.Position += ts.pos - 1
			ts.out = append(ts.out, tok)
		}
		if n := len(ts.out); n > 0 {
			ts.pos = ts.out[n-1].Position + 1
		}
		start = hi
	}
	return ts.out
}

// tokenStream collects tokens, allocating them in blocks as bleve does.
type tokenStream struct {
	input []byte
	out   analysis.TokenStream
	block []analysis.Token
	pos   int
	made  int // tokens taken from blocks
}

// ascii appends the words of input[i:end], which is ASCII and does not
// end inside a word.
func (ts *tokenStream) ascii(i, end int) {
	in := ts.input
	for i < end {
		c := wbClass[in[i]]
		if c != wbLetter && c != wbDigit && c != wbUnder {
			i++
			continue
		}
		// A word: letters, digits and underscores, with a middle character
		// between two letters (MidLetter, MidNumLet) or two digits (MidNum,
		// MidNumLet) if the character after it continues the run. It is
		// numeric when it has digits and no letters.
		w, last, seen := i, c, 1<<c
		for i++; i < end; i++ {
			c = wbClass[in[i]]
			if c == wbLetter || c == wbDigit || c == wbUnder {
				last, seen = c, seen|1<<c
				continue
			}
			if i+1 < end && wbClass[in[i+1]] == last &&
				(last == wbLetter && (c == wbMidLet || c == wbMidBoth) || last == wbDigit && (c == wbMidNum || c == wbMidBoth)) {
				i++
				continue
			}
			break
		}
		ts.add(w, i, seen&(1<<wbLetter|1<<wbDigit) == 1<<wbDigit)
	}
}

func (ts *tokenStream) add(start, end int, numeric bool) {
	if len(ts.block) == 0 {
		ts.block = make([]analysis.Token, max(16, (len(ts.input)-end)/6))
	}
	tok := &ts.block[0]
	ts.block = ts.block[1:]
	ts.made++
	*tok = analysis.Token{Term: ts.input[start:end], Start: start, End: end, Position: ts.pos, Type: analysis.AlphaNumeric}
	if numeric {
		tok.Type = analysis.Numeric
	}
	ts.pos++
	ts.out = append(ts.out, tok)
}
