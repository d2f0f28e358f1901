package corpus

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Layout is the kind of site a corpus is written as.
type Layout int

const (
	// Lore writes DIR/lore.yaml, DIR/content/**.md and
	// DIR/content/attachments/*.png.
	Lore Layout = iota
	// Hugo writes the same Markdown as a minimal Hugo site: DIR/hugo.toml,
	// DIR/layouts/_default/{baseof,single,list}.html, DIR/content/**.md
	// (index.md becomes _index.md) and DIR/static/attachments/*.png.
	// Wikilinks stay as text.
	Hugo
)

// Stats describes a written corpus.
type Stats struct {
	Pages         int
	Images        int
	MarkdownBytes int64
	ImageBytes    int64
	// Size percentiles of the Markdown files, in bytes.
	MinSize, P10Size, MedianSize, P90Size, P99Size, MaxSize int
	Kinds                                                   map[string]int // pages per kind: retro, journal, ...
	FrontMatter                                             map[string]int // yaml, toml, none
	Counts
}

const loreConfig = "title: Corpus\n"

const hugoConfig = `baseURL = "http://example.org/"
title = "Corpus"

[markup.goldmark.renderer]
unsafe = false
`

var hugoLayouts = map[string]string{
	"baseof.html": `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`,
	"single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}</article>{{ end }}
`,
	"list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
}

// Write generates the corpus cfg describes and writes it into dir: New
// and WriteSite in one call, for the benchmarks that build a generated
// site from disk.
func Write(ctx context.Context, dir string, cfg Config, layout Layout) error {
	c, err := New(cfg)
	if err != nil {
		return err
	}
	_, err = c.WriteSite(ctx, dir, layout)
	return err
}

// WriteSite writes the corpus into dir, which must not exist or be empty.
// Pages are written in parallel; the bytes depend only on the Config.
func (c *Corpus) WriteSite(ctx context.Context, dir string, layout Layout) (*Stats, error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("write corpus: %s is not empty", dir)
	}
	content := filepath.Join(dir, "content")
	imgDir := filepath.Join(content, "attachments")
	switch layout {
	case Lore:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("write corpus: %w", err)
		}
		if err := writeFile(filepath.Join(dir, "lore.yaml"), []byte(loreConfig)); err != nil {
			return nil, err
		}
	case Hugo:
		if err := os.MkdirAll(filepath.Join(dir, "layouts", "_default"), 0o755); err != nil {
			return nil, fmt.Errorf("write corpus: %w", err)
		}
		if err := writeFile(filepath.Join(dir, "hugo.toml"), []byte(hugoConfig)); err != nil {
			return nil, err
		}
		for name, text := range hugoLayouts {
			if err := writeFile(filepath.Join(dir, "layouts", "_default", name), []byte(text)); err != nil {
				return nil, err
			}
		}
		imgDir = filepath.Join(dir, "static", "attachments")
	default:
		return nil, fmt.Errorf("write corpus: unknown layout %d", layout)
	}
	for _, d := range c.dirs() {
		if d == "attachments" && layout == Hugo {
			continue
		}
		if err := os.MkdirAll(filepath.Join(content, filepath.FromSlash(d)), 0o755); err != nil {
			return nil, fmt.Errorf("write corpus: %w", err)
		}
	}
	if err := os.MkdirAll(imgDir, 0o755); err != nil {
		return nil, fmt.Errorf("write corpus: %w", err)
	}

	sizes := make([]int, len(c.pages))
	counts := make([]Counts, len(c.pages))
	imgSizes := make([]int, len(c.images))
	// Jobs 0..len(pages)-1 are pages, the rest images.
	err := parallel(ctx, len(c.pages)+len(c.images), func(k int) error {
		if k < len(c.pages) {
			rel, data, n := c.Page(k)
			if layout == Hugo && rel == "index.md" {
				rel = "_index.md"
			}
			sizes[k], counts[k] = len(data), n
			return writeFile(filepath.Join(content, filepath.FromSlash(rel)), data)
		}
		j := k - len(c.pages)
		name, data, err := c.Image(j)
		if err != nil {
			return err
		}
		imgSizes[j] = len(data)
		return writeFile(filepath.Join(imgDir, name), data)
	})
	if err != nil {
		return nil, err
	}

	st := &Stats{
		Pages:       len(c.pages),
		Images:      len(c.images),
		Kinds:       map[string]int{},
		FrontMatter: map[string]int{},
	}
	for i := range c.pages {
		st.MarkdownBytes += int64(sizes[i])
		st.Counts.add(counts[i])
		st.Kinds[c.pages[i].kind.String()]++
		st.FrontMatter[[...]string{"yaml", "toml", "none"}[c.pages[i].fm]]++
	}
	for _, n := range imgSizes {
		st.ImageBytes += int64(n)
	}
	slices.Sort(sizes)
	q := func(f float64) int { return sizes[int(f*float64(len(sizes)-1))] }
	st.MinSize, st.P10Size, st.MedianSize, st.P90Size, st.P99Size, st.MaxSize = q(0), q(0.1), q(0.5), q(0.9), q(0.99), q(1)
	return st, nil
}

// Image renders attachment j as a small PNG: a few coloured blocks with a
// little noise, a few hundred bytes.
func (c *Corpus) Image(j int) (string, []byte, error) {
	r := rand.New(rand.NewPCG(c.cfg.Seed^0x1a6e, uint64(j)))
	w, h := 16+r.IntN(48), 12+r.IntN(36)
	pal := make(color.Palette, 4)
	for k := range pal {
		pal[k] = color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255}
	}
	img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	for k := 0; k < 3+r.IntN(4); k++ {
		x0, y0 := r.IntN(w), r.IntN(h)
		x1, y1 := x0+1+r.IntN(w-x0), y0+1+r.IntN(h-y0)
		ci := uint8(r.IntN(len(pal)))
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetColorIndex(x, y, ci)
			}
		}
	}
	for k := w * h / 20; k > 0; k-- {
		img.SetColorIndex(r.IntN(w), r.IntN(h), uint8(r.IntN(len(pal))))
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", nil, fmt.Errorf("encode %s: %w", c.images[j], err)
	}
	return c.images[j], buf.Bytes(), nil
}

func writeFile(name string, data []byte) error {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("write corpus: %w", err)
	}
	return nil
}

// String summarises the stats for people.
func (s *Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d pages, %.1f MB Markdown; %d images, %.1f KB\n", s.Pages, float64(s.MarkdownBytes)/1e6, s.Images, float64(s.ImageBytes)/1e3)
	fmt.Fprintf(&b, "page size: min %d, p10 %d, median %d, p90 %d, p99 %d, max %d bytes\n", s.MinSize, s.P10Size, s.MedianSize, s.P90Size, s.P99Size, s.MaxSize)
	fmt.Fprintf(&b, "kinds:")
	for k := kindHome; k < numKinds; k++ {
		fmt.Fprintf(&b, " %s %d", k, s.Kinds[k.String()])
	}
	fmt.Fprintf(&b, "\nfront matter: yaml %d, toml %d, none %d\n", s.FrontMatter["yaml"], s.FrontMatter["toml"], s.FrontMatter["none"])
	n := s.Counts
	fmt.Fprintf(&b, "wikilinks %d (#heading %d, |alias %d, path %d, broken %d), relative links %d, external %d\n",
		n.Wikilinks, n.WikilinkHeading, n.WikilinkAlias, n.WikilinkPath, n.Broken, n.RelativeLinks, n.ExternalLinks)
	fmt.Fprintf(&b, "images ![[...]] %d, ![](...) %d; code blocks %d, tables %d, callouts %d, quotes %d, lists %d, tasks %d\n",
		n.ImageEmbeds, n.ImageLinks, n.CodeBlocks, n.Tables, n.Callouts, n.Quotes, n.Lists, n.Tasks)
	return b.String()
}

// parallel runs f(0..n-1) on GOMAXPROCS workers and returns the first
// error. (golang.org/x/sync/errgroup would do, but go.mod lists it as
// indirect and that file is not this command's to change.)
func parallel(ctx context.Context, n int, f func(int) error) error {
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= n {
					return
				}
				err := ctx.Err()
				if err == nil {
					err = f(k)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					next.Store(int64(n)) // stop handing out work
					return
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}
