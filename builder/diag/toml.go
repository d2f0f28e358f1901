package diag

import "bytes"

// MaxTOMLNesting is how deeply TOML arrays and inline tables may nest.
// BurntSushi/toml builds each inline table's full dotted key at every
// level, so its time and memory grow with the square of the depth: 40 KB
// of nested {a= took 8.8 s and 3.9 GB. YAML's decoder stops at 10,000.
const MaxTOMLNesting = 100

// TOMLTooDeep finds the line of data where arrays and inline tables nest
// deeper than MaxTOMLNesting, reading strings and comments as TOML does.
func TOMLTooDeep(data []byte) (line int, tooDeep bool) {
	depth, line := 0, 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(data)
			}
		case '"', '\'':
			end := stringEnd(data, i)
			line += bytes.Count(data[i:end], []byte("\n"))
			i = end - 1
		case '[', '{':
			if depth++; depth > MaxTOMLNesting {
				return line, true
			}
		case ']', '}':
			depth = max(0, depth-1)
		}
	}
	return 0, false
}

// stringEnd is the offset just past the TOML string opening at data[i]:
// basic "...", literal '...', and their multi-line forms.
func stringEnd(data []byte, i int) int {
	q := data[i]
	multi := bytes.HasPrefix(data[i:], []byte{q, q, q})
	j := i + 1
	if multi {
		j = i + 3
	}
	for ; j < len(data); j++ {
		switch data[j] {
		case '\\':
			if q == '"' { // escapes are for basic strings only
				j++
			}
		case '\n':
			if !multi {
				return j + 1
			}
		case q:
			if !multi {
				return j + 1
			}
			if bytes.HasPrefix(data[j:], []byte{q, q, q}) {
				// Up to two more quotes may end the string's text.
				end := j + 3
				for end < len(data) && end < j+5 && data[end] == q {
					end++
				}
				return end
			}
		}
	}
	return len(data)
}
