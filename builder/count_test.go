package builder

import "testing"

func TestCountNoun(t *testing.T) {
	for _, c := range []struct {
		n    int
		args []string
		want string
	}{
		{0, []string{"page"}, "0 pages"},
		{1, []string{"page"}, "1 page"},
		{3024, []string{"page"}, "3,024 pages"},
		{1234567, []string{"page"}, "1,234,567 pages"},
		{1, []string{"person", "people"}, "1 person"},
		{2, []string{"person", "people"}, "2 people"},
		{-1500, []string{"degree"}, "-1,500 degrees"},
	} {
		if got := CountNoun(c.n, c.args[0], c.args[1:]...); got != c.want {
			t.Errorf("CountNoun(%d, %v) = %q, want %q", c.n, c.args, got, c.want)
		}
	}
}
