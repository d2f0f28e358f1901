package diag

import (
	"strings"
	"testing"
)

func TestTOMLTooDeep(t *testing.T) {
	deep := strings.Repeat("{a=", MaxTOMLNesting+1) + "1" + strings.Repeat("}", MaxTOMLNesting+1)
	for name, c := range map[string]struct {
		toml string
		line int
	}{
		"inline tables":       {"title = \"t\"\nx = " + deep + "\n", 2},
		"arrays":              {"\n\nx = " + strings.Repeat("[", 200) + strings.Repeat("]", 200), 3},
		"at the limit":        {"x = " + strings.Repeat("[", MaxTOMLNesting) + strings.Repeat("]", MaxTOMLNesting), 0},
		"brackets in strings": {`x = "` + strings.Repeat("[", 200) + "\"\ny = '" + strings.Repeat("{", 200) + "'", 0},
		"escaped quote":       {`x = "a\"` + strings.Repeat("[", 200) + `"`, 0},
		"multi-line string":   {"x = \"\"\"\n" + strings.Repeat("[", 200) + "\n\"\"\"\ny = " + deep, 4},
		"comment":             {"# " + strings.Repeat("[", 200) + "\nx = 1", 0},
		"escaped quotes":      {`x = """a\""" ` + strings.Repeat("[", 120) + ` """`, 0},
		"quotes ending text":  {`x = """a""""` + "\ny = " + deep, 2},
		"many shallow tables": {strings.Repeat("[a]\nx = [[1], {b = 2}]\n", 500), 0},
	} {
		t.Run(name, func(t *testing.T) {
			line, deep := TOMLTooDeep([]byte(c.toml))
			if deep != (c.line > 0) || line != c.line {
				t.Errorf("TOMLTooDeep = %d, %v; want line %d", line, deep, c.line)
			}
		})
	}
}
