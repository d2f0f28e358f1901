package links_test

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/page"
)

// copyDir copies a folder, dot-folders included, as a user copying their
// vault would.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// vaultIndex is an independent, deliberately simple model of the vault:
// which names a wikilink may use (note names, aliases, attachment file
// names) and which headings each note has.
type vaultIndex struct {
	notes    map[string][]string // lower name or alias -> paths
	assets   map[string][]string // lower file name -> paths
	headings map[string][]string // path -> heading texts, lower
}

var (
	aliasLine  = regexp.MustCompile(`(?m)^aliases: \[(.*)\]$`)
	headingRE  = regexp.MustCompile(`(?m)^#{1,6} (.+)$`)
	fenceRE    = regexp.MustCompile("(?s)```.*?```")
	codeSpanRE = regexp.MustCompile("`[^`\n]*`")
	wikiRE     = regexp.MustCompile(`!?\[\[([^\[\]\n]+?)\]\]`)
	mdLinkRE   = regexp.MustCompile(`\]\(([^)\s]+)\)`)
)

func indexVault(t *testing.T, dir string) (*vaultIndex, map[string]string) {
	ix := &vaultIndex{notes: map[string][]string{}, assets: map[string][]string{}, headings: map[string][]string{}}
	sources := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(rel, ".md") {
			ix.assets[strings.ToLower(path.Base(rel))] = append(ix.assets[strings.ToLower(path.Base(rel))], rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		src := string(data)
		sources[rel] = src
		name := strings.ToLower(strings.TrimSuffix(path.Base(rel), ".md"))
		ix.notes[name] = append(ix.notes[name], rel)
		if m := aliasLine.FindStringSubmatch(src); m != nil {
			for _, a := range strings.Split(m[1], ",") {
				a = strings.ToLower(strings.TrimSpace(a))
				ix.notes[a] = append(ix.notes[a], rel)
			}
		}
		for _, h := range headingRE.FindAllStringSubmatch(src, -1) {
			ix.headings[rel] = append(ix.headings[rel], strings.ToLower(strings.TrimSpace(h[1])))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ix, sources
}

// resolvable says whether a wikilink written in file from could resolve.
func (ix *vaultIndex) resolvable(from, inner string) bool {
	target, _, _ := strings.Cut(inner, "|")
	target = strings.TrimSuffix(target, `\`)
	name, frag, _ := strings.Cut(target, "#")
	if name == "" {
		name = from
	}
	lower := strings.ToLower(strings.TrimSuffix(name, ".md"))
	var cands []string
	if paths, ok := ix.assets[path.Base(lower)]; ok {
		cands = paths
	} else if name == from {
		cands = []string{from}
	} else {
		for _, p := range ix.notes[path.Base(lower)] {
			if !strings.Contains(lower, "/") || strings.HasSuffix(strings.ToLower(strings.TrimSuffix(p, ".md")), lower) {
				cands = append(cands, p)
			}
		}
	}
	if len(cands) == 0 {
		return false
	}
	if frag == "" {
		return true
	}
	for _, c := range cands {
		if slices.Contains(ix.headings[c], strings.ToLower(frag)) {
			return true
		}
	}
	return false
}

// TestObsidianVault builds a copied Obsidian vault (testdata/vault: 100+
// notes, aliases, embeds, callouts, attachments, Unicode names, nested
// folders, .obsidian/) with no lore.yaml, and checks that the link stage
// agrees with an independent model of the vault on every link: each one
// that can resolve does, and only the links to notes nobody wrote are
// broken. Then it follows every link of the output.
func TestObsidianVault(t *testing.T) {
	src := filepath.Join(t.TempDir(), "My Vault")
	copyDir(t, filepath.Join("testdata", "vault"), src)
	ix, sources := indexVault(t, src)
	if len(sources) < 100 {
		t.Fatalf("vault has %d notes, want 100+", len(sources))
	}

	dest, site := buildToDir(t, src)
	if len(site.Pages) != len(sources) {
		t.Errorf("built %d pages from %d notes", len(site.Pages), len(sources))
	}

	// What the model expects to be broken, by file and target.
	wantBroken := map[string]bool{}
	total := 0
	for rel, text := range sources {
		text = codeSpanRE.ReplaceAllString(fenceRE.ReplaceAllString(text, ""), "")
		for _, m := range wikiRE.FindAllStringSubmatch(text, -1) {
			total++
			if !ix.resolvable(rel, m[1]) {
				target, _, _ := strings.Cut(m[1], "|")
				wantBroken[rel+" "+strings.TrimSuffix(target, `\`)] = true
			}
		}
	}
	gotBroken := map[string]bool{}
	links := 0
	for _, p := range site.Pages {
		for _, l := range p.Links {
			links++
			if l.Problem == "" {
				if l.To == nil && l.Asset == "" {
					t.Errorf("%s:%d: %s resolved to nothing", p.Path, l.Line, l.Target)
				}
				continue
			}
			target := l.Target
			if l.Fragment != "" {
				target += "#" + l.Fragment
			}
			if l.Kind == page.MarkdownLink || l.Kind == page.MarkdownImage {
				t.Errorf("%s:%d: Markdown link %s broken: %s", p.Path, l.Line, target, l.Problem)
				continue
			}
			gotBroken[p.Path+" "+target] = true
		}
	}
	for k := range wantBroken {
		if !gotBroken[k] {
			t.Errorf("expected broken, but resolved: %s", k)
		}
	}
	for k := range gotBroken {
		if !wantBroken[k] {
			t.Errorf("resolvable, but broken: %s", k)
		}
	}
	if links < total || total < 500 {
		t.Errorf("Lore saw %d links, the model %d wikilinks", links, total)
	}
	for _, u := range vaultUnwritten {
		found := false
		for k := range gotBroken {
			found = found || strings.HasSuffix(k, " "+u)
		}
		if !found {
			t.Errorf("link to unwritten note %q not reported", u)
		}
	}

	// Only warnings: ambiguous names ([[Risks]] from a meeting) and links
	// to unwritten notes. A vault must build as it is.
	codes := map[string]int{}
	for _, d := range site.Diagnostics {
		codes[d.Code]++
		if d.Severity != diag.Warning {
			t.Errorf("not a warning: %v", d)
		}
	}
	if codes[diag.CodeAmbiguous] == 0 || codes[diag.CodeBrokenLink] != len(gotBroken) {
		t.Errorf("diagnostics by code %v, broken links %d", codes, len(gotBroken))
	}

	// Obsidian's folders and templates' placeholders stay out of the site.
	if _, err := os.Stat(filepath.Join(dest, ".obsidian")); err == nil {
		t.Error(".obsidian was published")
	}
	for _, p := range site.Pages {
		if strings.HasPrefix(p.Path, ".") {
			t.Errorf("page from a dot-folder: %s", p.Path)
		}
	}

	// Callouts and embeds rendered, embeds from notes counted as backlinks.
	var callouts, embeds, images int
	for _, p := range site.Pages {
		c := string(p.Content)
		callouts += strings.Count(c, `class="callout callout-`)
		embeds += strings.Count(c, `<div class="embed" data-embed=`)
		images += strings.Count(c, `<img src="/attachments/Pasted%20image`)
	}
	if callouts < 30 || embeds < 10 || images < 10 {
		t.Errorf("callouts %d, embeds %d, pasted images %d", callouts, embeds, images)
	}
	runbook := findPage(site.Pages, "Areas/On-call/Runbook.md")
	embedded := false
	for _, b := range runbook.Backlinks {
		embedded = embedded || b.Embed
	}
	if len(runbook.Backlinks) < 10 || !embedded {
		t.Errorf("runbook backlinks %d, from an embed: %v", len(runbook.Backlinks), embedded)
	}

	if n := followLinks(t, dest, site); n < 1000 {
		t.Errorf("followed %d links", n)
	}
}

func findPage(pages []*page.Page, p string) *page.Page {
	for _, pg := range pages {
		if pg.Path == p {
			return pg
		}
	}
	return nil
}
