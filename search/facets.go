package search

import (
	"slices"
	"strconv"
	"strings"
)

// facetTable holds each document's filterable values (lower-cased) and the
// site-wide counts the filter UI starts from.
type facetTable struct {
	docs   []facetDoc
	counts map[string][]facetCount // "type", "team", "tag", "author", "year"
}

type facetDoc struct {
	typ, team     string
	tags, authors []string
	day           int32
	hasDate       bool
}

type facetCount struct {
	Value string `json:"v"`
	Count int    `json:"n"`
}

var facetNames = []string{"type", "team", "tag", "author", "year"}

func buildFacets(docs []*docMeta) facetTable {
	ft := facetTable{docs: make([]facetDoc, len(docs)), counts: map[string][]facetCount{}}
	tally := map[string]map[string]int{}
	for _, n := range facetNames {
		tally[n] = map[string]int{}
	}
	for i, m := range docs {
		fd := facetDoc{typ: strings.ToLower(m.Type), team: strings.ToLower(m.Team),
			tags: lowerAll(m.Tags), authors: lowerAll(m.Authors)}
		if !m.Date.IsZero() {
			fd.day, fd.hasDate = dayNumber(m.Date), true
			tally["year"][strconv.Itoa(m.Date.Year())]++
		}
		if fd.typ != "" {
			tally["type"][fd.typ]++
		}
		if fd.team != "" {
			tally["team"][fd.team]++
		}
		for _, t := range slices.Compact(slices.Sorted(slices.Values(fd.tags))) {
			tally["tag"][t]++
		}
		for _, a := range slices.Compact(slices.Sorted(slices.Values(fd.authors))) {
			tally["author"][a]++
		}
		ft.docs[i] = fd
	}
	for n, t := range tally {
		cs := make([]facetCount, 0, len(t))
		for v, c := range t {
			cs = append(cs, facetCount{v, c})
		}
		slices.SortFunc(cs, func(a, b facetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		ft.counts[n] = cs
	}
	return ft
}
