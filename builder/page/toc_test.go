package page

import (
	"reflect"
	"testing"
)

func TestTOC(t *testing.T) {
	h := func(level int, id string) Heading { return Heading{Level: level, ID: id} }
	for _, tc := range []struct {
		in, want []Heading
	}{
		{nil, nil},
		{[]Heading{h(2, "only")}, nil}, // one entry is not worth a box
		{[]Heading{h(1, "t"), h(2, "a"), h(4, "deep"), h(3, "b"), h(5, "x")}, []Heading{h(2, "a"), h(3, "b")}},
		{[]Heading{h(4, "a"), h(4, "b")}, nil},
	} {
		p := &Page{Headings: tc.in}
		if got := p.TOC(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("TOC(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
