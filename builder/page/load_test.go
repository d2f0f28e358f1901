package page

import (
	"strings"
	"testing"
	"time"
)

func types(folder string) (string, bool) {
	if folder == "retros" {
		return "retro", true
	}
	return "", false
}

func TestParseYAML(t *testing.T) {
	src := "---\ntitle: Sprint 42\ntags: [ci, Testing, ci]\nauthors: alice, bob\nteam: payments\n---\n# Body\n"
	p, err := Parse("retros/2026-11-20-sprint-42.md", []byte(src), Options{TypeForFolder: types})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Sprint 42" || p.Type != "retro" || p.Team != "payments" {
		t.Errorf("got title %q type %q team %q", p.Title, p.Type, p.Team)
	}
	if want := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC); !p.Date.Equal(want) {
		t.Errorf("date %v from file name, want %v", p.Date, want)
	}
	if strings.Join(p.Tags, ",") != "ci,Testing" || strings.Join(p.Authors, ",") != "alice,bob" {
		t.Errorf("tags %v authors %v", p.Tags, p.Authors)
	}
	if p.URL != "/retros/2026-11-20-sprint-42/" {
		t.Errorf("URL %q", p.URL)
	}
	if p.BodyLine != 7 || string(p.Body) != "# Body\n" {
		t.Errorf("body line %d body %q", p.BodyLine, p.Body)
	}
	if p.KeyLines["team"] != 5 {
		t.Errorf("team key on line %d, want 5", p.KeyLines["team"])
	}
}

func TestParseTOMLAndPlain(t *testing.T) {
	p, err := Parse("notes/x.md", []byte("+++\ntitle = \"T\"\ndate = 2025-01-02\n+++\nbody"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "T" || p.Date.Year() != 2025 || p.Type != "note" {
		t.Errorf("toml page %+v", p)
	}
	p, err = Parse("Café setup notes.md", []byte("just text"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.HasFrontMatter || p.Title != "Café setup notes" || p.URL != "/café-setup-notes/" {
		t.Errorf("plain page title %q url %q", p.Title, p.URL)
	}
	p, _ = Parse("onboarding/README.md", []byte("x"), Options{})
	if !p.IsIndex || p.URL != "/onboarding/" || p.Title != "Onboarding" {
		t.Errorf("index page url %q title %q", p.URL, p.Title)
	}
}

// TestParseByteOrderMark checks that the mark Windows editors write before
// UTF-8 text hides neither front matter nor a heading, and moves no line.
func TestParseByteOrderMark(t *testing.T) {
	p, err := Parse("bom.md", []byte("\ufeff---\ntitle: T\ntags: [a]\n---\nx\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasFrontMatter || p.Title != "T" || strings.Join(p.Tags, ",") != "a" {
		t.Errorf("front matter lost: has %v title %q tags %v", p.HasFrontMatter, p.Title, p.Tags)
	}
	if p.KeyLines["tags"] != 3 || p.BodyLine != 5 || string(p.Body) != "x\n" {
		t.Errorf("tags on line %d, body on line %d: %q", p.KeyLines["tags"], p.BodyLine, p.Body)
	}
	p, err = Parse("bom.md", []byte("\ufeff# H\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Body) != "# H\n" || p.BodyLine != 1 {
		t.Errorf("body on line %d: %q", p.BodyLine, p.Body)
	}
	_, err = Parse("bom.md", []byte("\ufeff---\ntitle: ok\nx: y: z\n---\n"), Options{})
	if want := "bom.md:3: error: invalid YAML"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want prefix %q", err, want)
	}
	// An editor shows no column for the mark, so neither does Lore.
	_, err = Parse("bom.md", []byte("\ufeffab\xff"), Options{})
	if want := "bom.md:1:3: error: file is not valid UTF-8"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want prefix %q", err, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"bad yaml", "---\ntitle: ok\nx: y: z\n---\n", "bad.md:3: error: invalid YAML: mapping values are not allowed in this context [front-matter]"},
		{"bad first line", "---\ntitle: Sprint 42: what went wrong\n---\n", "bad.md:2: error: invalid YAML: mapping values are not allowed in this context [front-matter]"},
		// yaml.v3 counts its parser's lines from 0 and its scanner's from 1.
		{"open list", "---\ntitle: x\ntags: [a, b\nteam: web\n---\n", "bad.md:3: error: invalid YAML: did not find expected ',' or ']' [front-matter]"},
		{"open list at end", "---\ntitle: [x\n---\n", "bad.md:2: error: invalid YAML: did not find expected ',' or ']' [front-matter]"},
		{"stray item", "---\ntitle: x\n- item\n---\n", "bad.md:3: error: invalid YAML: did not find expected key [front-matter]"},
		{"control character", "---\ntitle: x\nteam: a\x00b\n---\n", "bad.md:3: error: invalid YAML: control characters are not allowed [front-matter]"},
		{"C1 control character", "---\ntitle: x\nnote: \"a\u0080b\"\n---\n", "bad.md:3: error: invalid YAML: control characters are not allowed [front-matter]"},
		{"open quote", "---\ntitle: x\ndescription: \"open\nteam: web\n---\n", "bad.md:3: error: invalid YAML: found unexpected end of stream [front-matter]"},
		{"unclosed", "---\ntitle: x\n\nbody\n", "bad.md:1:1: error: front matter opened with \"---\" is never closed [front-matter]"},
		{"bad date", "---\ntitle: x\ndate: next tuesday\n---\n", "bad.md:3: error: date: \"next tuesday\" is not a date (use YYYY-MM-DD) [front-matter]"},
		{"bad title", "---\ntitle: [a]\n---\n", "bad.md:2: error: title must be text, not a list [front-matter]"},
		{"bad draft", "---\ndraft: maybe\n---\n", "bad.md:2: error: draft must be true or false, not text [front-matter]"},
		{"bad publish", "---\ntitle: x\npublish: no thanks\n---\n", "bad.md:3: error: publish must be true or false, not text [front-matter]"},
		{"not utf8", "ok\nbad \xff here", "bad.md:2:5: error: file is not valid UTF-8 (save it as UTF-8) [encoding]"},
		{"bad toml", "+++\ntitle = \n+++\n", "bad.md:2: error: invalid TOML: expected value"},
		{"not a map", "---\n- a\n- b\n---\n", "bad.md:2: error: front matter must be a map"},
		// BurntSushi/toml took 8.8 s and 3.9 GB on 40 KB of these.
		{"deep toml", "+++\ntitle = \"t\"\nx = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n+++\n", "bad.md:3: error: TOML arrays and tables nest more than 100 deep"},
	}
	for _, tt := range tests {
		_, err := Parse("bad.md", []byte(tt.src), Options{})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want prefix %q", tt.name, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("---\ntitle: x\ntags: [a]\n---\nbody")
	f.Add("+++\ntitle = 'x'\n+++\n")
	f.Add("---\n---\n")
	f.Add("\n\n---\ndate: 2020-01-01\n")
	f.Add("\ufeff---\ntitle: x\n---\n# H\n")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse("f/2020-01-01-x.md", []byte(src), Options{TypeForFolder: types})
		if err != nil {
			return
		}
		if p.URL == "" || p.Title == "" || p.BodyLine < 1 {
			t.Fatalf("incomplete page %+v", p)
		}
	})
}

func TestTagTerms(t *testing.T) {
	p := &Page{Tags: []string{"project/alpha/api", "Project", "ci"}}
	if got := strings.Join(p.TagTerms(), ","); got != "project/alpha/api,Project,ci,project/alpha" {
		t.Errorf("terms %s", got)
	}
	flat := &Page{Tags: []string{"a", "b"}}
	if got := flat.TagTerms(); &got[0] != &flat.Tags[0] {
		t.Error("tags without nesting were copied")
	}
	if got := strings.Join(p.Tags, ","); got != "project/alpha/api,Project,ci" {
		t.Errorf("the page's own tags changed: %s", got)
	}
}

// A page without title: or H1 is titled by its file name: as written when
// a person wrote it, as words when it is a slug.
func TestTitleFromName(t *testing.T) {
	for name, want := range map[string]string{
		"Wi-Fi setup.md":                    "Wi-Fi setup",
		"iPhone tips.md":                    "iPhone tips",
		"eBay.md":                           "eBay",
		"COVID-19 notes.md":                 "COVID-19 notes",
		"Daily/2024-03-05.md":               "2024-03-05",
		"2024-W10.md":                       "2024-W10",
		"v1.2 release notes.md":             "v1.2 release notes",
		"meeting notes.md":                  "meeting notes",
		"retros/2026-11-20-sprint-42.md":    "Sprint 42",
		"howtos/writing_webhooks.md":        "Writing webhooks",
		"onboarding.md":                     "Onboarding",
		"2026-11-20 Sprint review.md":       "Sprint review",
		"journals/alice/2026-01-02-café.md": "Café",
	} {
		p, err := Parse(name, []byte("Text.\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != want {
			t.Errorf("%s: title %q, want %q", name, p.Title, want)
		}
	}
}

// Obsidian vaults write properties in any case and date notes with
// created: and modified:; Hugo sites with lastmod:.
func TestObsidianProperties(t *testing.T) {
	src := "---\nTags: [books, scifi]\nAliases: Dune book\ncreated: 2024-03-05\nmodified: 2024-04-01\n---\nText.\n"
	p, err := Parse("Books/Dune.md", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Tags, ",") != "books,scifi" || strings.Join(p.Aliases, ",") != "Dune book" {
		t.Errorf("tags %v aliases %v", p.Tags, p.Aliases)
	}
	if p.Date.Format("2006-01-02") != "2024-03-05" || p.Updated.Format("2006-01-02") != "2024-04-01" {
		t.Errorf("date %v updated %v", p.Date, p.Updated)
	}
	// date: wins over created:, and a bad value names the key as written.
	p, _ = Parse("a.md", []byte("---\ndate: 2025-01-02\ncreated: 2024-03-05\n---\n"), Options{})
	if p.Date.Format("2006-01-02") != "2025-01-02" {
		t.Errorf("date %v, want date: to win", p.Date)
	}
	// A stand-in date Lore cannot read (Obsidian's Linter writes "Tuesday,
	// January 2nd 2024") is passed over; a bad date: is still an error.
	for _, src := range []string{"Created: Tuesday, January 2nd 2024, 10:30:00 am", "modified: 1704067200000", "Date: soon"} {
		if p, err := Parse("b.md", []byte("---\n"+src+"\n---\n"), Options{}); err != nil || !p.Date.IsZero() || !p.Updated.IsZero() {
			t.Errorf("%s: %v", src, err)
		}
	}
	if _, err = Parse("b.md", []byte("---\ndate: soon\n---\n"), Options{}); err == nil || !strings.Contains(err.Error(), "b.md:2: error: date:") {
		t.Errorf("bad date: %v", err)
	}
	// Draft: and Publish: in any case; url: only as a site path.
	if p, _ := Parse("c.md", []byte("---\nPublish: false\nDraft: true\n---\n"), Options{}); !p.Unpublished || !p.Draft {
		t.Errorf("Publish: false / Draft: true read as %v / %v", p.Unpublished, p.Draft)
	}
	for src, want := range map[string]string{
		"url: https://go.dev/blog/": "/bm/",
		"URL: /elsewhere/":          "/bm/",
		"url: /about-us":            "/about-us/",
		"url: /about.html":          "/about.html",
	} {
		if p, _ := Parse("bm.md", []byte("---\n"+src+"\n---\n"), Options{}); p.URL != want {
			t.Errorf("%s: URL %s, want %s", src, p.URL, want)
		}
	}
}

// Files from classic Mac OS end lines with CR alone.
func TestCROnlyLineEndings(t *testing.T) {
	p, err := Parse("b.md", []byte("---\rtitle: CR only\rtags: [a]\r---\rline one\r\rline two\r"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "CR only" || p.BodyLine != 5 || len(p.Tags) != 1 {
		t.Errorf("title %q, body line %d, tags %v", p.Title, p.BodyLine, p.Tags)
	}
}

// Docusaurus orders pages by sidebar_position, which counts as weight.
func TestSidebarPositionIsWeight(t *testing.T) {
	p, err := Parse("docs/intro.md", []byte("---\nsidebar_position: 2\n---\nIntro.\n"), Options{})
	if err != nil || p.Weight != 2 {
		t.Errorf("weight %d (%v)", p.Weight, err)
	}
	p, _ = Parse("docs/a.md", []byte("---\nweight: 5\nsidebar_position: 2\n---\n"), Options{})
	if p.Weight != 5 {
		t.Errorf("weight: should win, got %d", p.Weight)
	}
}
