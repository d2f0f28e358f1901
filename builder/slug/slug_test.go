package slug

import "testing"

func TestMake(t *testing.T) {
	tests := map[string]string{
		"Sprint 42 Retro":          "sprint-42-retro",
		"2026-11-20-sprint-42":     "2026-11-20-sprint-42",
		"Café setup notes":         "café-setup-notes",
		"What went well?":          "what-went-well",
		"  lots   of   space ":     "lots-of-space",
		"C++ & Go: a_comparison":   "c-go-a-comparison",
		"日本語のノート":                  "日本語のノート",
		"v1.2 release":             "v1-2-release",
		"!!!":                      "",
		"Ünïcödé Ünderscores_here": "ünïcödé-ünderscores-here",
		"trailing dash -":          "trailing-dash",
		// Decomposed, as macOS's HFS+ stores names: the same slug.
		"Cafe\u0301 setup notes": "café-setup-notes",
	}
	for in, want := range tests {
		if got := Make(in); got != want {
			t.Errorf("Make(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPath(t *testing.T) {
	if got := Path("Retros/Sprint 42/Notes"); got != "retros/sprint-42/notes" {
		t.Errorf("Path = %q", got)
	}
}
