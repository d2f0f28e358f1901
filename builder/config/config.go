// Package config reads a site's lore.yaml into a typed Config, fills in
// defaults and validates it in one place.
//
// A site is a folder with an optional lore.yaml. When the folder has a
// content/ sub-folder, pages are read from there; otherwise the folder
// itself is the content (a plain folder of notes or an Obsidian vault).
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/lore-wiki/lore/builder/diag"
	"gopkg.in/yaml.v3"
)

// FileName is the name of a site's configuration file.
const FileName = "lore.yaml"

// Config is a site's configuration after defaults are applied.
type Config struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// BaseURL is where the site is published, e.g.
	// https://org.github.io/team-wiki/. Only its path matters for links.
	BaseURL    string `yaml:"baseURL"`
	Language   string `yaml:"language"`
	Theme      string `yaml:"theme"`
	Repository string `yaml:"repository"`
	// Branch is the repository branch used for "edit this page" links.
	Branch     string `yaml:"branch"`
	ContentDir string `yaml:"contentDir"`
	StaticDir  string `yaml:"staticDir"`
	// CacheDir holds the search index and other build caches.
	CacheDir string `yaml:"cacheDir"`
	// Ignore lists files and folders of the content folder that are not
	// part of the site (an Obsidian vault's Templates/, private notes), as
	// patterns: "Templates/" (a trailing / names folders only), "private/*"
	// or "/drafts" (a pattern with a / elsewhere, or a leading one, is a
	// path from the content folder), "*.canvas" (one without matches a name
	// at any depth). * ? [] as in path.Match. A vault's templates folder
	// (.obsidian/templates.json) is added on its own.
	Ignore []string `yaml:"ignore"`

	Markup  Markup  `yaml:"markup"`
	Search  Search  `yaml:"search"`
	History History `yaml:"history"`

	// Types configures page types: which folders map to a type, and the
	// front matter schema `lore check` enforces for it.
	Types map[string]Type `yaml:"types"`

	// People maps git identities and handles to one person.
	People map[string]Person `yaml:"people"`

	// Params are free keys passed to templates as .Site.Params.
	Params map[string]any `yaml:"params"`

	// Dir is the site folder (where lore.yaml is or would be).
	Dir string `yaml:"-"`
	// File is the path of lore.yaml, "" when the site has none.
	File string `yaml:"-"`

	// baseURLLine and repositoryLine are where lore.yaml sets them, for
	// their errors.
	baseURLLine, repositoryLine int
	// keyLines are the lines of lore.yaml's keys, two levels deep
	// ("theme", "markup.highlightStyle"), and of list items ("ignore[2]").
	keyLines map[string]int
}

// Markup configures Markdown rendering.
type Markup struct {
	// UnsafeHTML passes raw HTML in Markdown through instead of escaping it.
	UnsafeHTML bool `yaml:"unsafeHTML"`
	// HighlightStyle is the chroma style for the light palette.
	HighlightStyle string `yaml:"highlightStyle"`
	// HighlightDarkStyle is the chroma style for the dark palette.
	HighlightDarkStyle string `yaml:"highlightDarkStyle"`
	// HardLineBreaks shows a line break inside a paragraph as a break, as
	// Obsidian does by default, instead of a space as CommonMark does.
	// Off by default: most Markdown kept in Git is wrapped by hand.
	HardLineBreaks bool `yaml:"hardLineBreaks"`
}

// Search configures the search index.
type Search struct {
	Disabled bool `yaml:"disabled"`
}

// History configures reading dates and contributors from git.
type History struct {
	Disabled bool `yaml:"disabled"`
}

// Type is the configuration of one page type (retro, journal, ...).
type Type struct {
	// Folders whose pages get this type unless front matter says otherwise.
	Folders []string `yaml:"folders"`
	// Layout is the template the type's pages render with, unless a page
	// picks its own; without it, a template named for the type, then page.
	Layout string `yaml:"layout"`
	// LayoutLine is where Layout is written, for the error when the theme
	// has no such template.
	LayoutLine int `yaml:"-"`
	// Schema lists front matter keys and their rules.
	Schema map[string]Field `yaml:"schema"`
}

// Field is a schema rule for one front matter key.
type Field struct {
	Required bool `yaml:"required"`
	// Kind is one of string, date, list, bool, number.
	Kind string `yaml:"kind"`
	// OneOf restricts a string to these values.
	OneOf []string `yaml:"oneOf"`
	// Line is where the rule is written, for error messages.
	Line int `yaml:"-"`
}

// Person describes one person across handles and git identities.
type Person struct {
	Name   string   `yaml:"name"`
	Emails []string `yaml:"emails"`
	// Aliases are other handles or git author names for the same person.
	Aliases []string `yaml:"aliases"`
	// Avatar is a path to an image inside the site.
	Avatar string `yaml:"avatar"`
}

// DefaultTypeFolders maps folder names to page types when lore.yaml says nothing.
var defaultTypeFolders = map[string]string{
	"retros":     "retro",
	"journals":   "journal",
	"mentoring":  "mentoring",
	"meetings":   "meeting",
	"howtos":     "howto",
	"onboarding": "onboarding",
}

// Error is a configuration problem at a line of lore.yaml.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Load reads dir/lore.yaml if present and returns the validated Config.
func Load(dir string) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// A site reached through a symlink (~/notes -> a synced folder) is
	// read where it is: walking a symlink visits the link, not its files.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	st, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("site folder %s does not exist", dir)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is said once, as the user wrote it
		}
		return nil, fmt.Errorf("site folder %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("site folder %s is not a folder", dir)
	}
	c := &Config{Dir: abs}
	file := filepath.Join(abs, FileName)
	data, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A folder another tool builds: read what it says of the site.
		if err := c.fromMkDocs(); err != nil {
			return nil, err
		}
		if c.Title == "" {
			c.fromHugo()
		}
		if c.Title == "" && c.ContentDir == "" {
			c.fromDocusaurus()
		}
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", file, err)
	default:
		c.File = file
		if err := c.decode(data); err != nil {
			return nil, err
		}
	}
	if err := c.provision(); err != nil {
		return nil, err
	}
	return c, nil
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

func (c *Config) decode(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		var root yaml.Node
		_ = yaml.Unmarshal(data, &root) // for key names; a syntax error leaves it empty
		return c.yamlError(err, data, &root)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err == nil {
		c.recordTypeLines(&root)
		c.recordKeyLines(&root)
		if n := mapValue(docNode(&root), "baseURL"); n != nil {
			c.baseURLLine = n.Line
		}
		if n := mapValue(docNode(&root), "repository"); n != nil {
			c.repositoryLine = n.Line
		}
	}
	return nil
}

// yamlError turns yaml.v3's messages into file:line errors, one per problem.
func (c *Config) yamlError(err error, data []byte, root *yaml.Node) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var errs []error
		for _, msg := range te.Errors {
			errs = append(errs, c.lineError(msg, root))
		}
		return errors.Join(errs...)
	}
	line, msg := diag.YAMLError(err, data)
	// yaml.v3 leaves out the line of a syntax error on the first one.
	return c.lineError(fmt.Sprintf("line %d: %s", max(line, 1), msg), root)
}

// keyAt is the key (a.b.c) whose value starts on line, "" when none does.
func keyAt(n *yaml.Node, line int) string {
	if n == nil {
		return ""
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if v.Line == line && v.Kind != yaml.MappingNode {
				return k.Value
			}
			if sub := keyAt(v, line); sub != "" {
				return k.Value + "." + sub
			}
		}
		return ""
	}
	for _, c := range n.Content {
		if k := keyAt(c, line); k != "" {
			return k
		}
	}
	return ""
}

func (c *Config) lineError(msg string, root *yaml.Node) error {
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return &Error{File: c.File, Msg: msg}
	}
	line, _ := strconv.Atoi(m[1])
	text := m[2]
	if f, ok := strings.CutPrefix(text, "field "); ok {
		if name, _, ok := strings.Cut(f, " not found in type"); ok {
			text = fmt.Sprintf("unknown key %q", name)
		}
	}
	if m := yamlMismatch.FindStringSubmatch(text); m != nil {
		text = fmt.Sprintf("expected %s, found %s", goTypeWords(m[3]), yamlTagWords[m[1]])
		if m[2] != "" {
			text += fmt.Sprintf(" (%q)", m[2])
		}
		if key := keyAt(root, line); key != "" {
			text = key + ": " + text
		}
	}
	return &Error{File: c.File, Line: line, Msg: text}
}

// yamlMismatch is yaml.v3's "cannot unmarshal !!seq into string", with the
// value when it is a scalar: "cannot unmarshal !!str `soon` into int".
var yamlMismatch = regexp.MustCompile("^cannot unmarshal !!(\\w+) (?:`([^`]*)` )?into (.+)$")

var yamlTagWords = map[string]string{
	"seq": "a list", "map": "a mapping (key: value lines)", "str": "text",
	"int": "a number", "float": "a number", "bool": "true or false", "null": "nothing",
}

// goTypeWords says a Go type of the config in a lore.yaml author's words.
func goTypeWords(t string) string {
	switch {
	case t == "string":
		return "text"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "float"):
		return "a number"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping (key: value lines)"
	}
	return "a mapping (key: value lines)"
}

// recordKeyLines remembers where lore.yaml writes each key (see keyLines).
func (c *Config) recordKeyLines(root *yaml.Node) {
	c.keyLines = map[string]int{}
	var walk func(n *yaml.Node, prefix string, depth int)
	walk = func(n *yaml.Node, prefix string, depth int) {
		switch {
		case n == nil:
		case n.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key := n.Content[i].Value
				if prefix != "" {
					key = prefix + "." + key
				}
				c.keyLines[key] = n.Content[i].Line
				if depth < 1 {
					walk(n.Content[i+1], key, depth+1)
				} else if n.Content[i+1].Kind == yaml.SequenceNode {
					walk(n.Content[i+1], key, depth+1)
				}
			}
		case n.Kind == yaml.SequenceNode:
			for i, item := range n.Content {
				c.keyLines[fmt.Sprintf("%s[%d]", prefix, i)] = item.Line
			}
		}
	}
	walk(docNode(root), "", 0)
}

// Line is the line of lore.yaml that writes key ("theme",
// "markup.highlightStyle", "ignore[0]"), 0 when it is not written there.
func (c *Config) Line(key string) int { return c.keyLines[key] }

// recordTypeLines remembers where each schema rule and layout is written
// so that lore check can point at the rule as well as at the page, and a
// layout the theme lacks is reported where it is named.
func (c *Config) recordTypeLines(root *yaml.Node) {
	types := mapValue(docNode(root), "types")
	for name, t := range c.Types {
		if n := mapValue(mapValue(types, name), "layout"); n != nil {
			t.LayoutLine = n.Line
			c.Types[name] = t
		}
		schema := mapValue(mapValue(types, name), "schema")
		for key, f := range t.Schema {
			if n := mapValue(schema, key); n != nil {
				f.Line = n.Line
				t.Schema[key] = f
			}
		}
	}
}

func docNode(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return n
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// provision fills in defaults and validates.
func (c *Config) provision() error {
	if c.Title == "" {
		c.Title = filepath.Base(c.Dir)
	}
	if c.Language == "" {
		c.Language = "en"
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Branch == "" {
		c.Branch = "main"
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if c.Markup.HighlightStyle == "" {
		c.Markup.HighlightStyle = "github"
	}
	if c.Markup.HighlightDarkStyle == "" {
		c.Markup.HighlightDarkStyle = "github-dark"
	}
	if c.ContentDir == "" {
		if st, err := os.Stat(filepath.Join(c.Dir, "content")); err == nil && st.IsDir() {
			c.ContentDir = "content"
		} else {
			c.ContentDir = "."
		}
	}
	if link, err := os.Lstat(c.ContentPath()); err == nil && link.Mode()&fs.ModeSymlink != 0 {
		// content/ may be a symlink the site chose (to a vault kept
		// elsewhere); symlinks inside it still may not leave it.
		if real, err := filepath.EvalSymlinks(c.ContentPath()); err == nil {
			c.ContentDir = real
		}
	}
	c.ignoreObsidianTemplates()
	if c.StaticDir == "" {
		c.StaticDir = "static"
	}
	if c.CacheDir == "" {
		c.CacheDir = ".lore"
	}
	if c.Types == nil {
		c.Types = map[string]Type{}
	}
	c.addDefaultTypes()
	return c.validate()
}

func (c *Config) addDefaultTypes() {
	claimed := map[string]bool{}
	for _, t := range c.Types {
		for _, f := range t.Folders {
			claimed[f] = true
		}
	}
	for folder, name := range defaultTypeFolders {
		if claimed[folder] {
			continue
		}
		t := c.Types[name]
		if len(t.Folders) == 0 {
			t.Folders = []string{folder}
		}
		c.Types[name] = t
	}
}

var kinds = map[string]bool{"": true, "string": true, "date": true, "list": true, "bool": true, "number": true}

func (c *Config) validate() error {
	var errs []error
	if base, err := CleanBaseURL(c.BaseURL); err != nil {
		errs = append(errs, &Error{File: c.displayFile(), Line: c.baseURLLine, Msg: "baseURL " + err.Error()})
	} else {
		c.BaseURL = base
	}
	if c.Repository != "" {
		if u, err := url.Parse(c.Repository); err != nil || u.Host == "" {
			errs = append(errs, &Error{File: c.displayFile(), Line: c.repositoryLine, Msg: fmt.Sprintf("repository %q is not an http(s) URL", c.Repository)})
		}
	}
	if link, target, ok := LinkOut(c.Dir, c.CachePath()); ok {
		rel, _ := filepath.Rel(c.Dir, link)
		errs = append(errs, &Error{File: filepath.ToSlash(rel), Msg: fmt.Sprintf("cacheDir %s goes through this symlink to %s, outside the site folder; Lore does not follow it, since a symlink committed to the repository could send its writes anywhere (set cacheDir to that folder to use it)", c.CacheDir, target)})
	}
	if !validThemeName(c.Theme) {
		errs = append(errs, &Error{File: c.displayFile(), Line: c.Line("theme"), Msg: fmt.Sprintf("theme %q is not a folder name: a theme is a folder of themes/", c.Theme)})
	}
	for i, pat := range c.Ignore {
		if _, err := path.Match(strings.TrimSuffix(pat, "/"), ""); err != nil || strings.Trim(pat, "/") == "" {
			errs = append(errs, &Error{File: c.displayFile(), Line: c.Line(fmt.Sprintf("ignore[%d]", i)), Msg: fmt.Sprintf("ignore: %q is not a file pattern", pat)})
		}
	}
	for name, t := range c.Types {
		for key, f := range t.Schema {
			if !kinds[f.Kind] {
				errs = append(errs, &Error{File: c.displayFile(), Line: f.Line,
					Msg: fmt.Sprintf("types.%s.schema.%s: kind %q is not one of string, date, list, bool, number", name, key, f.Kind)})
			}
		}
	}
	return errors.Join(errs...)
}

// validThemeName reports whether name names one folder of themes/, and
// so cannot reach outside it.
func validThemeName(name string) bool {
	return name != "." && name != ".." && !strings.ContainsAny(name, `/\`)
}

func (c *Config) displayFile() string {
	if c.File != "" {
		return c.File
	}
	return filepath.Join(c.Dir, FileName)
}

// CleanBaseURL checks a base URL (lore.yaml's baseURL, lore build's
// --base-url) and returns it with repeated slashes in its path collapsed,
// since the base is copied into every link, feed and sitemap entry. A
// query or fragment is refused: it would land in the middle of each of
// those URLs. The error begins with the quoted URL, for the caller to say
// where it came from.
func CleanBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("%q is not a URL: %v", raw, err)
	}
	if strings.ContainsAny(raw, "?#") {
		return "", fmt.Errorf("%q has a query or fragment; give a path, or a scheme, host and path, such as https://example.org/wiki/", raw)
	}
	if u.Scheme != "" && u.Host == "" {
		return "", fmt.Errorf("%q has no host; write it as %s://host/path", raw, u.Scheme)
	}
	// Leave the scheme and host as written; collapse slashes in the path.
	start := 0
	if u.Scheme != "" {
		start = len(u.Scheme) + 1
	}
	if strings.HasPrefix(raw[start:], "//") {
		slash := strings.IndexByte(raw[start+2:], '/')
		if slash < 0 {
			return raw, nil
		}
		start += 2 + slash
	}
	return raw[:start] + collapseSlashes(raw[start:]), nil
}

// collapseSlashes turns each run of slashes in p into one.
func collapseSlashes(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && i > 0 && p[i-1] == '/' {
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// BasePath is the URL path the site is served under, always with leading
// and trailing slashes ("/" or "/team-wiki/").
func (c *Config) BasePath() (string, error) {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return "", fmt.Errorf("baseURL %q: %v", c.BaseURL, err)
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p, nil
}

// AbsBaseURL is the base URL with scheme and host when it has them, else "".
func (c *Config) AbsBaseURL() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimSuffix(c.BaseURL, "/") + "/"
}

// ignoreObsidianTemplates leaves out an Obsidian vault's templates
// folders, which its Templates plugin names in .obsidian/templates.json
// and the Templater plugin in its data.json: pages made of {{title}}
// placeholders are not part of any wiki.
func (c *Config) ignoreObsidianTemplates() {
	for _, setting := range []struct{ file, key string }{
		{"templates.json", "folder"},
		{"plugins/templater-obsidian/data.json", "templates_folder"},
	} {
		data, err := ReadInside(c.ContentPath(), path.Join(".obsidian", setting.file))
		if err != nil {
			continue
		}
		var settings map[string]any
		if json.Unmarshal(data, &settings) != nil {
			continue
		}
		name, _ := settings[setting.key].(string)
		folder := strings.Trim(path.Clean("/"+filepath.ToSlash(name)), "/")
		if folder != "" {
			c.Ignore = append(c.Ignore, "/"+folder+"/") // from the top of the vault
		}
	}
}

// Ignored reports whether a file or folder of the content folder (rel is
// slash-separated, relative to it) is left out by the ignore: patterns.
func (c *Config) Ignored(rel string, isDir bool) bool {
	for _, pat := range c.Ignore {
		dirOnly := strings.HasSuffix(pat, "/")
		anchored := strings.HasPrefix(pat, "/")
		pat = strings.Trim(pat, "/")
		if dirOnly && !isDir {
			continue
		}
		subject := rel
		if !anchored && !strings.Contains(pat, "/") {
			subject = path.Base(rel)
		}
		if ok, _ := path.Match(pat, subject); ok {
			return true
		}
	}
	return false
}

// ContentPath is the absolute folder pages are read from.
func (c *Config) ContentPath() string {
	if filepath.IsAbs(c.ContentDir) {
		return c.ContentDir
	}
	return filepath.Join(c.Dir, c.ContentDir)
}

// StaticPath is the absolute folder of files copied as they are.
func (c *Config) StaticPath() string { return filepath.Join(c.Dir, c.StaticDir) }

// CachePath is the absolute folder for build caches.
func (c *Config) CachePath() string {
	if filepath.IsAbs(c.CacheDir) {
		return c.CacheDir
	}
	return filepath.Join(c.Dir, c.CacheDir)
}

// TypeForFolder returns the page type for a top-level content folder.
func (c *Config) TypeForFolder(folder string) (string, bool) {
	for name, t := range c.Types {
		for _, f := range t.Folders {
			if strings.EqualFold(f, folder) {
				return name, true
			}
		}
	}
	return "", false
}
