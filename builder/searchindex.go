package builder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lore-wiki/lore/builder/links"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
	"github.com/lore-wiki/lore/search"
)

// SearchDir is the search index's folder inside the cache folder.
func SearchDir(cacheDir string) string { return filepath.Join(cacheDir, "search") }

// searchSync is the search index being brought up to date, and then
// exported, in the background while the site renders.
type searchSync struct {
	idx *search.Index
	// tmp is a folder to remove once the index is closed: the index made
	// for this build alone while another Lore holds the cache's.
	tmp    string
	cancel context.CancelFunc
	done   chan struct{}
	files  []searchFile // the static index, manifest last
	err    error
}

type searchFile struct {
	name string
	data []byte
}

// startIndex opens the cached bleve index and starts bringing it up to date
// with the site (pages whose document is unchanged are not re-indexed) in
// the background: after the link stage the pages' text, titles and
// metadata are final, so indexing overlaps rendering and writing. The
// static index is exported in the same goroutine as soon as the index is
// complete, so that overlaps them too (on 10k pages it is about a second
// of the build's end otherwise); the index stage waits and writes it out.
func (b *build) startIndex(ctx context.Context) error {
	if !b.searching() {
		return nil
	}
	docs := SearchDocuments(b.site.Pages)
	idx, tmp, err := b.openIndex()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &searchSync{idx: idx, tmp: tmp, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		if _, s.err = idx.Sync(ctx, docs); s.err != nil {
			return
		}
		s.err = idx.ExportTo(ctx, func(name string, data []byte) error {
			s.files = append(s.files, searchFile{name, data})
			return nil
		})
	}()
	b.search = s
	return nil
}

// openIndex opens the search index cached in the site's cache folder. When
// another Lore has it open (lore serve, while the author runs lore build),
// the build indexes into a temporary folder instead: slower, as a build
// without a cache is, but it neither waits nor touches the other's index.
func (b *build) openIndex() (idx *search.Index, tmp string, err error) {
	dir := SearchDir(b.cfg.CachePath())
	idx, err = search.Open(dir, b.opt.Logf)
	if !errors.Is(err, search.ErrBusy) {
		return idx, "", err
	}
	b.opt.Logf("search: the index in %s is open in another lore (lore serve?); indexing every page into a temporary one", dir)
	tmp, err = os.MkdirTemp("", "lore-search-")
	if err != nil {
		return nil, "", fmt.Errorf("search: %w", err)
	}
	idx, err = search.Open(filepath.Join(tmp, "search"), b.opt.Logf)
	if err != nil {
		_ = os.RemoveAll(tmp)
		return nil, "", err
	}
	return idx, tmp, nil
}

// searching reports whether this build makes a search index.
func (b *build) searching() bool {
	return !b.cfg.Search.Disabled && !b.opt.NoSearch && !b.opt.Check
}

// index waits for the background sync and export and writes the static
// index for the browser under /_lore/search/.
func (b *build) index(ctx context.Context) error {
	s := b.search
	if s == nil {
		return nil
	}
	defer b.stopIndex()
	select {
	case <-s.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if s.err != nil {
		return s.err
	}
	for _, f := range s.files {
		if err := b.opt.Output.WriteFile(search.ExportDir+"/"+f.name, f.data); err != nil {
			return fmt.Errorf("search: export %s: %w", f.name, err)
		}
	}
	return nil
}

// stopIndex cancels a background sync that is still running, waits for it
// and closes the index. The index stage calls it; a build that stops
// before the index stage must call it too, or the index stays open.
func (b *build) stopIndex() {
	s := b.search
	if s == nil {
		return
	}
	b.search = nil
	s.cancel()
	<-s.done
	if err := s.idx.Close(); err != nil {
		b.opt.Logf("search: close index: %v", err)
	}
	if s.tmp != "" {
		_ = os.RemoveAll(s.tmp)
	}
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
		Tags: p.TagTerms(), Authors: records.Authors(p), Date: p.Date, Code: p.Code,
	}
	label := links.PlainLabels(p)
	for _, s := range p.Sections {
		d.Sections = append(d.Sections, search.Section{HeadingID: s.HeadingID, Heading: s.Heading,
			Text: page.LabelLinks(s.Text, label)})
	}
	// The source hash alone would miss changes that come from elsewhere:
	// a type from lore.yaml, a date from git, a renamed URL.
	h := sha256.New()
	for _, s := range []string{p.Hash, p.URL, p.Type, p.Title, p.Team, p.Date.String(),
		strings.Join(p.Tags, "\x00"), strings.Join(d.Authors, "\x00")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	// The text names linked pages by their titles, which other files set.
	for _, l := range p.Links {
		h.Write([]byte(links.PlainLabel(l)))
		h.Write([]byte{0})
	}
	d.Hash = hex.EncodeToString(h.Sum(nil)[:12])
	return d
}
