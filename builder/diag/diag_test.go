package diag

import (
	"strings"
	"testing"
)

// A CI runner reads a log line that starts with "::" as a command: no file
// name or message may start one.
func TestErrorStartsNoLine(t *testing.T) {
	d := Errorf("notes/a\n::error title=x::pwned\r.md", 2, 0, CodeRead, "first\n::warning::second\x1b[2J")
	got := d.Error()
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "::") {
			t.Errorf("line %q starts a command in\n%s", line, got)
		}
	}
	want := "notes/a\\n::error title=x::pwned\\r.md:2: error: first\n  ::warning::second\\x1b[2J [read]"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
