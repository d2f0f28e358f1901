// Package query parses Lore's search syntax:
//
//	words            all must match (BM25 ranked)
//	"exact phrase"   words next to each other
//	-word -"phrase"  excluded
//	prefix*          any word starting with prefix
//	type:retro team:payments tag:x author:y since:2025-01 until:2025-12-31 year:2025
//
// The parser knows nothing about analysis: it splits the input into clauses
// and filters, and reports what it ignored. The JavaScript client ports this
// file line by line (parseQuery in search.js); keep them in step.
package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLen is the longest query accepted, in bytes; longer input is cut.
const MaxLen = 1024

// MaxClauses bounds the work a single query can ask for.
const MaxClauses = 32

// Kind is the kind of a clause.
type Kind int

const (
	Word Kind = iota
	Phrase
	Prefix
)

// Clause is one part of the query that matches text.
type Clause struct {
	Kind    Kind
	Text    string // raw text, without quotes, '-' or '*'
	Negated bool
}

// Query is a parsed query.
type Query struct {
	Clauses []Clause
	// Field filters found in the query text, lower-cased; empty when absent.
	Type, Team, Tag, Author string
	Since, Until            string // as typed: YYYY, YYYY-MM or YYYY-MM-DD
	Notices                 []string
}

// Fields lists the field filters understood in query text.
var fields = [...]string{"type", "team", "tag", "author", "since", "until", "year"}

func knownField(name string) bool {
	for _, f := range fields {
		if f == name {
			return true
		}
	}
	return false
}

// Parse splits q into clauses and filters. It never fails: problems become
// notices and the rest of the query is still used.
func Parse(q string) Query {
	var out Query
	if len(q) > MaxLen {
		cut := MaxLen
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
		out.Notices = append(out.Notices, fmt.Sprintf("query cut to its first %d bytes", MaxLen))
	}
	if !utf8.ValidString(q) {
		q = strings.ToValidUTF8(q, " ")
	}
	i := 0
	for i < len(q) {
		r, w := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		neg := false
		if r == '-' && i+1 < len(q) && q[i+1] != ' ' {
			neg = true
			i++
		}
		if i < len(q) && q[i] == '"' {
			end := strings.IndexByte(q[i+1:], '"')
			var text string
			if end < 0 {
				text = q[i+1:]
				i = len(q)
				out.Notices = append(out.Notices, "unbalanced quote: phrase runs to the end of the query")
			} else {
				text = q[i+1 : i+1+end]
				i += end + 2
			}
			out.add(Clause{Kind: Phrase, Text: text, Negated: neg})
			continue
		}
		start := i
		for i < len(q) {
			r, w := utf8.DecodeRuneInString(q[i:])
			if unicode.IsSpace(r) {
				break
			}
			// field:"quoted value"
			if r == '"' && i > start && q[i-1] == ':' {
				end := strings.IndexByte(q[i+1:], '"')
				if end < 0 {
					i = len(q)
				} else {
					i += end + 2
				}
				continue
			}
			i += w
		}
		out.word(q[start:i], neg)
	}
	if len(out.Clauses) > MaxClauses {
		out.Clauses = out.Clauses[:MaxClauses]
		out.Notices = append(out.Notices, fmt.Sprintf("only the first %d words are used", MaxClauses))
	}
	return out
}

func (out *Query) add(c Clause) {
	if strings.TrimSpace(c.Text) == "" {
		return
	}
	out.Clauses = append(out.Clauses, c)
}

// word handles one whitespace-delimited token that is not a phrase.
func (out *Query) word(tok string, neg bool) {
	if k := strings.IndexByte(tok, ':'); k > 0 && k < len(tok)-1 && isFieldName(tok[:k]) {
		name := strings.ToLower(tok[:k])
		val := strings.Trim(tok[k+1:], "\"")
		if knownField(name) && !neg {
			out.filter(name, val)
			return
		}
		// A URL (https://...) is text, not a field anyone mistyped.
		if !knownField(name) && !strings.HasPrefix(val, "//") {
			out.Notices = append(out.Notices, fmt.Sprintf("unknown field %q searched as text (known: type, team, tag, author, since, until, year)", name))
		}
		out.add(Clause{Kind: Word, Text: tok[:k], Negated: neg})
		out.add(Clause{Kind: Word, Text: val, Negated: neg})
		return
	}
	if strings.HasSuffix(tok, "*") {
		t := strings.TrimRight(tok, "*")
		out.add(Clause{Kind: Prefix, Text: t, Negated: neg})
		return
	}
	out.add(Clause{Kind: Word, Text: tok, Negated: neg})
}

func isFieldName(s string) bool {
	if len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func (out *Query) filter(name, val string) {
	val = strings.ToLower(strings.TrimSpace(val))
	if val == "" {
		return
	}
	switch name {
	case "type":
		out.Type = val
	case "team":
		out.Team = val
	case "tag":
		out.Tag = val
	case "author":
		out.Author = val
	case "since":
		out.Since = val
	case "until":
		out.Until = val
	case "year":
		out.Since, out.Until = val, val
	}
}
