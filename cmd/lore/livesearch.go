package main

import (
	"net/http"
	"sync"

	"github.com/lore-wiki/lore/search"
)

// liveSearch answers /_lore/api/search from the index lore serve keeps
// open, which comes and goes as lore.yaml turns search on and off while
// serving.
type liveSearch struct {
	mu  sync.RWMutex
	idx *search.Index
	h   http.Handler
	why string // why there is no index though search is on
}

func (l *liveSearch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	switch {
	case l.h != nil:
		l.h.ServeHTTP(w, r)
	case l.why != "":
		// The search box says why, rather than failing to find a static
		// index, which a preview does not write.
		http.Error(w, l.why, http.StatusServiceUnavailable)
	default:
		http.NotFound(w, r)
	}
}

// index is the open index, nil when there is none.
func (l *liveSearch) index() *search.Index {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.idx
}

// set swaps in idx (nil for none, with why when search is on) once no
// request is using the old one, and closes the old one.
func (l *liveSearch) set(idx *search.Index, why string) {
	l.mu.Lock()
	old := l.idx
	l.idx, l.h, l.why = idx, nil, why
	if idx != nil {
		l.h = search.NewHandler(idx)
	}
	l.mu.Unlock()
	if old != nil && old != idx {
		old.Close()
	}
}
