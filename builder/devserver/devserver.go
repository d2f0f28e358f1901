// Package devserver serves a site built in memory for `lore serve` and
// tells browsers when to reload.
//
// The site is an immutable map of output paths to bytes. Publish swaps in
// a new map atomically (one pointer store), so a request sees the old site
// or the new one, never a mix and never a half-written file; a rebuild
// never writes to a map that is being served.
//
// Pages get a small script (/_lore/livereload.js) injected before </body>
// as they are served; `lore build` output never has it. The script listens
// on /_lore/reload (Server-Sent Events) for:
//
//	reload    {"pages": ["/retros/sprint-42/", ...]}  pages whose HTML changed ("*": all)
//	css       {"files": ["/_lore/css/lore.css"]}       stylesheets to swap without a reload
//	problems  {"problems": [{file, line, col, severity, message}, ...]}  the error overlay
//
// A page reloads only when its own HTML changed, keeping its scroll
// position; when only stylesheets changed they are swapped in place. The
// overlay names file and line of every error and goes away when the last
// error is fixed; the last good version of each page stays served.
//
// Paths are confined to the site: a request path with a ".." segment
// (plain or %-encoded), a backslash or a NUL is a 404, and nothing is ever
// read from disk.
package devserver

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Problem is one build problem shown in the browser's overlay.
type Problem struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// Update describes what a Publish changed.
type Update struct {
	// Changed and Removed are output paths ("notes/a/index.html").
	Changed []string
	Removed []string
	// Problems are all current errors; an empty list clears the overlay.
	Problems []Problem
}

// Options configure a Server.
type Options struct {
	// NoReload serves pages as they are: no script, no events.
	NoReload bool
	// Search, when set, answers /_lore/api/search (search.NewHandler); the
	// theme's search.js asks it before falling back to the static index.
	Search http.Handler
	// Heartbeat is how often idle event streams get a comment line, so
	// proxies and browsers keep them open; 0 means 15 s.
	Heartbeat time.Duration
}

// Server serves the current site. Its zero value is not usable; see New.
type Server struct {
	opt  Options
	site atomic.Pointer[snapshot]
	boot string
	// publishMu orders Publish calls, which number the snapshots.
	publishMu sync.Mutex
	mu        sync.Mutex
	subs      map[*subscriber]bool
	done      chan struct{}
	close     sync.Once
	// Sent counts events sent to browsers (tests and benchmarks).
	sent atomic.Int64
}

type snapshot struct {
	files    map[string][]byte
	problems []Problem
	// gen counts Publish calls. Pages carry the gen they were served
	// from, and events the gen they bring, so a tab that reloaded while an
	// event went by sees on connecting that it shows an older site.
	gen int64
}

type subscriber struct {
	events chan []byte
}

// New returns a server with an empty site.
func New(opt Options) *Server {
	if opt.Heartbeat <= 0 {
		opt.Heartbeat = 15 * time.Second
	}
	s := &Server{opt: opt, subs: map[*subscriber]bool{}, done: make(chan struct{}),
		boot: strconv.FormatInt(time.Now().UnixNano(), 36)}
	s.site.Store(&snapshot{files: map[string][]byte{}})
	return s
}

// Publish swaps in a new site and tells browsers what changed. files must
// not be modified afterwards.
func (s *Server) Publish(files map[string][]byte, u Update) {
	s.publishMu.Lock()
	defer s.publishMu.Unlock()
	prev := s.site.Load()
	pages, css, other := classify(u.Changed, u.Removed)
	gen := prev.gen
	if len(pages)+len(css) > 0 || other {
		gen++
	}
	s.site.Store(&snapshot{files: files, problems: u.Problems, gen: gen})
	if s.opt.NoReload {
		return
	}
	if !slices.Equal(prev.problems, u.Problems) {
		s.broadcast("problems", map[string]any{"problems": nonNil(u.Problems)})
	}
	switch {
	case len(pages) > 0 || other:
		if other {
			pages = []string{"*"}
		}
		s.broadcast("reload", map[string]any{"pages": pages, "gen": gen})
	case len(css) > 0:
		s.broadcast("css", map[string]any{"files": css, "gen": gen})
	}
}

func nonNil(p []Problem) []Problem {
	if p == nil {
		return []Problem{}
	}
	return p
}

// classify sorts changed outputs into pages (by URL), stylesheets, and
// other files that a page may show (scripts, images), which reload every
// page. Data files that pages fetch lazily (JSON, feeds) reload nothing.
func classify(changed, removed []string) (pages, css []string, other bool) {
	for _, p := range slices.Concat(changed, removed) {
		switch strings.ToLower(path.Ext(p)) {
		case ".html":
			pages = append(pages, PageURL(p))
		case ".css":
			css = append(css, "/"+p)
		case ".json", ".xml", ".txt", ".map":
		default:
			other = true
		}
	}
	return pages, css, other
}

// PageURL is the URL a browser shows for an output path:
// a/b/index.html -> /a/b/, index.html -> /, 404.html -> /404.html.
func PageURL(p string) string {
	if p == "index.html" {
		return "/"
	}
	if strings.HasSuffix(p, "/index.html") {
		return "/" + strings.TrimSuffix(p, "index.html")
	}
	return "/" + p
}

// Close ends every event stream (call it before http.Server.Shutdown,
// which otherwise waits for them).
func (s *Server) Close() {
	s.close.Do(func() { close(s.done) })
}

// Subscribers counts open event streams (tests).
func (s *Server) Subscribers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

// Events counts events sent so far.
func (s *Server) Events() int64 { return s.sent.Load() }

func (s *Server) broadcast(event string, data any) {
	payload, err := json.Marshal(data)
	if err != nil {
		return
	}
	msg := []byte("event: " + event + "\ndata: " + string(payload) + "\n\n")
	s.mu.Lock()
	defer s.mu.Unlock()
	for sub := range s.subs {
		select {
		case sub.events <- msg:
		default:
			// A browser this far behind reconnects and reloads.
			close(sub.events)
			delete(s.subs, sub)
		}
	}
}

// ServeHTTP serves the site, the reload script and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/_lore/reload":
		if !s.opt.NoReload {
			s.events(w, r)
			return
		}
	case "/_lore/reload.json":
		if !s.opt.NoReload {
			// Where things stand, for a tab that hears events through another
			// tab's stream (livereload.js) and so gets no hello of its own.
			data, _ := json.Marshal(s.hello(s.site.Load()))
			s.header(w, "reload.json", len(data))
			if r.Method == http.MethodGet {
				w.Write(data)
			}
			return
		}
	case "/_lore/livereload.js":
		if !s.opt.NoReload {
			s.header(w, "livereload.js", len(reloadJS))
			if r.Method == http.MethodGet {
				w.Write(reloadJS)
			}
			return
		}
	case "/_lore/api/search":
		if s.opt.Search != nil {
			s.opt.Search.ServeHTTP(w, r)
			return
		}
	}
	s.file(w, r)
}

// confined reports whether a request path names something inside the
// site: no ".." segment, no backslash, no NUL (the path is already
// %-decoded, so %2e%2e arrives here as "..").
func confined(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return true
}

func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	site := s.site.Load()
	p := r.URL.Path
	if !confined(p) {
		s.notFound(w, r, site)
		return
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := site.files[name]
	if !ok {
		if _, dir := site.files[name+"/index.html"]; dir {
			// Keep the query: /search?q=deploy must still search.
			to := p + "/"
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
		s.notFound(w, r, site)
		return
	}
	s.write(w, r, http.StatusOK, name, data, site.gen)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, site *snapshot) {
	if data, ok := site.files["404.html"]; ok {
		s.write(w, r, http.StatusNotFound, "404.html", data, site.gen)
		return
	}
	if !s.opt.NoReload {
		// Before the first good build: an empty page that shows the overlay
		// and reloads once the site exists.
		s.write(w, r, http.StatusNotFound, "404.html", []byte("<!DOCTYPE html><title>Lore</title><body><p>Not built yet.</p></body>\n"), site.gen)
		return
	}
	http.NotFound(w, r)
}

func (s *Server) header(w http.ResponseWriter, name string, size int) {
	h := w.Header()
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(size))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// reloadTag is injected before </body> of every served page, with the
// gen of the site it is served from.
func reloadTag(gen int64) []byte {
	return []byte(`<script src="/_lore/livereload.js" data-gen="` + strconv.FormatInt(gen, 10) + `"></script>`)
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, name string, data []byte, gen int64) {
	head, tail := data, []byte(nil)
	var tag []byte
	if !s.opt.NoReload && strings.HasSuffix(name, ".html") {
		tag = reloadTag(gen)
		if i := bytes.LastIndex(data, []byte("</body>")); i >= 0 {
			head, tail = data[:i], data[i:]
		}
	}
	s.header(w, name, len(head)+len(tag)+len(tail))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	w.Write(head)
	w.Write(tag)
	w.Write(tail)
}

// events streams reload events to one browser tab until it goes away or
// the server closes.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	sub := &subscriber{events: make(chan []byte, 64)}
	s.mu.Lock()
	s.subs[sub] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.subs[sub] {
			delete(s.subs, sub)
		}
		s.mu.Unlock()
	}()
	w.WriteHeader(http.StatusOK)
	hello, _ := json.Marshal(s.hello(s.site.Load()))
	fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %s\n\n", hello)
	if err := rc.Flush(); err != nil {
		return
	}
	tick := time.NewTicker(s.opt.Heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case msg, ok := <-sub.events:
			if !ok {
				return
			}
			if _, err := w.Write(msg); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
			s.sent.Add(1)
		case <-tick.C:
			if _, err := w.Write([]byte(": ping\n\n")); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
	}
}

// hello is what a tab learns on connecting: which server process this is
// (a new one means the page may be stale), the site's gen, and problems.
func (s *Server) hello(site *snapshot) map[string]any {
	return map[string]any{"boot": s.boot, "gen": site.gen, "problems": nonNil(site.problems)}
}

// Shutdown ends event streams and then shuts srv down gracefully.
func (s *Server) Shutdown(ctx context.Context, srv *http.Server) error {
	s.Close()
	return srv.Shutdown(ctx)
}

//go:embed livereload.js
var reloadJS []byte
