package diag

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
)

// YAMLError splits a yaml.v3 syntax error ("yaml: line 4: did not find
// expected key") in reading data into the 1-based line (0 for an error
// about the whole document) and the message.
//
// yaml.v3 numbers a parser error's line from 0 and a scanner error's from
// 1, so a flow list left open ("tags: [a, b") on the third line was
// reported on the second; the parser's messages are told apart here. A
// parser error found at the end of data is put on data's last line,
// which is where the construct left open is when yaml.v3 names the end.
func YAMLError(err error, data []byte) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n != 1 {
		if msg == "control characters are not allowed" {
			// yaml.v3 names no line for these; the first one's is the one.
			for i, r := range string(data) {
				if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != 0x85 {
					return 1 + bytes.Count(data[:i], []byte("\n")), msg
				}
			}
		}
		for _, p := range yamlPlacelessProblems {
			if strings.HasPrefix(msg, p) {
				return 0, msg
			}
		}
		// yaml.v3 leaves "line 1" out of its message: the most common
		// mistake, "title: Sprint 42: what went wrong" on the first line,
		// would be reported at the front matter's opening ---.
		return 1, msg
	}
	_, msg, _ = strings.Cut(msg, ":")
	msg = strings.TrimSpace(msg)
	if yamlParserProblems[msg] {
		line = min(line+1, max(1, lineCount(data)))
	}
	return line, msg
}

// yamlPlacelessProblems are yaml.v3's messages about the whole document,
// which name no line because they have none.
var yamlPlacelessProblems = []string{
	"document contains excessive aliasing",
	"exceeded max depth",
	"unmarshal errors",
}

// yamlParserProblems are the messages of yaml.v3's parser, as opposed to
// its scanner.
var yamlParserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

func lineCount(data []byte) int {
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}
