package builder

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
)

// TestURLEscapesLikeNetURL checks Site.URL, whose fast path skips net/url
// for plain paths, against net/url on hand-picked and random paths.
func TestURLEscapesLikeNetURL(t *testing.T) {
	reference := func(base, p string) string {
		frag := ""
		if i := strings.IndexByte(p, '#'); i >= 0 {
			p, frag = p[:i], p[i:]
		}
		return strings.ReplaceAll((&url.URL{Path: base + strings.TrimPrefix(p, "/")}).EscapedPath(), "+", "%2B") + frag
	}
	if got := (&Site{BasePath: "/"}).URL("/file+plus.pdf"); got != "/file%2Bplus.pdf" {
		t.Errorf("a '+', which S3 reads as a space, is written %q", got)
	}
	paths := []string{"/", "", "/tags/", "/notes/café-notes/", "/a b/", "/x/#sec", "/R&D/", "/100%/", "/a?b/", "/~u/v.w_x-y/"}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "az09/-._~ #%?&é+:@"
	for range 2000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(string([]rune(alphabet)[r.IntN(len([]rune(alphabet)))]))
		}
		paths = append(paths, b.String())
	}
	for _, base := range []string{"/", "/team-wiki/", "/team wiki/"} {
		s := &Site{BasePath: base}
		for _, p := range paths {
			if got, want := s.URL(p), reference(base, p); got != want {
				t.Errorf("base %q: URL(%q) = %q, want %q", base, p, got, want)
			}
		}
	}
}

// A folder or type name starting with a letter of several bytes keeps it
// whole: cutting at the first byte wrote invalid UTF-8 on every page.
func TestTitlesOfNonASCIINames(t *testing.T) {
	for name, want := range map[string]string{"ünïcødé": "Ünïcødé", "日本語": "日本語", "écrit_notes": "Écrit notes"} {
		if got := titleOfFolder(name); got != want {
			t.Errorf("titleOfFolder(%q) = %q, want %q", name, got, want)
		}
	}
	if got := typeTitle("écrit"); got != "Écrits" {
		t.Errorf("typeTitle = %q", got)
	}
}
