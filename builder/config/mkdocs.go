package config

import (
	"net/url"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// fromMkDocs fills in what a MkDocs project's mkdocs.yml says, for a site
// with no lore.yaml: its pages are in docs_dir (docs/ by default), and
// site_name, repo_url and site_url are the title, repository and base URL.
// The rest of mkdocs.yml (theme, plugins, nav) is MkDocs' own business.
//
// The file is read as a YAML tree, not into a struct: MkDocs files carry
// Python tags (!!python/name:...) that only Python can decode.
func (c *Config) fromMkDocs() {
	var data []byte
	for _, name := range []string{"mkdocs.yml", "mkdocs.yaml"} {
		if b, err := os.ReadFile(filepath.Join(c.Dir, name)); err == nil {
			data = b
			break
		}
	}
	var doc yaml.Node
	if data == nil || yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return
	}
	keys := map[string]string{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if v := root.Content[i+1]; v.Kind == yaml.ScalarNode {
			keys[root.Content[i].Value] = v.Value
		}
	}
	docs := keys["docs_dir"]
	if docs == "" {
		docs = "docs"
	}
	if st, err := os.Stat(filepath.Join(c.Dir, docs)); err == nil && st.IsDir() {
		c.ContentDir = docs
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
}
