package builder

import (
	"fmt"
	"html"
	"path"
	"strings"

	"github.com/lore-wiki/lore/builder/diag"
)

// redirectViews adds a page for each alias written as a URL path
// (aliases: [/old/first-post/]), as Hugo does for pages that moved: a
// bookmark or a link from elsewhere to the old address lands on the page.
// An alias that is not a path ("B2") is a name for wikilinks only. An
// alias at an address the site already uses is left out, with a warning.
func (b *build) redirectViews(taken map[string]bool, files fileAddresses) []*View {
	s := b.site
	var out []*View
	aliasOf := map[string]string{} // alias URL -> the file that has it
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			if !strings.HasPrefix(a, "/") {
				continue
			}
			u := aliasURL(a)
			warn := func(format string, args ...any) {
				s.report(diag.Warnf(p.Path, p.KeyLines["aliases"], 0, diag.CodeDuplicateURL,
					"alias %s "+format+"; no redirect is written there", append([]any{a}, args...)...), p.Path, diag.CodeDuplicateURL)
			}
			switch owner, aliased := aliasOf[u]; {
			case aliased && owner == p.Path:
				warn("is listed twice")
				continue
			case aliased:
				warn("is already an alias of %s", owner)
				continue
			case taken[u] || s.ByURL[u] != nil:
				warn("is the address of another page")
				continue
			}
			if tooLongPart(u) != "" {
				warn("has a part longer than file systems allow")
				continue
			}
			if u == "/_lore/" || strings.HasPrefix(u, "/_lore/") {
				warn("is among Lore's assets")
				continue
			}
			if what := files.at(outputPath(u)); what != "" {
				warn("is where %s is published", what)
				continue
			}
			taken[u] = true
			aliasOf[u] = p.Path
			out = append(out, &View{Site: s, Kind: "redirect", Title: p.Title, URL: u, Page: p, Dev: b.opt.Dev})
		}
	}
	return out
}

// aliasURL is an alias path as a pretty URL: /old/post -> /old/post/;
// /old/post.html stays a file, and /old/post/index.html is /old/post/.
func aliasURL(a string) string {
	u := path.Clean("/" + strings.TrimSpace(a))
	if path.Base(u) == "index.html" {
		u = path.Dir(u)
	} else if path.Ext(u) == ".html" {
		return u
	}
	if u != "/" {
		u += "/"
	}
	return u
}

// redirectHTML sends browsers, and search engines through the canonical
// link, to the page's real address; the link is there for the rest.
func redirectHTML(title, to, canonical string) []byte {
	t, u, c := html.EscapeString(title), html.EscapeString(to), html.EscapeString(canonical)
	return []byte(fmt.Sprintf(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%s</title>
<link rel="canonical" href="%s">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=%s">
</head>
<body>
<p>This page has moved to <a href="%s">%s</a>.</p>
</body>
</html>
`, t, c, u, u, t))
}
