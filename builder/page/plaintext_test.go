package page

import "testing"

func TestLabelLinks(t *testing.T) {
	label := func(i int) string { return []string{"Growth sprint 1 retro", "Runbook"}[i] }
	for _, c := range []struct{ in, want string }{
		{"no links here", "no links here"},
		{"see " + LinkMarker(0) + " and " + LinkMarker(1) + ".", "see Growth sprint 1 retro and Runbook."},
		{LinkMarker(1), "Runbook"},
		// truncate cut the text inside a marker: the marker goes, the
		// ellipsis stays.
		{"see the " + LinkMarker(0)[:4] + "…", "see the…"},
		{"odd \uFFF9x\uFFFB marker", "odd  marker"},
	} {
		if got := LabelLinks(c.in, label); got != c.want {
			t.Errorf("LabelLinks(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPlainName(t *testing.T) {
	for _, c := range [][3]string{
		{"folder/Deploy guide.md", "", "Deploy guide"},
		{"", "Risks", "Risks"},
		{"2026-01-07-growth-sprint-1", "What went well", "2026-01-07-growth-sprint-1"},
	} {
		if got := PlainName(c[0], c[1]); got != c[2] {
			t.Errorf("PlainName(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
