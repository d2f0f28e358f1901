// Package diag is the one shape every build problem takes on its way to
// the user: a file, a line and column, a severity, a stable code and a
// message. The build collects them instead of stopping at the first one;
// `lore build` prints them, `lore check` formats them for CI, and
// `lore serve` shows them in the browser.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Severity is how bad a diagnostic is.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Codes name each kind of problem so CI can filter on them.
const (
	CodeFrontMatter   = "front-matter"
	CodeEncoding      = "encoding"
	CodeRead          = "read"
	CodeDuplicateURL  = "duplicate-url"
	CodeTemplate      = "template"
	CodeBrokenLink    = "broken-link"
	CodeBrokenEmbed   = "broken-embed"
	CodeMissingAnchor = "missing-anchor"
	CodeAmbiguous     = "ambiguous-link"
	CodeSchema        = "schema"
	CodeDraftLink     = "draft-link"
	CodeConfig        = "config"
	CodeSymlink       = "symlink"
	CodeSpecialFile   = "special-file"
	// CodeUnsupported is markup of another tool that Lore shows as written
	// (a Hugo shortcode).
	CodeUnsupported = "unsupported"
	// CodeUnclosedComment is a %% comment never closed, which hides the
	// rest of its page.
	CodeUnclosedComment = "unclosed-comment"
	// CodeNesting is a line that opens more block quotes and list items
	// than Lore parses (markdown.MaxNesting).
	CodeNesting = "nesting"
	// CodeHighlight is a code block shown plain because its language's
	// lexer loops or is too slow on it.
	CodeHighlight = "highlight"
	// CodeHistory is about the checkout, not the notes (a shallow clone has
	// no history to date pages by): lore check --strict does not fail on it.
	CodeHistory = "history"
)

// Diagnostic is one problem found in one file.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
}

// Error is the diagnostic as one line of text, or as one line and
// indented continuation lines. Control characters in the file name are
// written as escapes, so that a file named "a\n::error::x.md" cannot print
// a line of its own, which CI runners such as GitHub Actions would read as
// a command.
func (d *Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(escapeControls(d.File, false))
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	msg := escapeControls(strings.ReplaceAll(d.Message, "\r\n", "\n"), true)
	fmt.Fprintf(&b, ": %s: %s", d.Severity, strings.ReplaceAll(msg, "\n", "\n  "))
	if d.Code != "" {
		fmt.Fprintf(&b, " [%s]", d.Code)
	}
	return b.String()
}

// escapeControls writes the control characters in s as Go escapes (\t,
// \x1b, \n), but newlines when keepNewlines is set.
func escapeControls(s string, keepNewlines bool) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) && !(keepNewlines && r == '\n') {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Errorf makes an error diagnostic.
func Errorf(file string, line, col int, code, format string, args ...any) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Col: col, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Warnf makes a warning diagnostic.
func Warnf(file string, line, col int, code, format string, args ...any) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...)}
}

// List is the diagnostics of one build.
type List []*Diagnostic

// Sort orders by file, line, column, then message, so output is stable.
func (l List) Sort() {
	slices.SortFunc(l, func(a, b *Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Message, b.Message))
	})
}

// Errors counts error-severity diagnostics.
func (l List) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Warnings counts warning-severity diagnostics.
func (l List) Warnings() int { return len(l) - l.Errors() }
