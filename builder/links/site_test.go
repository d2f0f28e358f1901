package links_test

// Fixture sites: each testdata/*.txtar is a site (lore.yaml, content/...),
// built in memory; its page bodies, diagnostics, backlinks and link graph
// are compared byte for byte with testdata/<name>.golden. Run
//
//	go test ./builder/links -run TestFixtureSites -update
//
// to rewrite the goldens after a deliberate change, and review the diff.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// extract writes a txtar archive's files under a new temporary folder.
func extract(t testing.TB, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := txtar.Write(ar, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

var fixedNow = func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }

// buildSite builds the site in dir into out; it fails the test only when
// the build could not run at all (file errors are the fixture's subject).
func buildSite(t testing.TB, dir string, out builder.Output, check bool) *builder.Site {
	t.Helper()
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	site, err := builder.Build(context.Background(), builder.Options{Config: cfg, Output: out, Check: check, Now: fixedNow})
	if err != nil && !errors.Is(err, builder.ErrBuildFailed) {
		t.Fatalf("build: %v", err)
	}
	return site
}

func fixtures(t *testing.T) []string {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

func TestFixtureSites(t *testing.T) {
	for _, archive := range fixtures(t) {
		name := strings.TrimSuffix(filepath.Base(archive), ".txtar")
		t.Run(name, func(t *testing.T) {
			dir := extract(t, archive)
			out := builder.NewMemOutput()
			site := buildSite(t, dir, out, false)
			got := txtar.Format(snapshot(t, site, out))
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run with -update and review the diff):\n%s", golden, firstDiff(want, got))
			}
		})
	}
}

// snapshot is what a fixture's golden file holds: the diagnostics, every
// page's final body, backlinks with excerpts, and graph.json.
func snapshot(t testing.TB, site *builder.Site, out *builder.MemOutput) *txtar.Archive {
	ar := &txtar.Archive{}
	var diags bytes.Buffer
	for _, d := range site.Diagnostics {
		fmt.Fprintln(&diags, d.Error())
	}
	ar.Files = append(ar.Files, txtar.File{Name: "diagnostics", Data: diags.Bytes()})
	pages := slices.Clone(site.Pages)
	slices.SortFunc(pages, func(a, b *page.Page) int { return strings.Compare(a.Path, b.Path) })
	var bl bytes.Buffer
	for _, p := range pages {
		ar.Files = append(ar.Files, txtar.File{Name: p.Path + ".html", Data: []byte(p.Content)})
		for _, b := range p.Backlinks {
			embed := ""
			if b.Embed {
				embed = " (embed)"
			}
			fmt.Fprintf(&bl, "%s <- %s%s: %s\n", p.Path, b.From.Path, embed, b.Excerpt)
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: "backlinks", Data: bl.Bytes()})
	var graph bytes.Buffer
	if err := json.Indent(&graph, out.Files[builder.GraphFile], "", "  "); err != nil {
		t.Fatalf("graph.json: %v", err)
	}
	graph.WriteByte('\n')
	ar.Files = append(ar.Files, txtar.File{Name: builder.GraphFile, Data: graph.Bytes()})
	return ar
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return "(same lines, different bytes)"
}

// TestCheckSeverities: lore check (Options.Check) makes content problems
// errors; a normal build keeps them warnings so a wiki with a broken link
// still publishes. Ambiguity and links to drafts stay warnings in both.
func TestCheckSeverities(t *testing.T) {
	dir := extract(t, "testdata/syntax.txtar")
	build := buildSite(t, dir, builder.Discard(), false)
	if n := build.Diagnostics.Errors(); n != 0 {
		t.Errorf("build: %d errors, want warnings only:\n%v", n, build.Diagnostics)
	}
	check := buildSite(t, dir, builder.Discard(), true)
	sev := map[string]diag.Severity{}
	for _, d := range check.Diagnostics {
		if strings.Contains(d.Message, "not embedded") {
			continue // loops: TestEmbedLoopsAreWarnings
		}
		if s, ok := sev[d.Code]; ok && s != d.Severity {
			t.Errorf("code %s has both severities", d.Code)
		}
		sev[d.Code] = d.Severity
	}
	want := map[string]diag.Severity{
		diag.CodeBrokenLink: diag.Error, diag.CodeMissingAnchor: diag.Error, diag.CodeBrokenEmbed: diag.Error,
		diag.CodeAmbiguous: diag.Warning, diag.CodeDraftLink: diag.Warning,
	}
	for code, s := range want {
		if sev[code] != s {
			t.Errorf("check: %s is %q, want %q", code, sev[code], s)
		}
	}
}

// TestEmbedLoopsAreWarnings: loops and over-deep nesting are warnings in
// check mode too (the page still shows something sensible), while a
// missing embed target is an error.
func TestEmbedLoopsAreWarnings(t *testing.T) {
	dir := extract(t, "testdata/syntax.txtar")
	site := buildSite(t, dir, builder.Discard(), true)
	var loops, missing int
	for _, d := range site.Diagnostics {
		if d.Code != diag.CodeBrokenEmbed {
			continue
		}
		switch {
		case strings.Contains(d.Message, "not embedded"):
			loops++
			if d.Severity != diag.Warning {
				t.Errorf("loop is %s: %v", d.Severity, d)
			}
		case d.Severity == diag.Error:
			missing++
		}
	}
	if loops != 4 || missing != 2 {
		t.Errorf("loops %d (want 4: A->B, B->A, Self, Deep), missing %d (want 2: Nowhere, shots/gone.png)\n%v", loops, missing, site.Diagnostics)
	}
}

// Notes that all embed one another would each show 14^4 notes: a page
// shows at most MaxEmbeds, and says so once, on the page.
func TestEmbedsPerPageAreCapped(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "lore.yaml"), []byte("title: T\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	const n = 15
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "Note %d.\n", i)
		for j := range n {
			if j != i {
				fmt.Fprintf(&b, "\n![[n%d]]\n", j)
			}
		}
		os.WriteFile(filepath.Join(dir, "content", fmt.Sprintf("n%d.md", i)), []byte(b.String()), 0o644)
	}
	out := builder.NewMemOutput()
	site := buildSite(t, dir, out, false)
	page := string(out.Files["n0/index.html"])
	if got := strings.Count(page, `<div class="embed" data-embed=`); got != links.MaxEmbeds {
		t.Errorf("n0 shows %d embedded notes, want %d", got, links.MaxEmbeds)
	}
	if !strings.Contains(page, "this page already shows 200 embedded notes") {
		t.Error("no notice where embeds stop")
	}
	var said []string
	for _, d := range site.Diagnostics {
		if strings.Contains(d.Message, "shows more than") {
			said = append(said, d.File)
		}
	}
	if len(said) != n {
		t.Errorf("told on %d pages, want %d: %v", len(said), n, said)
	}
}

var hrefRE = regexp.MustCompile(`\b(?:href|src)="([^"]*)"`)

func TestOutgoingIncoming(t *testing.T) {
	dir := extract(t, "testdata/syntax.txtar")
	site := buildSite(t, dir, builder.Discard(), false)
	byPath := map[string]*page.Page{}
	for _, p := range site.Pages {
		byPath[p.Path] = p
	}
	host := byPath["embeds/Host.md"]
	var out []string
	for _, p := range site.Outgoing(host) {
		out = append(out, p.Path)
	}
	if strings.Join(out, ",") != "notes/Note.md,projects/Ledger.md,notes/Decisions.md" {
		t.Errorf("outgoing %v", out)
	}
	var in []string
	for _, p := range site.Incoming(byPath["notes/Note.md"]) {
		in = append(in, p.Path)
	}
	slices.Sort(in)
	want := []string{"embeds/Host.md", "index.md", "meetings/urls.md", "notes/日本語メモ.md", "projects/Ledger.md"}
	if !slices.Equal(in, want) {
		t.Errorf("incoming %v, want %v", in, want)
	}
}
