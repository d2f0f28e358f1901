package slug

import "testing"

func TestMake(t *testing.T) {
	tests := map[string]string{
		"Sprint 42 Retro":          "sprint-42-retro",
		"2026-11-20-sprint-42":     "2026-11-20-sprint-42",
		"Café setup notes":         "café-setup-notes",
		"What went well?":          "what-went-well",
		"  lots   of   space ":     "lots-of-space",
		"C++ & Go: a_comparison":   "c-plus-plus-go-a-comparison",
		"C":                        "c",
		"C#":                       "c-sharp",
		"F# and C#9":               "f-sharp-and-c-sharp-9",
		"Notepad++":                "notepad-plus-plus",
		"A + B, issue #42":         "a-b-issue-42",
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

// GitHub's anchors, as github-slugger makes them.
func TestAnchor(t *testing.T) {
	for in, want := range map[string]string{
		"Table of Contents":     "table-of-contents",
		"HTTP/2 support":        "http2-support",
		"Commander.js":          "commanderjs",
		"axios.request(config)": "axiosrequestconfig",
		"A & B":                 "a--b",
		"🎉 Party":               "-party",
		"snake_case option":     "snake_case-option",
		"What's new?":           "whats-new",
		"Ünïcödé":               "ünïcödé",
		"日本語の見出し":               "日本語の見出し",
		"Cafe\u0301":            "café",
		"  padded  ":            "padded",
		"v1.2":                  "v12",
	} {
		if got := Anchor(in); got != want {
			t.Errorf("Anchor(%q) = %q, want %q", in, got, want)
		}
	}
}
