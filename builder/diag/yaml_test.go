package diag

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestYAMLErrorLine(t *testing.T) {
	for _, c := range []struct {
		yaml string
		line int
	}{
		// yaml.v3 names no line for a problem on the first.
		{"title: Sprint 42: what went wrong\n", 1},
		{"a: b\ntitle: Sprint 42: what went wrong\n", 2},
		// Its parser numbers lines from 0.
		{"a: b\ntags: [a, b\n", 2},
		{"a: 'open\n", 2},
	} {
		var v any
		err := yaml.Unmarshal([]byte(c.yaml), &v)
		if err == nil {
			t.Fatalf("%q parsed", c.yaml)
		}
		if line, msg := YAMLError(err, []byte(c.yaml)); line != c.line {
			t.Errorf("%q: line %d (%s), want %d", c.yaml, line, msg, c.line)
		}
	}
}
