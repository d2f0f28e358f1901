package builder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"

	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/search"
)

// SearchDir is the search index's folder inside the cache folder.
func SearchDir(cacheDir string) string { return filepath.Join(cacheDir, "search") }

// index brings the cached bleve index up to date with the site (pages whose
// document is unchanged are not re-indexed) and exports it as static files
// for the browser under /_lore/search/.
func (b *build) index(ctx context.Context) error {
	if b.cfg.Search.Disabled || b.opt.NoSearch || b.opt.Check {
		return nil
	}
	idx, err := search.Open(SearchDir(b.cfg.CachePath()), b.opt.Logf)
	if err != nil {
		return err
	}
	defer idx.Close()
	if _, err := idx.Sync(ctx, SearchDocuments(b.site.Pages)); err != nil {
		return err
	}
	return idx.ExportTo(ctx, func(name string, data []byte) error {
		return b.opt.Output.WriteFile(search.ExportDir+"/"+name, data)
	})
}

// SearchDocuments turns pages into search documents.
func SearchDocuments(pages []*page.Page) []search.Document {
	docs := make([]search.Document, 0, len(pages))
	for _, p := range pages {
		docs = append(docs, SearchDocument(p))
	}
	return docs
}

// SearchDocument is what the search index knows of one page.
func SearchDocument(p *page.Page) search.Document {
	d := search.Document{
		URL: p.URL, Path: p.Path, Title: p.Title, Type: p.Type, Team: p.Team,
		Tags: p.Tags, Authors: p.Authors, Date: p.Date, Code: p.Code,
	}
	for _, s := range p.Sections {
		d.Sections = append(d.Sections, search.Section{HeadingID: s.HeadingID, Heading: s.Heading, Text: s.Text})
	}
	// The source hash alone would miss changes that come from elsewhere:
	// a type from lore.yaml, a date from git, a renamed URL.
	h := sha256.New()
	for _, s := range []string{p.Hash, p.URL, p.Type, p.Title, p.Team, p.Date.String(),
		strings.Join(p.Tags, "\x00"), strings.Join(p.Authors, "\x00")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	d.Hash = hex.EncodeToString(h.Sum(nil)[:12])
	return d
}
