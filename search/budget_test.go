package search_test

import (
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	. "github.com/lore-wiki/lore/search"
	"github.com/lore-wiki/lore/search/internal/corpus"
)

// TestBudget measures the figures of the search budget on a synthetic site:
//
//	LORE_BUDGET_PAGES=10000 go test -run TestBudget -v ./search/
//
// It is skipped unless LORE_BUDGET_PAGES is set (10k pages take a while).
func TestBudget(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("LORE_BUDGET_PAGES"))
	if n == 0 {
		t.Skip("set LORE_BUDGET_PAGES=10000 to measure the search budget")
	}
	docs := corpus.Pages(n, 1)
	ctx := context.Background()
	dir := t.TempDir()
	t0 := time.Now()
	x, err := Open(dir+"/cache", t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if _, err := x.Sync(ctx, docs); err != nil {
		t.Fatal(err)
	}
	tIndex := time.Since(t0)
	t0 = time.Now()
	if err := x.Export(ctx, dir+"/site"); err != nil {
		t.Fatal(err)
	}
	tExport := time.Since(t0)
	files, _ := os.ReadDir(dir + "/site/_lore/search")
	t.Logf("%d pages: index %v, export %v, %d search files", n, tIndex, tExport, len(files))
	for _, q := range []string{"kafka", "flaky tests", `"connection pool"`, "dep*", "flakey"} {
		x.Search(ctx, q, Filters{}, 10)
		t0 = time.Now()
		const reps = 20
		for range reps {
			x.Search(ctx, q, Filters{}, 10)
		}
		t.Logf("Go warm query %-20q %v", q, time.Since(t0)/reps)
	}

	bctx := newBrowser(t)
	site, _ := os.MkdirTemp(dir, "")
	os.Rename(dir+"/site", site+"/s")
	js, _ := os.ReadFile(searchJS)
	os.MkdirAll(site+"/s/_lore/js", 0o755)
	os.WriteFile(site+"/s/_lore/js/search.js", js, 0o644)
	// The empty icon keeps the browser from asking for /favicon.ico,
	// which is the page's request, not search's.
	os.WriteFile(site+"/s/index.html", []byte(`<!doctype html><html data-base="/"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/_lore/js/search.js" defer></script></head><body>x</body></html>`), 0o644)
	var mu sync.Mutex
	var log []string
	var bytes int64
	srv := httptest.NewServer(meter(&mu, &log, &bytes, http.FileServer(http.Dir(site+"/s"))))
	defer srv.Close()
	tctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/index.html")); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	log, bytes = nil, 0 // the page and its search.js are counted below
	mu.Unlock()
	// Count the client as a cold visitor downloads it.
	resp, err := http.Get(srv.URL + "/_lore/js/search.js")
	if err == nil {
		resp.Body.Close()
	}
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[string](`loreSearch.search("kafka", {}, 10).then(r => r.hits.map(h => h.url).join(" "))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	t.Logf("cold single-word query: %d requests after the page, %d bytes on the wire (JS gzip'd as hosts serve it):\n  %s", len(log), bytes, strings.Join(log, "\n  "))
	if n >= 10000 && (len(log) > 6 || bytes > 100_000) {
		t.Errorf("a cold single-word query took %d requests and %d bytes; the budget is 6 and 100 KB", len(log), bytes)
	}
	mu.Unlock()
	// First time: the queries' shards and records are fetched and parsed.
	// Then warm: everything they need is loaded; this is the < 50 ms budget.
	const queries = `["kafka", "flaky tests", "deploy", "payments kafka"]`
	first, err := chromedp.Run(tctx, chromedp.Evaluate[float64](`(async () => { const t = performance.now();
		for (const q of `+queries+`) await loreSearch.staticSearch(q, {}, 10);
		return (performance.now() - t) / 4; })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	warm, err := chromedp.Run(tctx, chromedp.Evaluate[float64](`(async () => { const t = performance.now(), reps = 5;
		for (let r = 0; r < reps; r++) for (const q of `+queries+`) await loreSearch.staticSearch(q, {}, 10);
		return (performance.now() - t) / 4 / reps; })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("browser query latency: %.1f ms the first time (shards fetched), %.1f ms warm (shards loaded)", first, warm)
	if warm >= 50 {
		t.Errorf("warm browser query latency %.1f ms; the budget is < 50 ms", warm)
	}
}

// meter records each request and the bytes sent, gzip-encoding JS and CSS as
// static hosts do.
func meter(mu *sync.Mutex, log *[]string, total *int64, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countWriter{ResponseWriter: w}
		var out http.ResponseWriter = cw
		if strings.HasSuffix(r.URL.Path, ".js") || strings.HasSuffix(r.URL.Path, ".json") {
			cw.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(cw)
			out = &gzWriter{ResponseWriter: cw, w: gz}
		}
		defer func() {
			if g, ok := out.(*gzWriter); ok {
				g.w.Close()
			}
			mu.Lock()
			*log = append(*log, r.URL.Path+" "+r.Header.Get("Range")+" -> "+strconv.Itoa(int(cw.n))+" B")
			*total += cw.n
			mu.Unlock()
		}()
		h.ServeHTTP(out, r)
	})
}

type countWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

type gzWriter struct {
	http.ResponseWriter
	w *gzip.Writer
}

func (g *gzWriter) Write(b []byte) (int, error) { return g.w.Write(b) }
func (g *gzWriter) WriteHeader(code int) {
	g.ResponseWriter.Header().Del("Content-Length")
	g.ResponseWriter.WriteHeader(code)
}
