package search

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

// Snippet window, in bytes of source text around the first match.
const (
	snippetBefore = 60
	snippetLen    = 220
)

// decodeSections takes the sections out of an excerpt record's JSON,
// [url,title,type,date,sections].
func decodeSections(js []byte) (storedSections, error) {
	var rec []json.RawMessage
	if err := json.Unmarshal(js, &rec); err != nil || len(rec) != 5 {
		return nil, fmt.Errorf("search: stored sections: not a record (%v)", err)
	}
	var s storedSections
	if err := json.Unmarshal(rec[4], &s); err != nil {
		return nil, fmt.Errorf("search: stored sections: %w", err)
	}
	return s, nil
}

// snippet picks the section matching the most distinct query terms (the
// earliest on ties) and cuts a window around its first match, with <mark>
// around matches. search.js does the same on excerpt records.
func snippet(an *analyzers, secs storedSections, terms map[string]bool) (string, string) {
	best, bestN := -1, 0
	var bestToks []token
	for i, s := range secs {
		toks := analyze(an.en, s[2])
		seen := map[string]bool{}
		for _, t := range toks {
			if terms[t.term] {
				seen[t.term] = true
			}
		}
		if len(seen) > bestN {
			best, bestN, bestToks = i, len(seen), toks
		}
	}
	if best < 0 {
		if len(secs) == 0 {
			return "", ""
		}
		return window(secs[0][2], nil, terms), secs[0][0]
	}
	return window(secs[best][2], bestToks, terms), secs[best][0]
}

func window(text string, toks []token, terms map[string]bool) string {
	first := -1
	for _, t := range toks {
		if terms[t.term] {
			first = t.start
			break
		}
	}
	start := 0
	if first > snippetBefore {
		start = first - snippetBefore
		if k := strings.IndexByte(text[start:first], ' '); k >= 0 {
			start += k + 1
		}
	}
	for start < len(text) && !utf8.RuneStart(text[start]) {
		start++
	}
	end := min(len(text), start+snippetLen)
	if end < len(text) {
		if k := strings.LastIndexByte(text[start:end], ' '); k > 0 {
			end = start + k
		}
		for end > start && end < len(text) && !utf8.RuneStart(text[end]) {
			end--
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, t := range toks {
		if !terms[t.term] || t.start < start || t.end > end {
			continue
		}
		b.WriteString(html.EscapeString(text[at:t.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[t.start:t.end]))
		b.WriteString("</mark>")
		at = t.end
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}
