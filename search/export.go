package search

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// ExportDir is where the static index lives under the site root.
const ExportDir = "_lore/search"

// Export layout (all names but manifest.json carry a content hash, so hosts
// may cache them forever; gzip'd files are named .bin so no host adds a
// Content-Encoding and the client inflates them with DecompressionStream):
//
//	manifest.json  routing tables, file names, site-wide facet counts
//	t-<h>.bin      gzip: term shards, contiguous term ranges balanced by size:
//	               term, df, position-record span, postings (doc delta, impact)
//	p-<h>.bin      position records, one record per term (flag byte, then raw or raw-deflate bytes), read by
//	               HTTP Range only for phrase queries
//	s-<h>.bin      excerpt records, one framed JSON record per page
//	               [url,title,type,date,[[headingID,heading,text]...]], read by
//	               (multi-)Range; the whole file is the fallback
//	d-<h>.bin      gzip: record length per page (offsets are their running sum)
//	v-<h>.bin      gzip: vocabulary shards (term, df) for typo fallback
//	f-<h>.bin      gzip JSON: per-page facet values, loaded when filtering
//
// The number of files grows with index size / shardTarget, not with pages.
const (
	shardTarget = 48 << 10 // raw bytes per term shard before gzip
	vocabTarget = 64 << 10
)

type manifest struct {
	Version int                     `json:"version"`
	Docs    int                     `json:"docs"`
	Shards  [][2]string             `json:"shards"` // [first term, file]
	Vocab   [][2]string             `json:"vocab"`
	Pos     string                  `json:"pos"`
	Store   string                  `json:"store"`
	DocMap  string                  `json:"docmap"`
	Facets  string                  `json:"facets"`
	Counts  map[string][]facetCount `json:"counts"`
	Limits  map[string]int          `json:"limits"`
}

// Export writes the static search index to dst/_lore/search (dst is the site
// output root). Existing files in that folder are removed first.
func (x *Index) Export(ctx context.Context, dst string) error {
	out := filepath.Join(dst, filepath.FromSlash(ExportDir))
	if err := os.RemoveAll(out); err != nil {
		return fmt.Errorf("search: export: %w", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("search: export: %w", err)
	}
	return x.ExportTo(ctx, func(name string, data []byte) error {
		return os.WriteFile(filepath.Join(out, name), data, 0o644)
	})
}

// ExportTo writes the static search index through write, which receives
// file names relative to ExportDir. The build uses it to put the index into
// whatever output it writes (a staging folder, memory).
//
// The files are a function of the index's generation, so they are also kept
// in the cache folder; while Sync changes nothing (a warm build), ExportTo
// replays them instead of exporting again.
func (x *Index) ExportTo(ctx context.Context, write func(name string, data []byte) error) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	stamp := x.exportStamp()
	if files := x.cachedExport(stamp); files != nil {
		for _, f := range files {
			if err := write(f.name, f.data); err != nil {
				return fmt.Errorf("search: export %s: %w", f.name, err)
			}
		}
		return nil
	}
	var files []exportFile
	err := x.export(ctx, func(name string, data []byte) error {
		files = append(files, exportFile{name, data})
		return write(name, data)
	})
	if err != nil {
		return err
	}
	if err := x.saveExport(stamp, files); err != nil {
		x.logf("search: could not keep the exported index in the cache (%v); the next build exports it again", err)
	}
	return nil
}

// export computes the static index; manifest.json is written last.
func (x *Index) export(ctx context.Context, write func(name string, data []byte) error) error {
	s, err := x.snapshotLocked()
	if err != nil {
		return err
	}
	w := &exportWriter{put: write}
	m := manifest{Version: formatVersion, Docs: len(s.docs), Counts: s.facet.counts,
		Limits: map[string]int{"expansions": maxExpansions, "fuzzy": maxFuzzy}}
	if err := x.exportTerms(ctx, s, w, &m); err != nil {
		return err
	}
	if err := x.exportStore(ctx, s, w, &m); err != nil {
		return err
	}
	if m.Facets, err = w.gzipFile("f", facetJSON(s)); err != nil {
		return err
	}
	js, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("search: export manifest: %w", err)
	}
	if err := write("manifest.json", js); err != nil {
		return fmt.Errorf("search: export manifest: %w", err)
	}
	return nil
}

type exportWriter struct {
	put func(name string, data []byte) error
	z   *gzip.Writer
	buf bytes.Buffer
}

func (w *exportWriter) write(prefix string, data []byte) (string, error) {
	h := sha256.Sum256(data)
	name := prefix + "-" + hex.EncodeToString(h[:6]) + ".bin"
	if err := w.put(name, data); err != nil {
		return "", fmt.Errorf("search: export %s: %w", name, err)
	}
	return name, nil
}

// gzipFile writes data gzip'd, with one writer for the whole export: a
// gzip writer allocates about a megabyte, and there are a hundred shards at
// 10k pages.
func (w *exportWriter) gzipFile(prefix string, data []byte) (string, error) {
	w.buf.Reset()
	if w.z == nil {
		w.z, _ = gzip.NewWriterLevel(&w.buf, gzip.DefaultCompression)
	} else {
		w.z.Reset(&w.buf)
	}
	w.z.Write(data)
	if err := w.z.Close(); err != nil {
		return "", err
	}
	return w.write(prefix, bytes.Clone(w.buf.Bytes()))
}

// recorder frames records for the Range-read files. Each goroutine that
// encodes records has its own: a flate writer costs more to create than
// compressing a small record, and a sync.Pool loses its writers at every
// garbage collection.
type recorder struct {
	z   *flate.Writer
	buf bytes.Buffer
}

// record frames data: a flag byte (0 stored, 1 raw deflate) and the bytes.
// Tiny records are not worth compressing. Every page's excerpt record and
// every term's positions pass through here, so the level is BestSpeed: at
// 10k pages the default level took about 1.5 s of CPU more for files 7%
// smaller (19.4 vs 21.3 MB of records, 8.87 vs 8.95 MB of positions), and a
// query reads only a few records.
func (r *recorder) record(data []byte) []byte {
	if len(data) < 64 {
		return append([]byte{0}, data...)
	}
	r.buf.Reset()
	r.buf.WriteByte(1)
	if r.z == nil {
		r.z, _ = flate.NewWriter(&r.buf, flate.BestSpeed)
	} else {
		r.z.Reset(&r.buf)
	}
	r.z.Write(data)
	r.z.Close()
	if r.buf.Len() >= len(data)+1 {
		return append([]byte{0}, data...)
	}
	return bytes.Clone(r.buf.Bytes())
}

// unrecord undoes record.
func unrecord(rec []byte) ([]byte, error) {
	if len(rec) == 0 {
		return nil, errors.New("empty record")
	}
	switch rec[0] {
	case 0:
		return rec[1:], nil
	case 1:
		return io.ReadAll(flate.NewReader(bytes.NewReader(rec[1:])))
	}
	return nil, fmt.Errorf("record flag %d", rec[0])
}

type termData struct {
	term     string
	postings []byte // df, then (doc delta, impact) pairs
	pos      []byte // deflated position record
}

func (x *Index) exportTerms(ctx context.Context, s *snapshot, w *exportWriter, m *manifest) error {
	terms, err := s.allTerms()
	if err != nil {
		return err
	}
	data := make([]termData, len(terms))
	// One worker per core takes chunks of terms in turn, with its own
	// scratch memory and flate writer.
	g, gctx := errgroup.WithContext(ctx)
	const chunk = 256
	var next atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		g.Go(func() error {
			var sc postScratch
			var rec recorder
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(terms) {
					return nil
				}
				for i := lo; i < min(lo+chunk, len(terms)); i++ {
					ps, err := s.postings(gctx, terms[i], true, &sc)
					if err != nil {
						return err
					}
					data[i] = encodeTerm(&rec, terms[i], ps)
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// Positions: one file, records addressed by (offset, length).
	var pos bytes.Buffer
	offs := make([][2]int, len(data))
	for i, d := range data {
		offs[i] = [2]int{pos.Len(), len(d.pos)}
		pos.Write(d.pos)
	}
	if m.Pos, err = w.write("p", pos.Bytes()); err != nil {
		return err
	}
	// Cut the terms into term and vocabulary shards in order, compress the
	// shards in parallel, then write them in order.
	var files []shardFile
	var shard, vocab []byte
	var shardN, vocabN int
	var shardFirst, vocabFirst string
	cut := func(kind string, buf *[]byte, n *int, first string) {
		if *n == 0 {
			return
		}
		body := binary.AppendUvarint(nil, uint64(*n))
		files = append(files, shardFile{kind: kind, first: first, body: append(body, *buf...)})
		*buf, *n = (*buf)[:0], 0
	}
	for i, d := range data {
		if len(d.postings) == 0 {
			continue
		}
		if shardN == 0 {
			shardFirst = d.term
		}
		shard = appendString(shard, d.term)
		shard = binary.AppendUvarint(shard, uint64(offs[i][0]))
		shard = binary.AppendUvarint(shard, uint64(offs[i][1]))
		shard = append(shard, d.postings...)
		shardN++
		if vocabN == 0 {
			vocabFirst = d.term
		}
		vocab = appendString(vocab, d.term)
		df, _ := binary.Uvarint(d.postings)
		vocab = binary.AppendUvarint(vocab, df)
		vocabN++
		if len(shard) >= shardTarget {
			cut("t", &shard, &shardN, shardFirst)
		}
		if len(vocab) >= vocabTarget {
			cut("v", &vocab, &vocabN, vocabFirst)
		}
	}
	cut("t", &shard, &shardN, shardFirst)
	cut("v", &vocab, &vocabN, vocabFirst)
	if err := gzipShards(ctx, files); err != nil {
		return err
	}
	for _, f := range files {
		name, err := w.write(f.kind, f.body)
		if err != nil {
			return err
		}
		list := &m.Shards
		if f.kind == "v" {
			list = &m.Vocab
		}
		*list = append(*list, [2]string{f.first, name})
	}
	return nil
}

// shardFile is a term ("t") or vocabulary ("v") shard: its first term and
// its body, gzip'd in place by gzipShards.
type shardFile struct {
	kind, first string
	body        []byte
}

// gzipShards compresses the shards on every core. There are about a
// hundred at 10k pages, and one after the other they were the longest part
// of the export that ran on one core.
func gzipShards(ctx context.Context, files []shardFile) error {
	g, ctx := errgroup.WithContext(ctx)
	var next atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		g.Go(func() error {
			var buf bytes.Buffer
			z, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return nil
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				buf.Reset()
				z.Reset(&buf)
				z.Write(files[i].body)
				if err := z.Close(); err != nil {
					return err
				}
				files[i].body = bytes.Clone(buf.Bytes())
			}
		})
	}
	return g.Wait()
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func encodeTerm(rec *recorder, term string, ps []posting) termData {
	if len(ps) == 0 {
		return termData{term: term}
	}
	b := binary.AppendUvarint(nil, uint64(len(ps)))
	var pos []byte
	prev := int32(-1)
	for _, p := range ps {
		b = binary.AppendUvarint(b, uint64(p.doc-prev))
		b = binary.AppendUvarint(b, uint64(p.impact))
		prev = p.doc
		var mask byte
		for f := range nFields {
			if len(p.pos[f]) > 0 {
				mask |= 1 << f
			}
		}
		pos = append(pos, mask)
		for f := range nFields {
			if len(p.pos[f]) == 0 {
				continue
			}
			pos = binary.AppendUvarint(pos, uint64(len(p.pos[f])))
			last := int32(0)
			for _, at := range p.pos[f] {
				pos = binary.AppendUvarint(pos, uint64(at-last))
				last = at
			}
		}
	}
	return termData{term: term, postings: b, pos: rec.record(pos)}
}

// exportStore concatenates the excerpt records, which were encoded and
// compressed when their pages were indexed.
func (x *Index) exportStore(ctx context.Context, s *snapshot, w *exportWriter, m *manifest) error {
	recs := make([][]byte, len(s.docs))
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	const chunk = 256
	for lo := 0; lo < len(s.docs); lo += chunk {
		g.Go(func() error {
			for i := lo; i < min(lo+chunk, len(s.docs)); i++ {
				r, err := s.record(int32(i))
				if err != nil {
					return err
				}
				recs[i] = r
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var store bytes.Buffer
	lens := binary.AppendUvarint(nil, uint64(len(recs)))
	for _, r := range recs {
		store.Write(r)
		lens = binary.AppendUvarint(lens, uint64(len(r)))
	}
	var err error
	if m.Store, err = w.write("s", store.Bytes()); err != nil {
		return err
	}
	m.DocMap, err = w.gzipFile("d", lens)
	return err
}

// facetJSON lists each facet's values once and, per page, indexes into them:
// [typeIdx, teamIdx, [tagIdx...], [authorIdx...], day] (-1 / null = none).
func facetJSON(s *snapshot) []byte {
	vals := map[string][]string{}
	idx := map[string]map[string]int{}
	id := func(facet, v string) int {
		if v == "" {
			return -1
		}
		if idx[facet] == nil {
			idx[facet] = map[string]int{}
		}
		if k, ok := idx[facet][v]; ok {
			return k
		}
		idx[facet][v] = len(vals[facet])
		vals[facet] = append(vals[facet], v)
		return idx[facet][v]
	}
	docs := make([][]any, len(s.facet.docs))
	for i, fd := range s.facet.docs {
		tags := []int{}
		for _, t := range fd.tags {
			tags = append(tags, id("tag", t))
		}
		authors := []int{}
		for _, a := range fd.authors {
			authors = append(authors, id("author", a))
		}
		var day any
		if fd.hasDate {
			day = fd.day
		}
		docs[i] = []any{id("type", fd.typ), id("team", fd.team), tags, authors, day}
	}
	js, _ := json.Marshal(map[string]any{"values": vals, "docs": docs})
	return js
}
