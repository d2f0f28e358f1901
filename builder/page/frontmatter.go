package page

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/lore-wiki/lore/builder/diag"
	"gopkg.in/yaml.v3"
)

// rawMatter is what a front matter block decodes to before it is checked
// key by key: the values, and the line each key is written on.
type rawMatter struct {
	values map[string]any
	lines  map[string]int
	found  bool
	// errLine is a line inside the block, relative to its first line.
	errLine int
}

// matterError is a front matter problem at a line relative to the block.
type matterError struct {
	line int // 1-based line inside the block; 0 when unknown
	msg  string
}

func (e *matterError) Error() string { return e.msg }

func yamlFormat(start string) *frontmatter.Format {
	return frontmatter.NewFormat(start, "---", func(data []byte, v any) error {
		rm := v.(*rawMatter)
		rm.found = true
		return decodeYAML(data, rm)
	})
}

func tomlFormat(start, end string) *frontmatter.Format {
	return frontmatter.NewFormat(start, end, func(data []byte, v any) error {
		rm := v.(*rawMatter)
		rm.found = true
		return decodeTOML(data, rm)
	})
}

var formats = []*frontmatter.Format{
	yamlFormat("---"), yamlFormat("---yaml"),
	tomlFormat("+++", "+++"), tomlFormat("---toml", "---"),
}

func decodeYAML(data []byte, rm *rawMatter) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return yamlMatterError(err, data)
	}
	rm.values = map[string]any{}
	rm.lines = map[string]int{}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return &matterError{line: root.Line, msg: "front matter must be a map of keys to values"}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var val any
		if err := v.Decode(&val); err != nil {
			return &matterError{line: v.Line, msg: fmt.Sprintf("key %q: %v", k.Value, err)}
		}
		if _, dup := rm.lines[k.Value]; dup {
			return &matterError{line: k.Line, msg: fmt.Sprintf("key %q appears twice", k.Value)}
		}
		rm.values[k.Value] = val
		rm.lines[k.Value] = k.Line
	}
	return nil
}

func yamlMatterError(err error, data []byte) error {
	line, msg := diag.YAMLError(err, data)
	return &matterError{line: line, msg: "invalid YAML: " + msg}
}

func decodeTOML(data []byte, rm *rawMatter) error {
	rm.values = map[string]any{}
	rm.lines = map[string]int{}
	if line, deep := diag.TOMLTooDeep(data); deep {
		return &matterError{line: line, msg: fmt.Sprintf("TOML arrays and tables nest more than %d deep", diag.MaxTOMLNesting)}
	}
	if _, err := toml.Decode(string(data), &rm.values); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &matterError{line: pe.Position.Line, msg: "invalid TOML: " + pe.Message}
		}
		return &matterError{msg: "invalid TOML: " + err.Error()}
	}
	// TOML's decoder keeps no positions; find each top-level key's line by hand.
	for i, line := range bytes.Split(data, []byte("\n")) {
		key, _, ok := bytes.Cut(line, []byte("="))
		if !ok {
			continue
		}
		k := strings.Trim(string(bytes.TrimSpace(key)), `"'`)
		if _, known := rm.values[k]; known {
			if _, seen := rm.lines[k]; !seen {
				rm.lines[k] = i + 1
			}
		}
	}
	return nil
}
