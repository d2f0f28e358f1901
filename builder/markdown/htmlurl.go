package markdown

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HTMLFileURLs points relative file addresses in raw HTML (let through
// with markup.unsafeHTML) where the file is published. READMEs centre
// their logo with <p align="center"><img src="images/logo.svg"></p>;
// GitHub reads images/ from the file's folder, but a browser reads it
// from the page's URL (docs/guide.md is /docs/guide/), where nothing is.
// Links to Markdown files are left as written: their pages' addresses are
// not known while parsing.
type HTMLFileURLs struct {
	// FileURL turns a path from the top of the content folder into the
	// URL the file is published at.
	FileURL func(rel string) string
}

func (e *HTMLFileURLs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&htmlURLTransformer{fileURL: e.FileURL}, 45)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(rewrittenHTMLRenderer{}, 100)))
}

var fileAttr = regexp.MustCompile(`(\s(?:src|href|poster|srcset)\s*=\s*)(?:"([^"]*)"|'([^']*)')`)

// KindRewrittenHTML is a raw HTML block whose file addresses were fixed,
// KindRewrittenInline the same within a paragraph.
var (
	KindRewrittenHTML   = ast.NewNodeKind("RewrittenHTML")
	KindRewrittenInline = ast.NewNodeKind("RewrittenInline")
)

// RewrittenHTML is raw HTML to write as it is.
type RewrittenHTML struct {
	ast.BaseBlock
	HTML []byte
}

func (n *RewrittenHTML) Kind() ast.NodeKind { return KindRewrittenHTML }

func (n *RewrittenHTML) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// RewrittenInline is raw inline HTML to write as it is; like any HTML tag,
// it is no text of summaries or search.
type RewrittenInline struct {
	ast.BaseInline
	HTML []byte
}

func (n *RewrittenInline) Kind() ast.NodeKind { return KindRewrittenInline }

func (n *RewrittenInline) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type htmlURLTransformer struct {
	fileURL func(string) string
}

func (t *htmlURLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := PageFrom(pc)
	if p == nil || t.fileURL == nil || !bytes.Contains(p.Body, []byte("<")) {
		return
	}
	src := reader.Source()
	raws, blocks := htmlNodes(doc)
	for _, r := range raws {
		html := rawText(r, src)
		if fixed, ok := t.rewrite(p.Dir, html); ok {
			r.Parent().ReplaceChild(r.Parent(), r, &RewrittenInline{HTML: fixed})
		}
	}
	for _, b := range blocks {
		if b.HTMLBlockType == ast.HTMLBlockType2 { // a comment
			continue
		}
		if fixed, ok := t.rewrite(p.Dir, blockText(b, src)); ok {
			b.Parent().ReplaceChild(b.Parent(), b, &RewrittenHTML{HTML: fixed})
		}
	}
}

// rewrite fixes the relative file addresses in html, written in folder
// dir; ok is false when there were none.
func (t *htmlURLTransformer) rewrite(dir string, html []byte) ([]byte, bool) {
	if bytes.Contains(bytes.ToLower(html), []byte("<script")) || bytes.Contains(bytes.ToLower(html), []byte("<style")) {
		return nil, false // src="..." there is a script's text, not an attribute
	}
	changed := false
	out := fileAttr.ReplaceAllFunc(html, func(m []byte) []byte {
		sub := fileAttr.FindSubmatch(m)
		val := string(sub[2]) + string(sub[3])
		u, ok := t.fileAddress(dir, val)
		if !ok {
			return m
		}
		changed = true
		return append(append(append([]byte{}, sub[1]...), '"'), append([]byte(escapeAttr(u)), '"')...)
	})
	return out, changed
}

// fileAddress is where a relative address written in dir is published;
// ok is false for what it leaves alone: absolute URLs, fragments, links to
// Markdown files, paths leaving the content folder, srcset lists.
func (t *htmlURLTransformer) fileAddress(dir, val string) (string, bool) {
	v := strings.TrimSpace(val)
	if v == "" || strings.ContainsAny(v[:1], "/#?") || strings.Contains(v, ":") || strings.Contains(v, ",") || strings.Contains(v, " ") {
		return "", false
	}
	file, rest := v, ""
	if i := strings.IndexAny(v, "?#"); i >= 0 {
		file, rest = v[:i], v[i:]
	}
	if ext := strings.ToLower(path.Ext(file)); ext == ".md" || ext == ".markdown" || ext == "" {
		return "", false
	}
	if f, err := url.PathUnescape(file); err == nil {
		file = f // my%20logo.png is the file "my logo.png"; FileURL encodes it
	}
	rel := path.Join(dir, file)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false
	}
	return t.fileURL(rel) + rest, true
}

func escapeAttr(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `"`, "&#34;", `<`, "&lt;").Replace(s)
}

type rewrittenHTMLRenderer struct{}

func (rewrittenHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindRewrittenHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*RewrittenHTML).HTML)
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindRewrittenInline, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*RewrittenInline).HTML)
		}
		return ast.WalkContinue, nil
	})
}
