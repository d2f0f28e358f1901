package config

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/BurntSushi/toml"
	"github.com/lore-wiki/lore/builder/diag"
	"gopkg.in/yaml.v3"
)

var (
	// Hugo reads the first of these it finds; a site split into a config
	// folder keeps its main settings in config/_default/.
	hugoFiles = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "config.toml",
		"config/_default/hugo.toml", "config/_default/hugo.yaml", "config/_default/config.toml", "config/_default/config.yaml"}
	docusaurusFiles = []string{"docusaurus.config.js", "docusaurus.config.ts"}
)

// Files are the names of every configuration file Load may read in a site
// folder: lore.yaml, and the files of the tools whose folders Lore builds
// as they are. lore serve watches them all.
func Files() []string {
	return slices.Concat([]string{FileName}, mkdocsFiles, hugoFiles, docusaurusFiles)
}

// fromHugo reads a Hugo site's title and base URL, for a site with no
// lore.yaml: its pages are already where Lore looks, in content/. Only
// those two settings mean the same to both; the rest is Hugo's business.
// A file Lore cannot read is Hugo's to complain about, not Lore's.
func (c *Config) fromHugo() {
	var settings struct {
		Title   string `toml:"title" yaml:"title"`
		BaseURL string `toml:"baseURL" yaml:"baseURL"`
	}
	read := false
	for _, name := range hugoFiles {
		data, err := os.ReadFile(filepath.Join(c.Dir, name))
		if err != nil {
			continue
		}
		if filepath.Ext(name) == ".toml" {
			// Hugo's to reject; deep nesting would only cost Lore minutes.
			_, deep := diag.TOMLTooDeep(data)
			read = !deep && toml.Unmarshal(data, &settings) == nil
		} else {
			read = yaml.Unmarshal(data, &settings) == nil
		}
		break
	}
	if !read {
		return
	}
	c.Title = settings.Title
	if base, err := CleanBaseURL(settings.BaseURL); err == nil && settings.BaseURL != "" {
		c.BaseURL = base
	}
}

// fromDocusaurus reads a Docusaurus project: its pages are in docs/, and
// its title is in docusaurus.config.js, which only JavaScript can run, so
// the first title: string in it is taken.
func (c *Config) fromDocusaurus() {
	for _, name := range docusaurusFiles {
		data, err := os.ReadFile(filepath.Join(c.Dir, name))
		if err != nil {
			continue
		}
		if st, err := os.Stat(filepath.Join(c.Dir, "docs")); err == nil && st.IsDir() {
			c.ContentDir = "docs"
		}
		if m := docusaurusTitle.FindSubmatch(data); m != nil {
			c.Title = string(m[2])
		}
		return
	}
}

var docusaurusTitle = regexp.MustCompile(`(?m)^\s*title:\s*(['"])([^'"\n]+)(['"])`)
