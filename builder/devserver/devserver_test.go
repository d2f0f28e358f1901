package devserver

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func page(title string) []byte {
	return []byte("<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>\n")
}

func site() map[string][]byte {
	return map[string][]byte{
		"index.html":         page("Home"),
		"notes/a/index.html": page("A"),
		"404.html":           page("Not found"),
		"_lore/css/lore.css": []byte("body{}"),
		"_lore/nav.json":     []byte("{}"),
	}
}

func newServer(t *testing.T, opt Options) (*Server, *httptest.Server) {
	t.Helper()
	s := New(opt)
	s.Publish(site(), Update{})
	ts := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); ts.Close() })
	return s, ts
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func TestServesPagesWithReloadScript(t *testing.T) {
	s, ts := newServer(t, Options{})
	code, body, h := get(t, ts.URL+"/notes/a/")
	if code != 200 || !strings.Contains(body, "<h1>A</h1>") {
		t.Fatalf("GET /notes/a/ = %d %q", code, body)
	}
	if !strings.Contains(body, `<script src="/_lore/livereload.js" data-gen="0"></script></body>`) {
		t.Errorf("no reload script before </body>: %q", body)
	}
	if h.Get("Cache-Control") != "no-store" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Errorf("headers %v", h)
	}
	if strings.Contains(string(s.site.Load().files["notes/a/index.html"]), "livereload") {
		t.Error("the script was written into the site itself")
	}
	if code, _, h := get(t, ts.URL+"/notes/a"); code != http.StatusMovedPermanently || h.Get("Location") != "/notes/a/" {
		t.Errorf("GET /notes/a = %d to %q, want a redirect to the folder", code, h.Get("Location"))
	}
	if code, _, h := get(t, ts.URL+"/notes/a?q=deploy"); code != http.StatusMovedPermanently || h.Get("Location") != "/notes/a/?q=deploy" {
		t.Errorf("GET /notes/a?q=deploy = %d to %q, want the query kept", code, h.Get("Location"))
	}
	if code, body, _ := get(t, ts.URL+"/_lore/css/lore.css"); code != 200 || body != "body{}" {
		t.Errorf("CSS = %d %q; want it as it is", code, body)
	}
	if code, body, _ := get(t, ts.URL+"/nope/"); code != 404 || !strings.Contains(body, "Not found") {
		t.Errorf("GET /nope/ = %d %q, want the site's 404 page", code, body)
	}
	if code, body, _ := get(t, ts.URL+"/_lore/livereload.js"); code != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("reload script = %d", code)
	}
}

func TestNoReloadServesPagesAsTheyAre(t *testing.T) {
	_, ts := newServer(t, Options{NoReload: true})
	_, body, _ := get(t, ts.URL+"/")
	if body != string(page("Home")) {
		t.Errorf("page changed with --no-reload: %q", body)
	}
	if code, _, _ := get(t, ts.URL+"/_lore/reload"); code != 404 {
		t.Errorf("event stream served with --no-reload: %d", code)
	}
}

// rawGet sends a request line as written, without a client cleaning it.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestPathTraversalIsNotFound(t *testing.T) {
	s, ts := newServer(t, Options{})
	files := site()
	files["secret"] = []byte("TOP SECRET") // reachable only as /secret
	s.Publish(files, Update{})
	addr := strings.TrimPrefix(ts.URL, "http://")
	for _, target := range []string{
		"/../secret", "/notes/../secret", "/notes/../../secret", "/%2e%2e/secret", "/notes/%2e%2e/secret",
		"/notes/%2E%2E/%2e%2e/secret", "/notes%2f..%2fsecret", "/notes/..%5csecret", "/notes\\..\\secret",
		"/./secret", "/secret%00.html",
	} {
		code, body := rawGet(t, addr, target)
		if code != http.StatusNotFound && code != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 404", target, code)
		}
		if strings.Contains(body, "TOP SECRET") {
			t.Errorf("GET %s leaked the file", target)
		}
	}
	if code, body := rawGet(t, addr, "/secret"); code != 200 || body != "TOP SECRET" {
		t.Errorf("GET /secret = %d %q; the plain path should work", code, body)
	}
}

// sse reads one browser's event stream.
type sse struct {
	events chan string
}

func listen(t *testing.T, url string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/_lore/reload", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	s := &sse{events: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				s.events <- ev + " " + strings.TrimPrefix(line, "data: ")
			}
		}
		close(s.events)
	}()
	return s
}

func (s *sse) next(t *testing.T) string {
	t.Helper()
	select {
	case e := <-s.events:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return ""
}

func TestEvents(t *testing.T) {
	s, ts := newServer(t, Options{})
	b := listen(t, ts.URL)
	if e := b.next(t); !strings.HasPrefix(e, `hello {"boot":`) {
		t.Fatalf("first event %q", e)
	}
	files := site()
	files["notes/a/index.html"] = page("A2")
	s.Publish(files, Update{Changed: []string{"notes/a/index.html", "_lore/nav.json"}})
	if e := b.next(t); e != `reload {"gen":1,"pages":["/notes/a/"]}` {
		t.Errorf("after a page change: %q", e)
	}
	s.Publish(files, Update{Changed: []string{"_lore/css/lore.css"}})
	if e := b.next(t); e != `css {"files":["/_lore/css/lore.css"],"gen":2}` {
		t.Errorf("after a CSS change: %q", e)
	}
	s.Publish(files, Update{Problems: []Problem{{File: "notes/a.md", Line: 3, Severity: "error", Message: "bad"}}})
	if e := b.next(t); e != `problems {"problems":[{"file":"notes/a.md","line":3,"severity":"error","message":"bad"}]}` {
		t.Errorf("after an error: %q", e)
	}
	s.Publish(files, Update{}) // fixed
	if e := b.next(t); e != `problems {"problems":[]}` {
		t.Errorf("after the fix: %q", e)
	}
	s.Publish(files, Update{Changed: []string{"notes/a/pic.png"}})
	if e := b.next(t); e != `reload {"gen":3,"pages":["*"]}` {
		t.Errorf("after an image change: %q", e)
	}
	// A tab loading now is told the gen its page was served from, and
	// the gen of the site when it connects or asks: equal, unless an
	// update went by in between.
	if _, body, _ := get(t, ts.URL+"/notes/a/"); !strings.Contains(body, `data-gen="3"`) {
		t.Errorf("page served at gen 3: %q", body)
	}
	if e := listen(t, ts.URL).next(t); !strings.Contains(e, `"gen":3,`) {
		t.Errorf("hello %q", e)
	}
	if _, body, _ := get(t, ts.URL+"/_lore/reload.json"); !strings.Contains(body, `"gen":3,`) || !strings.Contains(body, `"boot":`) {
		t.Errorf("reload.json %q", body)
	}
}

var genAttr = regexp.MustCompile(`data-gen="\d+"`)

// 200 clients fetch pages while the site is swapped hundreds of times:
// every response is complete and is exactly one published version.
func TestConcurrentFetchesDuringSwaps(t *testing.T) {
	s, ts := newServer(t, Options{})
	const versions = 300
	valid := map[string]bool{}
	inject := func(b []byte) string {
		return strings.Replace(string(b), "</body>", string(reloadTag(0))+"</body>", 1)
	}
	bodies := make([]map[string][]byte, versions)
	for v := range versions {
		f := site()
		// Pages of very different sizes, so a mix would show.
		f["notes/a/index.html"] = page(fmt.Sprintf("A v%d %s", v, strings.Repeat("x", (v%7)*5000)))
		bodies[v] = f
		valid[inject(f["notes/a/index.html"])] = true
	}
	valid[inject(site()["notes/a/index.html"])] = true
	var stop atomic.Bool
	var wg sync.WaitGroup
	var fetched, failed atomic.Int64
	tr := &http.Transport{MaxIdleConnsPerHost: 200}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				resp, err := client.Get(ts.URL + "/notes/a/")
				if err != nil {
					failed.Add(1)
					t.Errorf("fetch: %v", err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				// Which version it is, not which gen it was served at.
				body = genAttr.ReplaceAll(body, []byte(`data-gen="0"`))
				if err != nil || resp.StatusCode != 200 || !valid[string(body)] {
					failed.Add(1)
					t.Errorf("bad response: %d %v %d bytes", resp.StatusCode, err, len(body))
					return
				}
				fetched.Add(1)
			}
		}()
	}
	swaps := 0
	published := make(chan struct{})
	go func() {
		defer close(published)
		for v := 0; !stop.Load(); v++ {
			s.Publish(bodies[v%versions], Update{Changed: []string{"notes/a/index.html"}})
			swaps++
		}
	}()
	wg.Wait()
	stop.Store(true)
	<-published
	if swaps < 10 {
		t.Errorf("only %d swaps happened during the fetches", swaps)
	}
	t.Logf("%d responses during %d swaps, %d failed", fetched.Load(), swaps, failed.Load())
}
