package search

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"
	"golang.org/x/sync/errgroup"
)

// formatVersion changes whenever the cache layout, the mapping or the ranking
// inputs change, or the text pages hand it (a document's hash covers only
// its source); an older cache is then rebuilt. 5: accents are folded.
// 6: "- [x](url)" starting a list item is a link, not a ticked box, and
// custom task marks ("- [/]") are boxes, so such items' text changed.
const formatVersion = 6

// Text fields, in the order used by field-length arrays and position records.
var textFields = [nFields]string{"title", "tags", "headings", "body", "code"}

const nFields = 5

// batchSize bounds memory during bulk indexing while keeping segments large:
// two batches are analysed and built at a time. On 10k pages, 500 rather
// than 1000 took the peak heap from about 700 to 520 MB for the same CPU;
// 250 saved another 90 MB but merging the smaller segments cost a second.
const batchSize = 500

const genKey = "lore-generation"

// Index is the search index kept in a cache folder. It is safe for concurrent
// use: queries run in parallel, updates are serialised.
type Index struct {
	dir  string
	logf func(string, ...any)
	an   *analyzers

	mu    sync.RWMutex
	bi    bleve.Index
	meta  metaFile
	snap  *snapshot // nil when stale
	snapM sync.Mutex
}

// metaFile is what the index keeps beside bleve: per-document metadata and
// field lengths (ranking needs them; bleve does not hand them back cheaply).
type metaFile struct {
	Version    int
	Generation uint64
	Docs       map[string]*docMeta // by URL
}

type docMeta struct {
	URL, Path, Title, Type, Team string
	Tags, Authors                []string
	Date                         time.Time
	Hash                         string
	Lens                         [nFields]int32
}

// Open opens the index cached in dir, creating it when missing. A cache that
// cannot be read, or was written by another version of Lore, is removed and
// recreated; logf says why. The next Sync then indexes every page.
func Open(dir string, logf func(format string, args ...any)) (*Index, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	an, err := newAnalyzers()
	if err != nil {
		return nil, fmt.Errorf("search: analyzers: %w", err)
	}
	x := &Index{dir: dir, logf: logf, an: an}
	if err := x.open(); err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			// Another Lore (lore serve) holds it: it is fine, and not ours
			// to delete.
			return nil, fmt.Errorf("%w: %s", ErrBusy, dir)
		}
		if !isIndexDir(dir) {
			return nil, fmt.Errorf("search: %s is not a search index Lore made, so Lore leaves it alone (is cacheDir in lore.yaml right?)", dir)
		}
		logf("search index in %s unusable (%v); rebuilding it", dir, err)
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("search: remove broken index %s: %w", dir, err)
		}
		if err := x.create(); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// isIndexDir reports whether dir is empty or holds what create makes. Only
// then may Open delete it: cacheDir is the site's to set, and a folder
// called search/ in the wrong place may hold someone's files.
func isIndexDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	if len(entries) == 0 {
		return true
	}
	for _, e := range entries {
		if e.Name() == "meta.gob" || e.Name() == "bleve" && e.IsDir() {
			return true
		}
	}
	return false
}

// ErrBusy is returned by Open when another process has the index open.
var ErrBusy = errors.New("search index is open in another lore process (lore serve?)")

// lockWait is how long Open waits for another process to let go of the
// index before giving up with ErrBusy.
const lockWait = 2 * time.Second

func (x *Index) bleveDir() string { return filepath.Join(x.dir, "bleve") }
func (x *Index) metaPath() string { return filepath.Join(x.dir, "meta.gob") }

func (x *Index) open() error {
	if _, err := os.Stat(x.dir); errors.Is(err, os.ErrNotExist) {
		return x.create()
	}
	raw, err := os.ReadFile(x.metaPath())
	if err != nil {
		return fmt.Errorf("read metadata: %w", err)
	}
	var m metaFile
	if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&m); err != nil {
		return fmt.Errorf("decode metadata: %w", err)
	}
	if m.Version != formatVersion {
		return fmt.Errorf("cache format %d, want %d", m.Version, formatVersion)
	}
	bi, err := bleve.OpenUsing(x.bleveDir(), scorchConfig())
	if err != nil {
		return fmt.Errorf("open bleve index: %w", err)
	}
	g, err := bi.GetInternal([]byte(genKey))
	if err != nil || string(g) != strconv.FormatUint(m.Generation, 10) {
		bi.Close()
		return fmt.Errorf("bleve index generation %q does not match metadata %d", g, m.Generation)
	}
	n, err := bi.DocCount()
	if err != nil || int(n) != len(m.Docs) {
		bi.Close()
		return fmt.Errorf("bleve index has %d documents, metadata %d", n, len(m.Docs))
	}
	if m.Docs == nil {
		m.Docs = map[string]*docMeta{}
	}
	x.bi, x.meta = bi, m
	return nil
}

func (x *Index) create() error {
	if err := os.MkdirAll(x.dir, 0o755); err != nil {
		return fmt.Errorf("search: create %s: %w", x.dir, err)
	}
	bi, err := bleve.NewUsing(x.bleveDir(), newMapping(), scorch.Name, scorch.Name, scorchConfig())
	if err != nil {
		return fmt.Errorf("search: create bleve index: %w", err)
	}
	x.bi = bi
	x.meta = metaFile{Version: formatVersion, Docs: map[string]*docMeta{}}
	adv, err := bi.Advanced()
	if err == nil {
		err = x.commit(index.NewBatch(), adv)
	}
	if err != nil {
		bi.Close()
		return err
	}
	return nil
}

func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = "en"
	im.ScoringModel = index.BM25Scoring
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range textFields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = "en"
		fm.Store, fm.IncludeInAll, fm.DocValues = false, false, false
		fm.IncludeTermVectors = true // positions, for phrases
		dm.AddFieldMappingsAt(f, fm)
	}
	// Filters and facets come from the metadata file, so type, team,
	// authors and dates are not indexed in bleve. The one stored field,
	// recField, is added by mapDocument without an analyzer. No _all composite field: nothing is searched through it.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	return im
}

// Len is the number of pages in the index.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.meta.Docs)
}

// Close releases the index.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.dropSnapshot()
	if x.bi == nil {
		return nil
	}
	err := x.bi.Close()
	x.bi = nil
	return err
}

// Sync makes the index hold exactly docs: changed or new pages are indexed,
// pages with an unchanged Hash are left alone, pages not in docs are removed.
func (x *Index) Sync(ctx context.Context, docs []Document) (SyncStats, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	keep := make(map[string]bool, len(docs))
	for i := range docs {
		keep[docs[i].URL] = true
	}
	var removed []string
	for u := range x.meta.Docs {
		if !keep[u] {
			removed = append(removed, u)
		}
	}
	slices.Sort(removed)
	return x.apply(ctx, docs, removed)
}

// Update indexes changed pages (unless their Hash is unchanged) and removes
// the pages whose URLs are in removed. It is what `lore serve` calls.
func (x *Index) Update(ctx context.Context, changed []Document, removed []string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	_, err := x.apply(ctx, changed, removed)
	return err
}

func (x *Index) apply(ctx context.Context, docs []Document, removed []string) (SyncStats, error) {
	var st SyncStats
	if x.bi == nil {
		return st, errors.New("search: index is closed")
	}
	var todo []*Document
	seen := map[string]bool{}
	for i := range docs {
		d := &docs[i]
		if d.URL == "" {
			return st, fmt.Errorf("search: document %q has no URL", d.Path)
		}
		if seen[d.URL] {
			return st, fmt.Errorf("search: duplicate URL %s (%s)", d.URL, d.Path)
		}
		seen[d.URL] = true
		if m, ok := x.meta.Docs[d.URL]; ok && d.Hash != "" && m.Hash == d.Hash {
			st.Unchanged++
			continue
		}
		todo = append(todo, d)
	}
	var dels []string
	for _, u := range removed {
		if _, ok := x.meta.Docs[u]; ok && !seen[u] {
			dels = append(dels, u)
		}
	}
	if len(todo) == 0 && len(dels) == 0 {
		return st, nil
	}
	x.dropSnapshot()
	adv, err := x.bi.Advanced()
	if err != nil {
		return st, fmt.Errorf("search: %w", err)
	}
	// Bulk batches run in parallel: bleve analyses a batch on its own worker
	// pool but builds the batch's segment on the calling goroutine. The last
	// batch carries the deletions and the new generation and goes alone,
	// once the others are in, and waits until bleve has it on disk.
	lens := make([][nFields]int32, len(todo))
	lastLo := max(0, len(todo)-batchSize)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for lo := 0; lo < lastLo; lo += batchSize {
		hi := min(lo+batchSize, lastLo)
		g.Go(func() error {
			b, mapped, err := x.newBatch(gctx, todo[lo:hi])
			if err != nil {
				return err
			}
			if err := adv.Batch(b); err != nil {
				return fmt.Errorf("search: index batch: %w", err)
			}
			fieldLengths(mapped, lens[lo:hi])
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return st, err
	}
	b, mapped, err := x.newBatch(ctx, todo[lastLo:])
	if err != nil {
		return st, err
	}
	for _, u := range dels {
		b.Delete(u)
	}
	// The generation travels with the last documents, so bleve and the
	// metadata file agree or the next Open rebuilds.
	x.meta.Generation++
	b.SetInternal([]byte(genKey), []byte(strconv.FormatUint(x.meta.Generation, 10)))
	if err := batchDurable(ctx, adv, b); err != nil {
		return st, fmt.Errorf("search: index batch: %w", err)
	}
	fieldLengths(mapped, lens[lastLo:])
	for i, d := range todo {
		m := newMeta(d)
		m.Lens = lens[i]
		x.meta.Docs[d.URL] = m
	}
	for _, u := range dels {
		delete(x.meta.Docs, u)
	}
	st.Indexed, st.Removed = len(todo), len(dels)
	return st, x.writeMeta()
}

// newBatch maps docs into a bleve batch.
func (x *Index) newBatch(ctx context.Context, docs []*Document) (*index.Batch, []index.Document, error) {
	b := index.NewBatch()
	mapped := make([]index.Document, len(docs))
	var rec recorder
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		bd, err := mapDocument(x.an.en, &rec, d)
		if err != nil {
			return nil, nil, err
		}
		mapped[i] = bd
		b.Update(bd)
	}
	return b, mapped, nil
}

// fieldLengths keeps the token counts ranking needs from documents that a
// batch has analysed.
func fieldLengths(mapped []index.Document, lens [][nFields]int32) {
	for i, bd := range mapped {
		bd.VisitFields(func(f index.Field) {
			if k := slices.Index(textFields[:], f.Name()); k >= 0 {
				lens[i][k] = int32(f.AnalyzedLength())
			}
		})
	}
}

// commit writes a new generation to bleve and then the metadata file.
func (x *Index) commit(b *index.Batch, adv index.Index) error {
	x.meta.Generation++
	b.SetInternal([]byte(genKey), []byte(strconv.FormatUint(x.meta.Generation, 10)))
	if err := batchDurable(context.Background(), adv, b); err != nil {
		return fmt.Errorf("search: write generation: %w", err)
	}
	return x.writeMeta()
}

// batchDurable applies b and waits until bleve has persisted it. With
// unsafe_batch, Batch returns once the segment is in memory, and Close stops
// the persister without flushing; the batch carrying a generation must be on
// disk before the metadata file names that generation, or the next Open
// finds them out of step and rebuilds everything.
func batchDurable(ctx context.Context, adv index.Index, b *index.Batch) error {
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := adv.Batch(b); err != nil {
		return err
	}
	select {
	case err := <-persisted:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writeMeta replaces the metadata file atomically.
func (x *Index) writeMeta() error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&x.meta); err != nil {
		return fmt.Errorf("search: encode metadata: %w", err)
	}
	tmp := x.metaPath() + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("search: write metadata: %w", err)
	}
	if err := os.Rename(tmp, x.metaPath()); err != nil {
		return fmt.Errorf("search: write metadata: %w", err)
	}
	return nil
}

func newMeta(d *Document) *docMeta {
	return &docMeta{URL: d.URL, Path: d.Path, Title: d.Title, Type: d.Type, Team: d.Team,
		Tags: slices.Clone(d.Tags), Authors: slices.Clone(d.Authors), Date: d.Date.UTC(), Hash: d.Hash}
}

// storedSections are a page's sections as [headingID, heading, text]: what
// snippets are cut from.
type storedSections [][3]string

// textOptions are the indexing options of the text fields: indexed, with
// term vectors (positions, for phrases), nothing stored.
const textOptions = index.IndexField | index.IncludeTermVectors

// recField is the stored-only field holding the page's excerpt record (see
// encodeRecord): what snippets are cut from and what the export copies.
const recField = "rec"

// encodeRecord is the export's excerpt record for d, framed by rec.record:
// JSON [url,title,type,date,[[headingID,heading,text]...]]. Building it at
// index time means unchanged pages are never encoded or compressed again.
func encodeRecord(rec *recorder, d *Document) ([]byte, error) {
	secs := make(storedSections, len(d.Sections))
	for i, s := range d.Sections {
		secs[i] = [3]string{s.HeadingID, s.Heading, s.Text}
	}
	date := ""
	if !d.Date.IsZero() {
		date = d.Date.UTC().Format("2006-01-02")
	}
	js, err := json.Marshal([]any{d.URL, d.Title, d.Type, date, secs})
	if err != nil {
		return nil, fmt.Errorf("search: encode %s: %w", d.Path, err)
	}
	return rec.record(js), nil
}

// mapDocument builds the bleve document for d. The fields are made here
// rather than by the index mapping: the same fields and options, without the
// mapping's reflection, and analysed by an (whose stemming is memoised).
func mapDocument(an analysis.Analyzer, rec *recorder, d *Document) (index.Document, error) {
	nb, nh := 0, 0
	for _, s := range d.Sections {
		nb, nh = nb+len(s.Text)+2, nh+len(s.Heading)+1
	}
	body, heads := make([]byte, 0, nb), make([]byte, 0, nh)
	for i, s := range d.Sections {
		if i > 0 {
			body = append(body, "\n\n"...)
			heads = append(heads, '\n')
		}
		body = append(body, s.Text...)
		heads = append(heads, s.Heading...)
	}
	r, err := encodeRecord(rec, d)
	if err != nil {
		return nil, err
	}
	text := [nFields][]byte{[]byte(d.Title), []byte(strings.Join(d.Tags, "\n")), heads, body, []byte(d.Code)}
	doc := newBleveDocument(d.URL)
	for f, name := range textFields {
		// An empty field has no terms and a length of 0 either way.
		if len(text[f]) > 0 {
			doc.AddField(newTextField(name, text[f], an))
		}
	}
	// Stored only, and without an analyzer: bleve analyses every text
	// field it is given, indexed or not, and this one is never searched.
	doc.AddField(document.NewTextFieldCustom(recField, nil, r, index.StoreField, nil))
	return doc, nil
}

// scorchConfig trades crash durability for indexing speed: the cache is
// disposable, and a torn write is caught by the generation check at Open.
func scorchConfig() map[string]any {
	return map[string]any{"unsafe_batch": true, "bolt_timeout": lockWait.String()}
}
