package builder

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/lore-wiki/lore/builder/diag"
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

func (b *build) writeGraph() error {
	data, err := json.Marshal(b.site.Graph())
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

// PreviewFile is the JSON file with the hover previews for the page at a
// site-relative URL: /retros/sprint-42/ -> _lore/preview/retros/sprint-42.json,
// / -> _lore/preview/index.json. The theme's preview.js computes the same
// path from the page's address, and fetches it once, on the first hover.
func PreviewFile(pageURL string) string {
	p := strings.Trim(pageURL, "/")
	if p == "" {
		p = "index"
	}
	return "_lore/preview/" + p + ".json"
}

// writePreviews publishes the previews of the pages p links to, keyed by
// their site-relative URL (the links' data-preview attribute).
func (b *build) writePreviews(p *page.Page, targets []*page.Page) {
	if len(targets) == 0 {
		return
	}
	m := make(map[string]preview, len(targets))
	for _, t := range targets {
		m[t.URL] = preview{Title: t.Title, Summary: t.Summary, Type: t.Type}
	}
	data, err := json.Marshal(m)
	if err == nil {
		err = b.opt.Output.WriteFile(PreviewFile(p.URL), data)
	}
	if err != nil {
		b.site.report(diag.Errorf(p.Path, 0, 0, diag.CodeRead, "write previews: %v", err), p.Path, diag.CodeRead)
	}
}
