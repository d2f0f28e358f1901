package config

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

var mkdocsFiles = []string{"mkdocs.yml", "mkdocs.yaml"}

// fromMkDocs fills in what a MkDocs project's mkdocs.yml says, for a site
// with no lore.yaml: its pages are in docs_dir (docs/ by default), and
// site_name, repo_url and site_url are the title, repository and base URL.
// The rest of mkdocs.yml (theme, plugins, nav) is MkDocs' own business.
//
// The file is read as a YAML tree, not into a struct: MkDocs files carry
// Python tags (!!python/name:...) that only Python can decode.
func (c *Config) fromMkDocs() error {
	var data []byte
	var file string
	for _, name := range mkdocsFiles {
		if b, err := os.ReadFile(filepath.Join(c.Dir, name)); err == nil {
			data, file = b, filepath.Join(c.Dir, name)
			break
		}
	}
	if data == nil {
		return nil
	}
	// MkDocs would refuse a broken file too; building from the project
	// root instead, with the folder's name for a title, publishes the
	// project's own files.
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		e := c.lineError(err.Error(), nil).(*Error)
		e.File, e.Msg = file, e.Msg+" (Lore reads site_name, docs_dir, repo_url and site_url from it; fix it, or add a lore.yaml)"
		return e
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	root := doc.Content[0]
	keys := map[string]string{}
	lines := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if v, ok := mkdocsValue(root.Content[i+1]); ok {
			keys[root.Content[i].Value] = v
			lines[root.Content[i].Value] = root.Content[i].Line
		}
	}
	docs := keys["docs_dir"]
	if docs == "" {
		docs = "docs"
	}
	if st, err := os.Stat(filepath.Join(c.Dir, docs)); err == nil && st.IsDir() {
		c.ContentDir = docs
	} else if keys["docs_dir"] != "" {
		return &Error{File: file, Line: lines["docs_dir"], Msg: fmt.Sprintf("docs_dir: %q is not a folder", docs)}
	}
	c.Title = keys["site_name"]
	if u, err := url.Parse(keys["repo_url"]); err == nil && u.Host != "" {
		c.Repository = keys["repo_url"]
	}
	// A site_url Lore cannot use is left out like one without a host:
	// mkdocs.yml is MkDocs' file, and it builds without one.
	if u, err := url.Parse(keys["site_url"]); err == nil && u.Host != "" {
		if base, err := CleanBaseURL(keys["site_url"]); err == nil {
			c.BaseURL = base
		}
	}
	return nil
}

// mkdocsValue reads a scalar setting, or MkDocs' !ENV tag: !ENV NAME, or
// !ENV [NAME, OTHER, default], the first variable set, else the default.
func mkdocsValue(n *yaml.Node) (string, bool) {
	if n.Tag != "!ENV" {
		return n.Value, n.Kind == yaml.ScalarNode
	}
	if n.Kind == yaml.ScalarNode {
		return os.Getenv(n.Value), true
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return "", false
	}
	if len(n.Content) == 1 {
		return os.Getenv(n.Content[0].Value), true
	}
	for _, v := range n.Content[:len(n.Content)-1] {
		if s := os.Getenv(v.Value); s != "" {
			return s, true
		}
	}
	return n.Content[len(n.Content)-1].Value, true
}
