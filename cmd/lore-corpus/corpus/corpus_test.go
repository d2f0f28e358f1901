package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// treeHash hashes every file's path and contents under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
		h.Write(data)
		h.Write([]byte{0})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func write(t *testing.T, cfg Config, layout Layout) (string, *Stats) {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	st, err := c.WriteSite(context.Background(), dir, layout)
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Pages: 500, Seed: 7}
	a, _ := write(t, cfg, Lore)
	b, _ := write(t, cfg, Lore)
	if ha, hb := treeHash(t, a), treeHash(t, b); ha != hb {
		t.Errorf("same seed, different trees: %s != %s", ha, hb)
	}
	c, _ := write(t, Config{Pages: 500, Seed: 8}, Lore)
	if treeHash(t, a) == treeHash(t, c) {
		t.Error("different seeds gave the same tree")
	}
}

func TestShape(t *testing.T) {
	dir, st := write(t, Config{Pages: 1000, Seed: 1}, Lore)
	if data, err := os.ReadFile(filepath.Join(dir, "lore.yaml")); err != nil || string(data) != "title: Corpus\n" {
		t.Errorf("lore.yaml = %q, %v", data, err)
	}
	var pages, noFM, toml, yaml, pngs int
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(p, ".md"):
			pages++
			switch {
			case bytes.HasPrefix(data, []byte("---\n")):
				yaml++
			case bytes.HasPrefix(data, []byte("+++\n")):
				toml++
			case bytes.HasPrefix(data, []byte("# ")):
				noFM++
			default:
				t.Errorf("%s: starts with neither front matter nor a heading", p)
			}
			if len(data) < minSize || len(data) > maxSize {
				t.Errorf("%s: %d bytes, want %d..%d", p, len(data), minSize, maxSize)
			}
		case strings.HasSuffix(p, ".png"):
			pngs++
			if !bytes.HasPrefix(data, []byte("\x89PNG")) || len(data) > 1024 {
				t.Errorf("%s: not a small PNG (%d bytes)", p, len(data))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages != 1000 || st.Pages != 1000 {
		t.Errorf("wrote %d pages (stats say %d), want 1000", pages, st.Pages)
	}
	if pngs != 20 {
		t.Errorf("wrote %d images, want 20", pngs)
	}
	// About 10% without front matter, 5% TOML.
	if noFM < 50 || noFM > 150 || toml < 20 || toml > 80 {
		t.Errorf("front matter mix: yaml %d, toml %d, none %d", yaml, toml, noFM)
	}
	if st.MedianSize < 3000 || st.MedianSize > 5000 {
		t.Errorf("median page size %d, want 3-5 KB", st.MedianSize)
	}
	if st.Broken == 0 || st.Broken*50 > st.Wikilinks {
		t.Errorf("%d of %d wikilinks broken, want about 1%%", st.Broken, st.Wikilinks)
	}
	for _, sub := range []string{"retros", "journals", "mentoring", "meetings", "howtos", "notes", "attachments"} {
		if _, err := os.Stat(filepath.Join(dir, "content", sub)); err != nil {
			t.Error(err)
		}
	}
}

// TestLinksResolve checks that wikilinks and relative links point at pages
// that exist, except the deliberately broken ones.
func TestLinksResolve(t *testing.T) {
	c, err := New(Config{Pages: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	stems := map[string]bool{}
	paths := map[string]bool{}
	for _, p := range c.pages {
		stems[p.stem] = true
		paths[p.path] = true
	}
	for _, img := range c.images {
		stems[img] = true
		paths["attachments/"+img] = true
	}
	for i := range c.pages {
		rel, data, _ := c.Page(i)
		text := string(data)
		for {
			j := strings.Index(text, "[[")
			if j < 0 {
				break
			}
			k := strings.Index(text[j:], "]]")
			target := text[j+2 : j+k]
			text = text[j+k:]
			target, _, _ = strings.Cut(target, "|")
			target = strings.TrimSuffix(target, `\`) // [[x\|text]] in a table
			target, _, _ = strings.Cut(target, "#")
			if target == "double brackets" || strings.HasPrefix(target, "missing-") {
				continue
			}
			if !stems[target] && !paths[target+".md"] {
				t.Errorf("%s: wikilink to unknown %q", rel, target)
			}
		}
		// A table splits cells at an unescaped bar, link or not.
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "|") && wikilinkBar.MatchString(line) {
				t.Errorf("%s: table row splits a wikilink: %s", rel, line)
			}
		}
		for _, m := range strings.Split(string(data), "](")[1:] {
			link := m[:strings.IndexByte(m, ')')]
			if strings.HasPrefix(link, "http") {
				continue
			}
			resolved := filepath.ToSlash(filepath.Join(filepath.Dir(rel), link))
			if !paths[resolved] {
				t.Errorf("%s: relative link %q resolves to unknown %q", rel, link, resolved)
			}
		}
	}
}

func TestHugoLayout(t *testing.T) {
	dir, _ := write(t, Config{Pages: 50, Seed: 1}, Hugo)
	for _, f := range []string{"hugo.toml", "layouts/_default/baseof.html", "layouts/_default/single.html", "layouts/_default/list.html", "content/_index.md", "static/attachments"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestNotEmpty(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
	c, _ := New(Config{Pages: 1})
	if _, err := c.WriteSite(context.Background(), dir, Lore); err == nil {
		t.Error("wrote into a non-empty directory")
	}
}

func BenchmarkPages(b *testing.B) {
	c, _ := New(Config{Pages: 10000, Seed: 1})
	b.ResetTimer()
	var n int64
	for b.Loop() {
		for i := range c.Pages() {
			_, data, _ := c.Page(i)
			n += int64(len(data))
		}
	}
	b.SetBytes(n / int64(b.N))
}

// wikilinkBar finds [[target|text]] with the bar unescaped.
var wikilinkBar = regexp.MustCompile(`\[\[[^\]|]*[^\]\\|]\|`)
