package builder

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/lore-wiki/lore/builder/page"
)

// GraphFile is where the link graph is published.
const GraphFile = "_lore/graph.json"

// Graph is the site's link graph as published in _lore/graph.json, for a
// graph view or other tools: every published page, and one edge per
// linking page and linked page (links and embeds alike).
type Graph struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
}

// GraphNode is one page; ID is its source path.
type GraphNode struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Title string `json:"title"`
	Type  string `json:"type,omitempty"`
}

// GraphEdge is a link from one page to another, by source path.
type GraphEdge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Graph builds the link graph from resolved links.
func (s *Site) Graph() *Graph {
	g := &Graph{Nodes: make([]GraphNode, 0, len(s.Pages)), Edges: []GraphEdge{}}
	for _, p := range s.Pages {
		g.Nodes = append(g.Nodes, GraphNode{ID: p.Path, URL: p.URL, Title: p.Title, Type: p.Type})
		for _, to := range s.Outgoing(p) {
			g.Edges = append(g.Edges, GraphEdge{From: p.Path, To: to.Path})
		}
	}
	slices.SortFunc(g.Nodes, func(a, b GraphNode) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Edges, func(a, b GraphEdge) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
	})
	return g
}

// Outgoing lists the pages p links to or embeds, once each, in the order
// of their first link. Templates use it as {{range .Site.Outgoing .Page}}.
func (s *Site) Outgoing(p *page.Page) []*page.Page {
	var out []*page.Page
	for _, l := range p.Links {
		if l.To == nil || l.To == p || l.Problem != "" || slices.Contains(out, l.To) {
			continue
		}
		out = append(out, l.To)
	}
	return out
}

// Incoming lists the pages that link to p or embed it, once each, in the
// order of p.Backlinks (which also carry excerpts).
func (s *Site) Incoming(p *page.Page) []*page.Page {
	out := make([]*page.Page, 0, len(p.Backlinks))
	for _, b := range p.Backlinks {
		out = append(out, b.From)
	}
	return out
}

// writeGraph publishes the graph compactly: nodes as [id, url, title,
// type] arrays and edges as [from, to] indexes into nodes. At 10k pages
// this is a seventh of the size of one object per edge.
func (b *build) writeGraph() error {
	g := b.site.Graph()
	index := make(map[string]int, len(g.Nodes))
	out := struct {
		Nodes [][4]string `json:"nodes"`
		Edges [][2]int    `json:"edges"`
	}{Nodes: make([][4]string, len(g.Nodes)), Edges: make([][2]int, 0, len(g.Edges))}
	for i, n := range g.Nodes {
		index[n.ID] = i
		out.Nodes[i] = [4]string{n.ID, n.URL, n.Title, n.Type}
	}
	for _, e := range g.Edges {
		out.Edges = append(out.Edges, [2]int{index[e.From], index[e.To]})
	}
	data, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return b.opt.Output.WriteFile(GraphFile, data)
}

// preview is what a hover preview shows for one linked page.
type preview struct {
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	Type    string `json:"type,omitempty"`
}

// Hover previews are published in shards: every page's title, type and
// summary, grouped by a hash of its URL into files of about
// pagesPerPreviewShard pages. A page's script fetches, on the first hover
// of a link, the one shard that link's target is in; nothing is repeated
// per linking page, and the file count stays a small fraction of the page
// count (static hosts cap it). The shard count is written on every page
// as <html data-previews="N">, and preview.js hashes URLs the same way.
const pagesPerPreviewShard = 256

// PreviewShards is how many preview files a site of n pages has.
func PreviewShards(n int) int {
	return max(1, min(256, (n+pagesPerPreviewShard-1)/pagesPerPreviewShard))
}

// PreviewShards is the number of preview files of this site, for templates.
func (s *Site) PreviewShards() int { return PreviewShards(len(s.Pages)) }

// PreviewShard is the shard a site-relative URL's preview is in: FNV-1a
// over the URL's UTF-8 bytes, modulo the shard count.
func PreviewShard(url string, shards int) int {
	h := uint32(2166136261)
	for i := 0; i < len(url); i++ {
		h ^= uint32(url[i])
		h *= 16777619
	}
	return int(h % uint32(shards))
}

// PreviewFile is the file holding shard k.
func PreviewFile(k int) string { return "_lore/preview/" + strconv.Itoa(k) + ".json" }

// writePreviews writes the preview shards that hold any of the given
// pages, or every shard when only is nil.
func (b *build) writePreviews(only []*page.Page) error {
	n := b.site.PreviewShards()
	want := map[int]bool{}
	for _, p := range only {
		want[PreviewShard(p.URL, n)] = true
	}
	shards := make([]map[string]preview, n)
	for _, p := range b.site.Pages {
		k := PreviewShard(p.URL, n)
		if only != nil && !want[k] {
			continue
		}
		if shards[k] == nil {
			shards[k] = map[string]preview{}
		}
		shards[k][p.URL] = preview{Title: p.Title, Summary: p.Summary, Type: p.Type}
	}
	for k, m := range shards {
		if only != nil && !want[k] {
			continue
		}
		if m == nil {
			m = map[string]preview{}
		}
		data, err := json.Marshal(m)
		if err != nil {
			return err
		}
		if err := b.opt.Output.WriteFile(PreviewFile(k), data); err != nil {
			return err
		}
	}
	return nil
}
