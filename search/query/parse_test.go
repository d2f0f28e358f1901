package query

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		clauses []Clause
		typ     string
		notices int
	}{
		{"flaky tests", []Clause{{Word, "flaky", false}, {Word, "tests", false}}, "", 0},
		{`"flaky tests" -deploy`, []Clause{{Phrase, "flaky tests", false}, {Word, "deploy", true}}, "", 0},
		{`-"slow build" dep*`, []Clause{{Phrase, "slow build", true}, {Prefix, "dep", false}}, "", 0},
		{"type:Retro team:payments flaky", []Clause{{Word, "flaky", false}}, "retro", 0},
		{`"unbalanced quote`, []Clause{{Phrase, "unbalanced quote", false}}, "", 1},
		{"colour:red", []Clause{{Word, "colour", false}, {Word, "red", false}}, "", 1},
		// A URL is text, with no notice about a field called https.
		{"https://example.com/x", []Clause{{Word, "https", false}, {Word, "//example.com/x", false}}, "", 0},
		{"^foo.*bar$ (a|b)+", []Clause{{Word, "^foo.*bar$", false}, {Word, "(a|b)+", false}}, "", 0},
		{"  ", nil, "", 0},
		{"*", nil, "", 0},
		{"- a", []Clause{{Word, "-", false}, {Word, "a", false}}, "", 0},
	}
	for _, tt := range tests {
		q := Parse(tt.in)
		if !reflect.DeepEqual(q.Clauses, tt.clauses) || q.Type != tt.typ || len(q.Notices) != tt.notices {
			t.Errorf("Parse(%q) = %+v, type %q, notices %q", tt.in, q.Clauses, q.Type, q.Notices)
		}
	}
}

func TestParseFilters(t *testing.T) {
	q := Parse(`team:"data platform" tag:ci author:Ana since:2025-01 until:2025 year:2024 -type:adr`)
	if q.Team != "data platform" || q.Tag != "ci" || q.Author != "ana" || q.Since != "2024" || q.Until != "2024" {
		t.Errorf("filters: %+v", q)
	}
	if len(q.Clauses) != 2 || !q.Clauses[0].Negated {
		t.Errorf("negated field becomes excluded text: %+v", q.Clauses)
	}
}

func TestParseHuge(t *testing.T) {
	q := Parse(strings.Repeat("é word ", 2000))
	if len(q.Clauses) != MaxClauses || len(q.Notices) != 2 {
		t.Errorf("huge query: %d clauses, notices %q", len(q.Clauses), q.Notices)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"flaky tests", `"a b" -c d* type:x`, `team:"x`, "\xff\xfe", "-\"", "a:\"b\" c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if len(q.Clauses) > MaxClauses {
			t.Fatalf("%d clauses", len(q.Clauses))
		}
		for _, c := range q.Clauses {
			if strings.TrimSpace(c.Text) == "" || !utf8.ValidString(c.Text) {
				t.Fatalf("bad clause %+v", c)
			}
		}
	})
}
