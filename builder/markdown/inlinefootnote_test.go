package markdown

import (
	"regexp"
	"strings"
	"testing"
)

func TestInlineFootnotesNumberWithLabelledOnes(t *testing.T) {
	p := render(t, "First.^[Inline *one* about [[Other]].] Then.[^a] More.^[Two, with [brackets] and `code ]`.] Again.[^a]\n\n[^a]: The labelled note.\n")
	html := string(p.BodyHTML)
	// References in reading order: 1 (inline), 2 (labelled), 3 (inline), 2.
	refs := regexp.MustCompile(`href="#fn:(\d)"`).FindAllStringSubmatch(html, -1)
	var got []string
	for _, r := range refs {
		got = append(got, r[1])
	}
	if strings.Join(got, ",") != "1,2,3,2" {
		t.Errorf("references %v, want 1,2,3,2 in:\n%s", got, html)
	}
	notes := regexp.MustCompile(`(?s)<li id="fn:(\d)">\s*<p>(.*?)&#160;`).FindAllStringSubmatch(html, -1)
	want := [][2]string{
		{"1", `Inline <em>one</em> about <a href="other">Other</a>.`},
		{"2", "The labelled note."},
		{"3", "Two, with [brackets] and <code>code ]</code>."},
	}
	if len(notes) != len(want) {
		t.Fatalf("%d notes, want %d, in:\n%s", len(notes), len(want), html)
	}
	for i, w := range want {
		if notes[i][1] != w[0] || !strings.Contains(notes[i][2], strings.SplitN(w[1], "<a", 2)[0]) {
			t.Errorf("note %d: %q %q, want %q %q", i, notes[i][1], notes[i][2], w[0], w[1])
		}
	}
	if !strings.Contains(html, `href="#fnref1:2"`) {
		t.Errorf("the labelled note lost its second backlink:\n%s", html)
	}
	if len(p.Links) != 1 || p.Links[0].Target != "Other" {
		t.Errorf("a wikilink inside an inline note is not recorded: %+v", p.Links)
	}
}

func TestInlineFootnoteAlone(t *testing.T) {
	html := string(render(t, "Only this.^[Just a note.]\n").BodyHTML)
	for _, want := range []string{
		`Only this.<sup id="fnref:1"><a href="#fn:1"`,
		`<div class="footnotes" role="doc-endnotes">`,
		`<li id="fn:1">` + "\n<p>Just a note.&#160;" + `<a href="#fnref:1"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
}

func TestNotInlineFootnotes(t *testing.T) {
	html := string(render(t, "Powers 2^3, ^[never closed, `^[code]`, \\^[escaped], ^[] and [x ^ [y].\n").BodyHTML)
	if strings.Contains(html, "footnote") {
		t.Errorf("made a footnote:\n%s", html)
	}
	if !strings.Contains(html, "Powers 2^3, ^[never closed, <code>^[code]</code>, ^[escaped], ^[] and [x ^ [y].") {
		t.Errorf("text changed:\n%s", html)
	}
}

// An inner note whose ']' went by inside maths stays text, and does not
// keep the note around it open.
func TestInlineFootnoteAroundOneThatCannotClose(t *testing.T) {
	html := string(render(t, "Outer ^[see ^[with $a]$ x] done.\n").BodyHTML)
	for _, want := range []string{
		`Outer <sup id="fnref:1"><a href="#fn:1"`,
		`</sup> done.</p>`,
		`<p>see ^[with <span class="math">a]</span> x&#160;`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in:\n%s", want, html)
		}
	}
}

// A note in a heading is not part of its ID, as a [^label] one is not.
func TestInlineFootnoteInHeading(t *testing.T) {
	html := string(render(t, "## Alpha^[Inline note text.] beta\n").BodyHTML)
	if !strings.Contains(html, `<h2 id="alpha-beta">`) {
		t.Errorf("heading ID:\n%s", html)
	}
}

// In a link's text, the note's reference follows the link: an <a> in an
// <a> is not HTML.
func TestInlineFootnoteInLinkText(t *testing.T) {
	html := string(render(t, "See [the claim^[A note.]](https://example.com) here.\n").BodyHTML)
	if !strings.Contains(html, `<a href="https://example.com">the claim</a><sup id="fnref:1">`) {
		t.Errorf("html:\n%s", html)
	}
}
