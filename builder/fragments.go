package builder

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/lore-wiki/lore/builder/theme"
)

// fragments memoizes partials for one render pass: the `partialCached`
// template function, named and keyed as in Hugo. The header, footer and
// head links are the same on thousands of pages, and executing them once
// instead of once per page is a large share of render time.
//
// A pass starts with an empty cache, so a rebuild in `lore serve` never
// shows a fragment computed from an older site.
type fragments struct {
	theme *theme.Theme
	mu    sync.Mutex
	done  map[string]template.HTML
}

func newFragments(t *theme.Theme) *fragments {
	return &fragments{theme: t, done: map[string]template.HTML{}}
}

// partialCached executes the partial template name with data the first
// time it is asked for with these variants, and returns that HTML every
// time after. The variants must capture everything the partial's output
// depends on: a partial rendered for one page is reused for every page
// that passes the same variants.
func (f *fragments) partialCached(name string, data any, variants ...any) (template.HTML, error) {
	key := fragmentKey(name, variants)
	f.mu.Lock()
	html, ok := f.done[key]
	f.mu.Unlock()
	if ok {
		return html, nil
	}
	// Two workers may render the same fragment at once; holding no lock
	// while executing keeps the others going. The first to finish wins, so
	// every page gets the same HTML even when the variants leave out
	// something the partial prints.
	var buf bytes.Buffer
	if err := f.theme.ExecutePartial(&buf, name, data); err != nil {
		return "", err
	}
	html = template.HTML(buf.String())
	f.mu.Lock()
	if first, ok := f.done[key]; ok {
		html = first
	} else {
		f.done[key] = html
	}
	f.mu.Unlock()
	return html, nil
}

func fragmentKey(name string, variants []any) string {
	var b strings.Builder
	b.WriteString(name)
	for _, v := range variants {
		b.WriteByte(0)
		if s, ok := v.(string); ok {
			b.WriteString(s)
		} else {
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}
