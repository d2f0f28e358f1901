// Package search owns Lore's full-text search: a bleve index kept in a cache
// folder (never published), the query language, a static export that the
// browser client (themes/default/static/js/search.js) reads, and a JSON
// endpoint for `lore serve`.
//
// Ranking is Lore's own, defined once and implemented twice (Go here, JS in the
// theme) so that the CLI, the server and the static site return the same order:
// every term/document pair gets a BM25 "impact" (a boosted sum of per-field
// BM25 term weights over title, tags, headings, body and code, quantised to an
// integer), a query scores sum(idf(term) * impact) over its clauses, the score is
// rounded to float32 and ties are broken by document number (URL order).
// bleve stores the inverted index, runs the `en` analyzer and supplies the
// postings; the export writes the very same impacts, so parity is by
// construction rather than by floating-point luck.
package search

import "time"

// Section is part of a page body, split at headings. The first section has an
// empty HeadingID.
type Section struct{ HeadingID, Heading, Text string }

// Document is one page handed to the index by the build pipeline.
type Document struct {
	URL      string // site-relative URL path without base path, e.g. "/retros/x/"
	Path     string // source path relative to the content root, slash-separated
	Title    string
	Type     string
	Team     string
	Tags     []string
	Authors  []string
	Date     time.Time // zero when unknown
	Sections []Section
	Code     string // text of code blocks, indexed with lower weight
	Hash     string // content hash; unchanged hash => not re-indexed
}

// Filters restrict results by metadata. Empty values do not filter.
type Filters struct {
	Type, Team, Tag, Author string
	Since, Until            time.Time
}

// Result is one ranked hit.
type Result struct {
	URL, Title, Type string
	Date             time.Time
	Score            float64
	Snippet          string // HTML: escaped text with <mark> around matches
	HeadingID        string // heading of the section the snippet comes from
}

// Results is the answer to a query.
type Results struct {
	Hits   []Result
	Total  int
	Fuzzy  []string // query words that fell back to fuzzy matching
	Notice string   // human-readable remark about the query (typos, ignored parts)
}

// SyncStats counts the work done by Sync.
type SyncStats struct {
	Indexed, Unchanged, Removed int
}
