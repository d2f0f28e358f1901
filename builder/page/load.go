package page

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/slug"
)

// Options tell Parse what it cannot know from the file alone.
type Options struct {
	// TypeForFolder maps a top-level folder to a page type.
	TypeForFolder func(folder string) (string, bool)
	// HomePage is a page that is the site's home page though not named
	// index.md or README.md: a GitHub wiki's Home.md. In such a wiki a
	// hyphen in a file name is a space (Onboarding-Guide.md is the page
	// "Onboarding Guide"), and titles from file names read so.
	HomePage string
}

var datePrefix = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[-_ ]?`)

// utf8BOM is the byte-order mark Windows editors put before UTF-8 text.
// Left in, it hides an opening "---" or a "# " heading from the parsers.
var utf8BOM = []byte("\xef\xbb\xbf")

// Parse reads one Markdown file's front matter and works out the page's
// title, date, type and URL. relPath is slash-separated and relative to
// the content folder. The body's Markdown is not parsed here.
func Parse(relPath string, src []byte, opt Options) (*Page, error) {
	// Of the file's bytes as they are on disk, so that lore serve can tell
	// an unchanged file by hashing it again.
	sum := sha256.Sum256(src)
	// The mark holds no newline, so line numbers are unchanged; columns on
	// line 1 then count as an editor shows them, without it.
	src = bytes.TrimPrefix(src, utf8BOM)
	// Classic Mac OS ended lines with CR alone, and old notes carried over
	// from it still do; without a LF the whole file is one line, front
	// matter included. Each CR becomes a LF, so line numbers hold.
	if bytes.IndexByte(src, '\r') >= 0 && bytes.IndexByte(src, '\n') < 0 {
		src = bytes.ReplaceAll(src, []byte{'\r'}, []byte{'\n'})
	}
	if !utf8.Valid(src) {
		line, col := firstInvalidUTF8(src)
		return nil, diag.Errorf(relPath, line, col, diag.CodeEncoding, "file is not valid UTF-8 (save it as UTF-8)")
	}
	p := &Page{
		Path: relPath,
		Dir:  strings.TrimSuffix(path.Dir(relPath), "."),
		Hash: hex.EncodeToString(sum[:12]),
	}
	p.Dir = strings.Trim(p.Dir, "/")
	base := strings.ToLower(path.Base(relPath))
	p.IsIndex = base == "index.md" || base == "readme.md" || base == "_index.md" || relPath == opt.HomePage

	if err := p.readFrontMatter(src); err != nil {
		return nil, err
	}
	if err := p.applyFrontMatter(); err != nil {
		return nil, err
	}
	p.fillDefaults(opt)
	return p, nil
}

func firstInvalidUTF8(src []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}

func (p *Page) readFrontMatter(src []byte) error {
	var rm rawMatter
	rest, err := frontmatter.Parse(bytes.NewReader(src), &rm, formats...)
	startLine := matterStartLine(src)
	if err != nil {
		if ph, line := placeholder(src, startLine); ph != "" {
			return diag.Warnf(p.Path, line, 0, diag.CodeFrontMatter,
				"front matter holds a template placeholder, %s: this looks like a template (Obsidian's Templates or Templater), not a note, and is left out; add its folder to ignore: in lore.yaml to say so", ph)
		}
		var me *matterError
		if errors.As(err, &me) {
			line := 0
			if me.line > 0 {
				line = startLine + me.line
			} else if startLine > 0 {
				line = startLine
			}
			return diag.Errorf(p.Path, line, 0, diag.CodeFrontMatter, "%s", me.msg)
		}
		return diag.Errorf(p.Path, 0, 0, diag.CodeFrontMatter, "front matter: %v", err)
	}
	if !rm.found && startLine > 0 {
		// adrg/frontmatter treats an unclosed block as no front matter; an
		// author who opened one surely meant it, so say so.
		delim := strings.TrimSpace(lineAt(src, startLine))
		if delim == "---" || delim == "+++" {
			return diag.Errorf(p.Path, startLine, 1, diag.CodeFrontMatter, "front matter opened with %q is never closed", delim)
		}
	}
	p.HasFrontMatter = rm.found
	p.Params = rm.values
	if p.Params == nil {
		p.Params = map[string]any{}
	}
	p.KeyLines = make(map[string]int, len(rm.lines))
	for k, l := range rm.lines {
		p.KeyLines[k] = startLine + l
	}
	// adrg/frontmatter hands back the body in its own read buffer, which
	// has grown by doubling; the same bytes at the end of src are exact.
	if bytes.HasSuffix(src, rest) {
		rest = src[len(src)-len(rest):]
	}
	p.Body = rest
	p.BodyLine = 1 + bytes.Count(src[:len(src)-len(rest)], []byte("\n"))
	return nil
}

// placeholderRe matches the placeholders of Obsidian's Templates plugin
// ({{date}}, {{title}}) and of Templater (<% tp.date.now() %>).
var placeholderRe = regexp.MustCompile(`\{\{[^{}\n]{1,80}\}\}|<%[^%\n]{1,120}%>`)

// placeholder returns the first template placeholder in the front matter
// block opened at startLine and its line, "" when there is none. Such a
// block is rarely valid YAML ({{date}} is a map), so a note template
// would otherwise fail the whole build.
func placeholder(src []byte, startLine int) (string, int) {
	if startLine == 0 {
		return "", 0
	}
	lines := bytes.SplitN(src, []byte("\n"), startLine+200)
	for i := startLine; i < len(lines); i++ {
		if t := bytes.TrimSpace(lines[i]); string(t) == "---" || string(t) == "+++" {
			break
		}
		if m := placeholderRe.Find(lines[i]); m != nil {
			return string(m), i + 1
		}
	}
	return "", 0
}

// matterStartLine is the 1-based line of an opening front matter delimiter,
// or 0 when the file does not start with one (blank lines may come first).
func matterStartLine(src []byte) int {
	line := 1
	for len(src) > 0 {
		l, rest, _ := bytes.Cut(src, []byte("\n"))
		t := string(bytes.TrimSpace(l))
		switch t {
		case "":
			line++
			src = rest
			continue
		case "---", "---yaml", "+++", "---toml":
			return line
		}
		return 0
	}
	return 0
}

func lineAt(src []byte, n int) string {
	for i := 1; i < n; i++ {
		_, src, _ = bytes.Cut(src, []byte("\n"))
	}
	l, _, _ := bytes.Cut(src, []byte("\n"))
	return string(l)
}

// applyFrontMatter copies well-known keys into typed fields, checking types.
// lookup finds a front matter key Lore reads, in any case: Obsidian's
// properties are not case-sensitive, and vaults hold Tags: and Aliases:.
// The exact name wins; key comes back as the file spells it.
func (p *Page) lookup(key string) (string, any, bool) {
	if v, ok := p.Params[key]; ok {
		return key, v, true
	}
	for k, v := range p.Params {
		if strings.EqualFold(k, key) {
			return k, v, true
		}
	}
	return key, nil, false
}

func (p *Page) applyFrontMatter() error {
	var errs []error
	str := func(key string, dst *string) {
		key, v, ok := p.lookup(key)
		if !ok || v == nil {
			return
		}
		switch s := v.(type) {
		case string:
			*dst = strings.TrimSpace(s)
		case int, int64, float64, bool:
			*dst = fmt.Sprint(s)
		default:
			errs = append(errs, p.keyError(key, "%s must be text, not %s", key, kindOf(v)))
		}
	}
	list := func(key string, dst *[]string) {
		key, v, ok := p.lookup(key)
		if !ok || v == nil {
			return
		}
		l, err := toStrings(v)
		if err != nil {
			errs = append(errs, p.keyError(key, "%s must be a list of text: %v", key, err))
			return
		}
		*dst = l
	}
	date := func(key string, dst *time.Time) {
		written, v, ok := p.lookup(key)
		if !ok || v == nil {
			return
		}
		t, err := toTime(v)
		switch {
		case err == nil:
			*dst = t
		case written == key && !lenientDates[key]:
			errs = append(errs, p.keyError(key, "%s: %v", key, err))
		}
		// A date Lore reads only as a stand-in (created:, or Date: in
		// another case), written as Obsidian's Linter writes it ("Tuesday,
		// January 2nd 2024") or as a timestamp, is passed over rather than
		// failing the build: the page is dated another way.
	}
	str("title", &p.Title)
	str("description", &p.Description)
	str("type", &p.Type)
	str("team", &p.Team)
	str("slug", &p.Slug)
	// Hugo's url: is an address on the site; in a vault, url: is the web
	// page a bookmark note saves, and only the exact key counts.
	if u, ok := p.Params["url"].(string); ok && strings.HasPrefix(strings.TrimSpace(u), "/") && !strings.HasPrefix(strings.TrimSpace(u), "//") {
		p.FixedURL = strings.TrimSpace(u)
	}
	str("layout", &p.Layout)
	// Hugo writes lastmod, Obsidian users created and modified.
	for _, k := range []string{"date", "created"} {
		if p.Date.IsZero() {
			date(k, &p.Date)
		}
	}
	for _, k := range []string{"updated", "lastmod", "modified"} {
		if p.Updated.IsZero() {
			date(k, &p.Updated)
		}
	}
	// Hugo's names, in any case (publishdate, expirydate too).
	for _, k := range []string{"publishDate", "pubDate"} {
		if p.PublishDate.IsZero() {
			date(k, &p.PublishDate)
		}
	}
	for _, k := range []string{"expiryDate", "unpublishDate"} {
		if p.ExpiryDate.IsZero() {
			date(k, &p.ExpiryDate)
		}
	}
	list("tags", &p.Tags)
	list("authors", &p.Authors)
	if len(p.Authors) == 0 {
		list("author", &p.Authors)
	}
	list("aliases", &p.Aliases)
	// Docusaurus orders its sidebar by sidebar_position, as Hugo and Lore
	// by weight.
	for _, k := range []string{"weight", "sidebar_position"} {
		k, v, ok := p.lookup(k)
		if !ok || v == nil || p.Weight != 0 {
			continue
		}
		switch n := v.(type) {
		case int:
			p.Weight = n
		case int64:
			p.Weight = int(n)
		case float64:
			p.Weight = int(n)
		default:
			errs = append(errs, p.keyError(k, "%s must be a whole number, not %s", k, kindOf(v)))
		}
	}
	if _, v, ok := p.lookup("draft"); ok && v != nil {
		b, isBool := v.(bool)
		if !isBool {
			errs = append(errs, p.keyError("draft", "draft must be true or false, not %s", kindOf(v)))
		}
		p.Draft = b
	}
	// Obsidian Publish leaves out notes marked publish: false; so does Lore.
	if _, v, ok := p.lookup("publish"); ok && v != nil {
		b, isBool := v.(bool)
		if !isBool {
			errs = append(errs, p.keyError("publish", "publish must be true or false, not %s", kindOf(v)))
		}
		p.Unpublished = isBool && !b
	}
	p.Tags = cleanTags(p.Tags)
	return errors.Join(errs...)
}

func (p *Page) keyError(key, format string, args ...any) error {
	return diag.Errorf(p.Path, p.KeyLines[key], 0, diag.CodeFrontMatter, format, args...)
}

// NameDate is the date a YYYY-MM-DD file name prefix gives
// (retros/2026-11-20-sprint-42.md), which stands in for date:.
func (p *Page) NameDate() (time.Time, bool) {
	m := datePrefix.FindStringSubmatch(path.Base(p.Path))
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", m[1])
	return t, err == nil
}

func (p *Page) fillDefaults(opt Options) {
	name := p.Name()
	if p.IsIndex && p.Dir != "" {
		name = path.Base(p.Dir)
	}
	if t, ok := p.NameDate(); ok && p.Date.IsZero() {
		p.Date = t
	}
	if p.Type == "" {
		p.Type = "note"
		if opt.TypeForFolder != nil && p.Section() != "" {
			if t, ok := opt.TypeForFolder(p.Section()); ok {
				p.Type = t
			}
		}
	}
	if p.Title == "" {
		// A provisional title; the parse stage replaces it with the first H1.
		p.Title = titleFromName(name, opt.HomePage != "")
	}
	p.URL = p.computeURL()
}

// lenientDates are the date keys Lore reads only as stand-ins for date:
// and updated:, which it passes over when they hold no date it can read.
var lenientDates = map[string]bool{"created": true, "modified": true}

// titleFromName is the title of a page with neither title: nor H1. A name
// written for people ("Wi-Fi setup", "iPhone tips", "2024-03-05", as
// Obsidian names notes) is kept exactly as written, as Obsidian shows it;
// only a slug ("2026-11-20-sprint-42", "writing_webhooks") is turned into
// words: "Sprint 42", "Writing webhooks".
func titleFromName(name string, wiki bool) string {
	if m := datePrefix.FindString(name); m != "" && len(name) > len(m) {
		name = name[len(m):]
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "Untitled"
	}
	if !isSlug(name) {
		if wiki { // see Options.HomePage
			return strings.ReplaceAll(name, "-", " ")
		}
		return name
	}
	name = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	r, size := utf8.DecodeRuneInString(name)
	return strings.ToUpper(string(r)) + name[size:]
}

// isSlug reports a name of lower-case letters and digits joined by - or _,
// with a letter somewhere (2024-03-05 is a date, not a slug).
func isSlug(name string) bool {
	letter := false
	for _, r := range name {
		switch {
		case unicode.IsLower(r):
			letter = true
		case unicode.IsDigit(r), r == '-', r == '_':
		default:
			return false
		}
	}
	return letter
}

func (p *Page) computeURL() string {
	if p.FixedURL != "" {
		u := path.Clean(p.FixedURL)
		if path.Ext(u) == ".html" {
			return u // url: /about.html is a file, as in Hugo
		}
		if u = slug.Path(u); u == "" {
			return "/"
		}
		return "/" + u + "/"
	}
	dir := slug.Path(p.Dir)
	if p.IsIndex {
		if dir == "" {
			return "/"
		}
		return "/" + dir + "/"
	}
	last := slug.Make(p.Name())
	if p.Slug != "" {
		last = slug.Make(p.Slug)
	}
	if last == "" {
		last = "page-" + p.Hash[:8]
	}
	if dir == "" {
		return "/" + last + "/"
	}
	return "/" + dir + "/" + last + "/"
}

func cleanTags(tags []string) []string {
	out := tags[:0]
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "#"))
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out
}

func toStrings(v any) ([]string, error) {
	switch x := v.(type) {
	case string:
		var out []string
		for _, s := range strings.Split(x, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			switch s := e.(type) {
			case string:
				out = append(out, strings.TrimSpace(s))
			case int, int64, float64, bool:
				out = append(out, fmt.Sprint(s))
			default:
				return nil, fmt.Errorf("item %v is %s", e, kindOf(e))
			}
		}
		return out, nil
	case []string:
		return x, nil
	}
	return nil, fmt.Errorf("got %s", kindOf(v))
}

var dateLayouts = []string{
	"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05 -0700",
}

func toTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case string:
		s := strings.TrimSpace(x)
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD)", s)
	}
	return time.Time{}, fmt.Errorf("%v is not a date (use YYYY-MM-DD)", v)
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case []any, []string:
		return "a list"
	case map[string]any:
		return "a map"
	case bool:
		return "true/false"
	case int, int64, float64:
		return "a number"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}
