package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/diag"
)

// groupTemplateErrors shows a template error that many pages share once,
// at the first page by name, counting the others, as lore build reports
// it. lore serve keeps them apart (each page's error goes when that page
// renders again) and groups them only to show them.
func groupTemplateErrors(ds diag.List) diag.List {
	byMessage := map[string][]*diag.Diagnostic{}
	var out diag.List
	for _, d := range ds {
		if d.Code != diag.CodeTemplate {
			out = append(out, d)
			continue
		}
		if byMessage[d.Message] == nil {
			out = append(out, d) // a place holder, replaced below
		}
		byMessage[d.Message] = append(byMessage[d.Message], d)
	}
	for i, d := range out {
		group := byMessage[d.Message]
		if d.Code != diag.CodeTemplate || len(group) < 2 {
			continue
		}
		first := slices.MinFunc(group, func(a, b *diag.Diagnostic) int { return strings.Compare(a.File, b.File) })
		shown := *first
		shown.Message += fmt.Sprintf(" (and %s)", builder.CountNoun(len(group)-1, "other page"))
		out[i] = &shown
	}
	return out
}
