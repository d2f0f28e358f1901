package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/gittest"
	"github.com/lore-wiki/lore/search"
)

// live is a running `lore serve` on a temp site, driven in-process.
type live struct {
	t      testing.TB
	dir    string
	url    string
	srv    *server
	stdout *lockedBuffer
	stderr *lockedBuffer
	cancel context.CancelFunc
	done   chan int
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func put(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveAtomically writes like editors that save safely: a temp file beside
// the note, renamed over it.
func saveAtomically(t testing.TB, name, data string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".tmp")
	put(t, tmp, data)
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

func serveSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	put(t, filepath.Join(dir, "lore.yaml"), "title: Live wiki\n")
	put(t, filepath.Join(dir, "content/index.md"), "---\ntitle: Home\n---\nWelcome to [[alpha]].\n")
	put(t, filepath.Join(dir, "content/notes/alpha.md"), "---\ntitle: Alpha\ndate: 2026-01-02\n---\nAlpha body.\n\nSee [[beta]].\n")
	put(t, filepath.Join(dir, "content/notes/beta.md"), "---\ntitle: Beta\ndate: 2026-01-01\n---\nBeta body.\n")
	put(t, filepath.Join(dir, "static/site.css"), "body{}\n")
	return dir
}

// startServe runs the serve command's server on a free loopback port.
func startServe(t testing.TB, dir string) *live {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &live{t: t, dir: dir, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan int, 1)}
	e := &env{stdout: l.stdout, stderr: l.stderr, getenv: func(string) string { return "" }}
	l.srv = &server{e: e, source: dir, base: "http://" + ln.Addr().String() + "/"}
	l.url = strings.TrimSuffix(l.srv.base, "/")
	cfg, err := l.srv.loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	go func() { l.done <- l.srv.run(ctx, cfg, ln, false) }()
	t.Cleanup(l.stop)
	// Ready when the page answers.
	deadline := time.Now().Add(10 * time.Minute) // a 10k-page wiki in the benchmark
	for {
		if resp, err := http.Get(l.url + "/"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return l
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready; stderr:\n%s", l.stderr.String())
		}
		select {
		case code := <-l.done:
			t.Fatalf("server exited with %d; stderr:\n%s", code, l.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (l *live) stop() {
	l.cancel()
	select {
	case code := <-l.done:
		if code != 0 {
			l.t.Errorf("serve exited with %d; stderr:\n%s", code, l.stderr.String())
		}
		l.done <- code
	case <-time.After(10 * time.Second):
		l.t.Error("serve did not stop within 10s of Ctrl-C")
	}
}

func (l *live) get(path string) (int, string) {
	l.t.Helper()
	resp, err := http.Get(l.url + path)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		l.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// waitFor waits until path answers status with want in its body, and
// fails the test after 15 s, with serve's output.
func (l *live) waitFor(path, want string, status int) {
	l.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		code, body := l.get(path)
		if code == status && strings.Contains(body, want) {
			return
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("%s answers %d without %q; stdout:\n%s\nstderr:\n%s", path, code, want, l.stdout.String(), l.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// events is one browser's view of /_lore/reload.
type events struct {
	c chan string
}

func (l *live) listen() *events {
	l.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", l.url+"/_lore/reload", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(func() { cancel(); resp.Body.Close() })
	ev := &events{c: make(chan string, 1000)}
	go func() {
		defer close(ev.c)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.c <- name + " " + strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	if e := ev.next(l.t, 5*time.Second); !strings.HasPrefix(e, "hello ") {
		l.t.Fatalf("first event %q", e)
	}
	return ev
}

func (ev *events) next(t testing.TB, d time.Duration) string {
	t.Helper()
	select {
	case e, ok := <-ev.c:
		if !ok {
			t.Fatal("event stream closed")
		}
		return e
	case <-time.After(d):
		t.Fatalf("no event within %s", d)
	}
	return ""
}

// waitFor reads events until one contains want.
func (ev *events) waitFor(t testing.TB, want string) string {
	t.Helper()
	return ev.waitWithin(t, want, 10*time.Second)
}

// waitWithin is waitFor with another deadline (benchmarks of slow rebuilds).
func (ev *events) waitWithin(t testing.TB, want string, d time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		e := ev.next(t, time.Until(deadline))
		if strings.Contains(e, want) {
			return e
		}
	}
}

// cleanFiles builds dir from scratch as serve does, for comparison.
func cleanFiles(t testing.TB, l *live) map[string][]byte {
	t.Helper()
	cfg, err := l.srv.loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	out := builder.NewMemOutput()
	builder.Build(context.Background(), builder.Options{Config: cfg, Output: out, Dev: true, NoSearch: true,
		Exclude: []string{filepath.Join(cfg.Dir, "public")}})
	return out.Files
}

// diffFiles lists differences, ignoring the search export (kept up to date
// by the search hook, not by the session).
func diffFiles(want, got map[string][]byte) []string {
	got = maps.Clone(got)
	var d []string
	for p, w := range want {
		if g, ok := got[p]; !ok {
			d = append(d, "missing "+p)
		} else if !bytes.Equal(g, w) {
			d = append(d, "differs "+p)
		}
		delete(got, p)
	}
	for p := range got {
		if !strings.HasPrefix(p, "_lore/search/") {
			d = append(d, "extra "+p)
		}
	}
	sort.Strings(d)
	return d
}

func TestServeRebuildsOnSaveDeleteAndRename(t *testing.T) {
	l := startServe(t, serveSite(t))
	ev := l.listen()
	c := filepath.Join(l.dir, "content")

	saveAtomically(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta\ndate: 2026-01-01\n---\nBeta body, edited.\n")
	ev.waitFor(t, `"/notes/beta/"`)
	if _, body := l.get("/notes/beta/"); !strings.Contains(body, "Beta body, edited.") {
		t.Fatal("edit not served")
	}

	// A save that changes nothing sends no reload: the next event is the
	// one of the following real change.
	data, _ := os.ReadFile(filepath.Join(c, "notes/alpha.md"))
	put(t, filepath.Join(c, "notes/alpha.md"), string(data))
	put(t, filepath.Join(c, "notes/gamma.md"), "---\ntitle: Gamma\n---\nNew page.\n")
	if e := ev.next(t, 10*time.Second); !strings.Contains(e, `"/notes/gamma/"`) {
		t.Fatalf("after an unchanged save and a new page: %q", e)
	}

	if err := os.Remove(filepath.Join(c, "notes/gamma.md")); err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, `"/notes/gamma/"`)
	if code, _ := l.get("/notes/gamma/"); code != 404 {
		t.Errorf("deleted page: %d, want 404", code)
	}

	if err := os.Rename(filepath.Join(c, "notes"), filepath.Join(c, "archive")); err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, `"/archive/alpha/"`)
	if code, _ := l.get("/notes/alpha/"); code != 404 {
		t.Errorf("old URL after folder rename: %d, want 404", code)
	}
	if code, body := l.get("/archive/alpha/"); code != 200 || !strings.Contains(body, "Alpha body.") {
		t.Errorf("new URL after folder rename: %d", code)
	}
	if d := diffFiles(cleanFiles(t, l), l.srv.sess.Files()); len(d) > 0 {
		t.Errorf("differs from a clean build: %v", d)
	}
}

// A git checkout: hundreds of files written, renamed and deleted at once.
// However the events are batched, the end state is a clean build's.
func TestServeBurstEndsLikeACleanBuild(t *testing.T) {
	l := startServe(t, serveSite(t))
	ev := l.listen()
	c := filepath.Join(l.dir, "content")
	for i := range 300 {
		put(t, filepath.Join(c, fmt.Sprintf("burst/%02d/page-%03d.md", i%10, i)),
			fmt.Sprintf("---\ntitle: Page %d\ntags: [t%d]\n---\nLinks to [[page-%03d]] and [[alpha]].\n", i, i%7, (i+1)%300))
	}
	for i := 0; i < 300; i += 3 {
		os.Remove(filepath.Join(c, fmt.Sprintf("burst/%02d/page-%03d.md", i%10, i)))
	}
	os.Rename(filepath.Join(c, "burst/05"), filepath.Join(c, "burst/five"))
	saveAtomically(t, filepath.Join(c, "notes/alpha.md"), "---\ntitle: Alpha renamed\n---\nBody.\n")
	deadline := time.Now().Add(30 * time.Second)
	var diff []string
	for time.Now().Before(deadline) {
		if diff = diffFiles(cleanFiles(t, l), l.srv.sess.Files()); len(diff) == 0 {
			t.Logf("stdout:\n%s", l.stdout.String())
			return
		}
		select {
		case <-ev.c:
		case <-time.After(2 * time.Second):
		}
	}
	if len(diff) > 10 {
		diff = diff[:10]
	}
	t.Fatalf("never matched a clean build: %v", diff)
}

func TestServeShowsErrorsAndKeepsLastGoodPage(t *testing.T) {
	l := startServe(t, serveSite(t))
	ev := l.listen()
	name := filepath.Join(l.dir, "content/notes/beta.md")
	put(t, name, "---\ntitle: [unclosed\n---\nBroken.\n")
	e := ev.waitFor(t, "problems ")
	if !strings.Contains(e, `"file":"notes/beta.md"`) || !strings.Contains(e, `"line":`) {
		t.Errorf("problems event names no file and line: %s", e)
	}
	if code, body := l.get("/notes/beta/"); code != 200 || !strings.Contains(body, "Beta body.") {
		t.Errorf("last good version not served: %d", code)
	}
	// The browser hears of the problem as the terminal prints it, not
	// necessarily after: give the terminal a moment.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(l.stderr.String(), "notes/beta.md:") && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(l.stderr.String(), "notes/beta.md:") {
		t.Errorf("terminal does not name the file:\n%s", l.stderr.String())
	}
	put(t, name, "---\ntitle: Beta\n---\nFixed.\n")
	ev.waitFor(t, `problems {"problems":[]}`)
	if _, body := l.get("/notes/beta/"); !strings.Contains(body, "Fixed.") {
		t.Error("fix not served")
	}
	// A broken template: the overlay names the template file and line.
	put(t, filepath.Join(l.dir, "layouts/page.html"), "{{define \"main\"}}{{.Oops\n")
	e = ev.waitFor(t, "problems ")
	if !strings.Contains(e, "layouts/page.html") {
		t.Errorf("template error does not name the template: %s", e)
	}
	os.Remove(filepath.Join(l.dir, "layouts/page.html"))
	ev.waitFor(t, `problems {"problems":[]}`)
}

// Deleting a page breaks the links of other pages: the terminal prints
// their warnings, as a fresh lore serve would, not only those of the files
// saved.
func TestServePrintsWarningsOfOtherFiles(t *testing.T) {
	l := startServe(t, serveSite(t))
	ev := l.listen()
	c := filepath.Join(l.dir, "content")
	put(t, filepath.Join(c, "notes/gamma.md"), "---\ntitle: Gamma\n---\nNew page.\n")
	ev.waitFor(t, `"/notes/gamma/"`)
	put(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta\n---\nSee [[gamma]].\n")
	ev.waitFor(t, `"/notes/beta/"`)
	if err := os.Remove(filepath.Join(c, "notes/gamma.md")); err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, `"/notes/gamma/"`)
	want := "notes/beta.md:4:5: warning: broken link [[gamma]]"
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(l.stderr.String(), want) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(l.stderr.String(), want) {
		t.Errorf("terminal does not print %q:\n%s", want, l.stderr.String())
	}
	// Bringing the page back fixes the link, and the terminal says so.
	put(t, filepath.Join(c, "notes/gamma.md"), "---\ntitle: Gamma\n---\nBack.\n")
	ev.waitFor(t, `"/notes/gamma/"`)
	fixed := "Fixed: " + want
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(l.stderr.String(), fixed) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(l.stderr.String(), fixed) {
		t.Errorf("terminal does not print %q:\n%s", fixed, l.stderr.String())
	}

	// A lore.yaml change rebuilds everything but prints only news: the
	// warning of a file that did not change is not printed again.
	put(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta\n---\nSee [[delta]].\n")
	ev.waitFor(t, `"/notes/beta/"`)
	l.waitForOutput(t, "warning: broken link [[delta]]")
	before := strings.Count(l.stderr.String(), "broken link [[delta]]")
	put(t, filepath.Join(l.dir, "lore.yaml"), "title: Live wiki, renamed\n")
	l.waitFor("/", "Live wiki, renamed", 200)
	time.Sleep(200 * time.Millisecond)
	if after := strings.Count(l.stderr.String(), "broken link [[delta]]"); after != before {
		t.Errorf("a lore.yaml change printed an old warning again:\n%s", l.stderr.String())
	}
}

// waitForOutput waits until serve's stderr holds want.
func (l *live) waitForOutput(t *testing.T, want string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(l.stderr.String(), want); {
		if time.Now().After(deadline) {
			t.Fatalf("terminal does not print %q:\n%s", want, l.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A second lore serve of a site, whose search index the first holds,
// serves without search and says so to the search box, instead of letting
// it look for a static index a preview does not write.
func TestServeWithoutItsIndex(t *testing.T) {
	dir := serveSite(t)
	held, err := search.Open(builder.SearchDir(filepath.Join(dir, ".lore")), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	l := startServe(t, dir)
	code, body := l.get("/_lore/api/search?q=alpha")
	if code != 503 || !strings.Contains(body, "Search is off in this preview") {
		t.Errorf("search API: %d %q", code, body)
	}
}

// lore serve of a site with search off shows what lore build writes: no
// search button, dialog, stylesheet or script, and no search page; with
// search on, all of them.
func TestServeSearchOff(t *testing.T) {
	marks := []string{`class="search-button"`, `id="lore-search-dialog"`, `/_lore/css/search.css`, `/_lore/js/search.js`, `data-search-open`}
	for _, on := range []bool{true, false} {
		dir := serveSite(t)
		if !on {
			put(t, filepath.Join(dir, "lore.yaml"), "title: Live wiki\nsearch:\n  disabled: true\n")
		}
		l := startServe(t, dir)
		for _, p := range []string{"/notes/alpha/", "/404.html"} {
			_, body := l.get(p)
			for _, m := range marks {
				if strings.Contains(body, m) != on {
					t.Errorf("search on=%v: %s has %s = %v", on, p, m, !on)
				}
			}
		}
		if code, _ := l.get("/search/"); (code == 200) != on {
			t.Errorf("search on=%v: /search/ answers %d", on, code)
		}
		l.stop()
	}
}

func TestServeConfinesPaths(t *testing.T) {
	dir := serveSite(t)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	put(t, outside, "TOP SECRET")
	if err := os.Symlink(outside, filepath.Join(dir, "static/leak.txt")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	os.Symlink(outside, filepath.Join(dir, "content/notes/leak.txt"))
	os.Symlink(filepath.Dir(outside), filepath.Join(dir, "content/outside"))
	l := startServe(t, dir)
	addr := strings.TrimPrefix(l.url, "http://")
	for _, target := range []string{"/leak.txt", "/notes/leak.txt", "/outside/secret.txt",
		"/../" + filepath.Base(outside), "/%2e%2e/%2e%2e/etc/passwd", "/notes/..%2f..%2fetc/passwd", "/../../../../etc/passwd"} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != 404 && resp.StatusCode != 400 {
			t.Errorf("GET %s = %d, want 404", target, resp.StatusCode)
		}
		if strings.Contains(string(body), "TOP SECRET") || strings.Contains(string(body), "root:") {
			t.Errorf("GET %s leaked a file outside the site", target)
		}
	}
	for p, data := range l.srv.sess.Files() {
		if strings.Contains(string(data), "TOP SECRET") {
			t.Errorf("%s holds the outside file", p)
		}
	}
}

// 200 browsers fetch pages while files change: no request fails and no
// response is cut short or mixes two versions.
func TestServeUnderLoadWhileEditing(t *testing.T) {
	l := startServe(t, serveSite(t))
	ev := l.listen()
	name := filepath.Join(l.dir, "content/notes/beta.md")
	var stop atomic.Bool
	var ok, bad atomic.Int64
	var wg sync.WaitGroup
	tr := &http.Transport{MaxIdleConnsPerHost: 200}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	paths := []string{"/", "/notes/alpha/", "/notes/beta/", "/_lore/nav.json"}
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200 && !stop.Load(); j++ {
				p := paths[(i+j)%len(paths)]
				resp, err := client.Get(l.url + p)
				if err != nil {
					bad.Add(1)
					t.Errorf("GET %s: %v", p, err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				complete := strings.HasSuffix(p, ".json") || strings.HasSuffix(strings.TrimSpace(string(body)), "</html>")
				if err != nil || resp.StatusCode != 200 || !complete {
					bad.Add(1)
					t.Errorf("GET %s: %d, %v, complete=%v", p, resp.StatusCode, err, complete)
					return
				}
				ok.Add(1)
			}
		}()
	}
	edits := 0
	for i := range 20 {
		put(t, name, fmt.Sprintf("---\ntitle: Beta %d\ndate: 2026-01-01\n---\nBeta body %d.\n", i, i))
		ev.waitFor(t, `"/notes/beta/"`)
		edits++
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d responses during %d edits, %d failed", ok.Load(), edits, bad.Load())
}

func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "-s", serveSite(t), "--port", port}, nil, &stdout, &stderr)
	if code != exitFail || !strings.Contains(stderr.String(), "already in use") || !strings.Contains(stderr.String(), "--port 0") {
		t.Errorf("exit %d, stderr %q; want a clear message", code, stderr.String())
	}
}

func TestServeNeverWritesPublic(t *testing.T) {
	dir := serveSite(t)
	l := startServe(t, dir)
	ev := l.listen()
	put(t, filepath.Join(dir, "content/notes/new.md"), "new\n")
	ev.waitFor(t, `"/notes/new/"`)
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("lore serve created public/")
	}
	_ = config.FileName
}

// The live index answers /_lore/api/search and follows edits: a word that
// a save adds is found, a deleted page is gone.
func TestServeSearchFollowsEdits(t *testing.T) {
	l := startServe(t, serveSite(t))
	ev := l.listen()
	c := filepath.Join(l.dir, "content")
	code, body := l.get("/_lore/api/search?q=alpha")
	if code != 200 || !strings.Contains(body, `"/notes/alpha/"`) {
		t.Fatalf("search alpha: %d %s", code, body)
	}
	if _, body := l.get("/_lore/api/search?q=zeppelin"); strings.Contains(body, "/notes/beta/") {
		t.Fatalf("zeppelin found before the edit: %s", body)
	}
	saveAtomically(t, filepath.Join(c, "notes/beta.md"), "---\ntitle: Beta\ndate: 2026-01-01\n---\nBeta body about a zeppelin.\n")
	ev.waitFor(t, `"/notes/beta/"`)
	waitForSearch(t, l, "zeppelin", `"/notes/beta/"`, true)
	if err := os.Remove(filepath.Join(c, "notes/beta.md")); err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, `"/notes/beta/"`)
	waitForSearch(t, l, "zeppelin", `"/notes/beta/"`, false)
}

// waitForSearch polls the endpoint until the answer does (or does not)
// contain want: the index is updated right after the reload event.
func waitForSearch(t *testing.T, l *live, q, want string, present bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := l.get("/_lore/api/search?q=" + q)
		if strings.Contains(body, want) == present {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("search %q: want %s present=%v, got %s", q, want, present, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rebuildLines are the lines lore serve printed for rebuilds so far.
func rebuildLines(l *live) []string {
	var out []string
	for _, line := range strings.Split(l.stdout.String(), "\n") {
		if strings.Contains(line, " changed in ") {
			out = append(out, line)
		}
	}
	return out
}

// renderedSince waits for the rebuild lines after the first n and returns
// how many views they rendered in all; a full rebuild fails the test.
func renderedSince(t *testing.T, l *live, n int) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	lines := rebuildLines(l)
	for len(lines) <= n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		lines = rebuildLines(l)
	}
	total := 0
	for _, line := range lines[n:] {
		if strings.Contains(line, "rebuilt everything") {
			t.Fatalf("a full rebuild: %s", line)
		}
		var parsed, rendered int
		i := strings.Index(line, "  ")
		if _, err := fmt.Sscanf(strings.ReplaceAll(line[i+2:], ",", ""), "%d file parsed %d", &parsed, &rendered); err != nil {
			if _, err := fmt.Sscanf(strings.ReplaceAll(line[i+2:], ",", ""), "%d files parsed %d", &parsed, &rendered); err != nil {
				t.Fatalf("cannot read %q: %v", line, err)
			}
		}
		total += rendered
	}
	return total
}

// Adding, deleting and renaming a page in a 60-page wiki renders a few
// pages, not all of them, and ends where a clean build would.
func TestServeAddDeleteRenameRendersFew(t *testing.T) {
	dir := serveSite(t)
	for _, f := range []string{"one", "two", "three"} {
		for i := range 20 {
			put(t, filepath.Join(dir, fmt.Sprintf("content/%s/%s-%02d.md", f, f, i)),
				fmt.Sprintf("---\ntitle: %s %d\ndate: 2026-03-%02d\n---\nSee [[%s-%02d]].\n", f, i, i+1, f, (i+1)%20))
		}
	}
	l := startServe(t, dir)
	ev := l.listen()
	c := filepath.Join(l.dir, "content")
	steps := []struct {
		name string
		do   func()
		url  string
	}{
		{"add", func() {
			put(t, filepath.Join(c, "two/added.md"), "---\ntitle: Added\ndate: 2026-03-10\n---\nSee [[two-03]].\n")
		}, `"/two/added/"`},
		{"delete", func() { os.Remove(filepath.Join(c, "one/one-04.md")) }, `"/one/one-04/"`},
		{"rename", func() { os.Rename(filepath.Join(c, "three/three-07.md"), filepath.Join(c, "three/seven.md")) }, `"/three/seven/"`},
	}
	for _, st := range steps {
		n := len(rebuildLines(l))
		st.do()
		ev.waitFor(t, st.url)
		got := renderedSince(t, l, n)
		t.Logf("%s: rendered %d pages", st.name, got)
		if got > 20 {
			t.Errorf("%s: rendered %d pages, want at most 20 of %d", st.name, got, len(l.srv.sess.Site().Pages))
		}
		if d := diffFiles(cleanFiles(t, l), l.srv.sess.Files()); len(d) > 0 {
			t.Errorf("%s: differs from a clean build: %v", st.name, d)
		}
	}
}

// lore serve listens on this machine only unless told otherwise; on every
// address it says that anyone who can reach the machine can read the wiki.
func TestServeWarnsWhenExposed(t *testing.T) {
	for _, c := range []struct {
		bind string
		warn bool
	}{{"0.0.0.0", true}, {"127.0.0.1", false}, {"localhost", false}} {
		dir := serveSite(t)
		var stdout, stderr lockedBuffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"serve", "-s", dir, "--bind", c.bind, "--port", "0"}, strings.NewReader(""), &stdout, &stderr)
		}()
		for deadline := time.Now().Add(30 * time.Second); !strings.Contains(stdout.String(), "Serving") && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		<-done
		if got := strings.Contains(stderr.String(), "anyone who can reach this machine"); got != c.warn {
			t.Errorf("--bind %s: warned %v, want %v:\n%s", c.bind, got, c.warn, stderr.String())
		}
	}
}

// Pages' dates come from git: a commit made while lore serve runs dates
// the page it changed, as a fresh lore serve would.
func TestServeFollowsGitHead(t *testing.T) {
	gittest.Isolate(t)
	dir := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Ana", "GIT_AUTHOR_EMAIL=ana@example.com", "GIT_AUTHOR_DATE="+date,
			"GIT_COMMITTER_NAME=Ana", "GIT_COMMITTER_EMAIL=ana@example.com", "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	put(t, filepath.Join(dir, "lore.yaml"), "title: Git wiki\n")
	put(t, filepath.Join(dir, "content/old.md"), "# Old\n\nFirst version.\n")
	git("", "-c", "init.defaultBranch=main", "init", "-q")
	git("2025-01-15T10:00:00Z", "add", ".")
	git("2025-01-15T10:00:00Z", "commit", "-q", "-m", "first")
	l := startServe(t, dir)
	if _, body := l.get("/old/"); !strings.Contains(body, "15 Jan 2025") {
		t.Fatalf("no date from git before the commit:\n%s", body)
	}
	put(t, filepath.Join(dir, "content/old.md"), "# Old\n\nSecond version.\n")
	git("2025-03-20T10:00:00Z", "commit", "-q", "-am", "second")
	l.waitFor("/old/", "Second version.", 200)
	l.waitFor("/old/", "20 Mar 2025", 200)
}

// A contentDir changed in lore.yaml while serving is watched from then
// on, and so is a MkDocs project's mkdocs.yml.
func TestServeFollowsConfigFolders(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "lore.yaml"), "title: Folders\n")
	put(t, filepath.Join(dir, "content/index.md"), "# Home\n")
	put(t, filepath.Join(dir, "wiki/one.md"), "# One\n\nFirst.\n")
	l := startServe(t, dir)
	put(t, filepath.Join(dir, "lore.yaml"), "title: Folders\ncontentDir: wiki\n")
	l.waitFor("/one/", "First.", 200)
	put(t, filepath.Join(dir, "wiki/one.md"), "# One\n\nSecond.\n")
	l.waitFor("/one/", "Second.", 200)
	put(t, filepath.Join(dir, "wiki/new.md"), "# New\n\nNew page.\n")
	l.waitFor("/new/", "New page.", 200)

	mk := t.TempDir()
	put(t, filepath.Join(mk, "mkdocs.yml"), "site_name: MkOne\n")
	put(t, filepath.Join(mk, "docs/index.md"), "# Page\n")
	l = startServe(t, mk)
	_, body := l.get("/")
	if !strings.Contains(body, "MkOne") {
		t.Fatalf("no title from mkdocs.yml:\n%s", body)
	}
	put(t, filepath.Join(mk, "mkdocs.yml"), "site_name: MkTwo\n")
	l.waitFor("/", "MkTwo", 200)
}

// A site folder deleted and made again while serving (or replaced by a
// copy) is watched again: edits in it are seen.
func TestServeSiteFolderRecreated(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	put(t, filepath.Join(dir, "lore.yaml"), "title: Again\n")
	put(t, filepath.Join(dir, "content/a.md"), "# A\n\nFirst.\n")
	l := startServe(t, dir)
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS(dir+".old")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // the next look at the folder
	put(t, filepath.Join(dir, "content/a.md"), "# A\n\nSecond.\n")
	l.waitFor("/a/", "Second.", 200)
}

// Search turned on in lore.yaml while serving answers at once, and turned
// off again, stops: the index follows the setting.
func TestServeSearchTurnedOnAndOff(t *testing.T) {
	dir := serveSite(t)
	put(t, filepath.Join(dir, "lore.yaml"), "title: Live wiki\nsearch:\n  disabled: true\n")
	l := startServe(t, dir)
	if code, _ := l.get("/_lore/api/search?q=alpha"); code != 404 {
		t.Fatalf("search API with search off: %d", code)
	}
	put(t, filepath.Join(dir, "lore.yaml"), "title: Live wiki\n")
	l.waitFor("/_lore/api/search?q=alpha", "/notes/alpha/", 200)
	put(t, filepath.Join(dir, "lore.yaml"), "title: Live wiki\nsearch:\n  disabled: true\n")
	l.waitFor("/_lore/api/search?q=alpha", "", 404)
}

// A template error many pages share is shown once, and stays shown until
// the last of those pages renders: fixing the first page by name does not
// say that all errors are fixed.
func TestServeTemplateErrorsGroupedUntilAllFixed(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "lore.yaml"), "title: TE\n")
	put(t, filepath.Join(dir, "layouts/page.html"), `{{define "main"}}{{if .Page.Params.ok}}ok{{else}}{{index .Page.Tags 5}}{{end}}{{end}}`)
	for i := 1; i <= 4; i++ {
		put(t, filepath.Join(dir, fmt.Sprintf("content/p%d.md", i)), fmt.Sprintf("---\ntitle: P%d\n---\nb\n", i))
	}
	l := startServe(t, dir)
	if got := strings.Count(l.stderr.String(), "error: template:"); got != 1 {
		t.Errorf("%d template error lines at start, want 1:\n%s", got, l.stderr.String())
	}
	if !strings.Contains(l.stderr.String(), "p1.md: error: template:") || !strings.Contains(l.stderr.String(), "(and 3 other pages)") {
		t.Errorf("the error does not name p1.md and count the others:\n%s", l.stderr.String())
	}
	// Fixed in a way that renders that page alone again.
	put(t, filepath.Join(dir, "content/p1.md"), "---\ntitle: P1\nok: true\n---\nb\n")
	l.waitFor("/p1/", "ok", 200)
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(l.stderr.String(), "All errors fixed.") {
		t.Errorf("said all errors are fixed while p2 to p4 fail:\n%s", l.stderr.String())
	}
	if _, body := l.get("/_lore/reload.json"); !strings.Contains(body, "p2.md") {
		t.Errorf("the overlay no longer shows the error: %s", body)
	}
}
