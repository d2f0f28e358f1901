package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lore-wiki/lore/builder/browsertest"

	. "github.com/lore-wiki/lore/search"
	"github.com/lore-wiki/lore/search/internal/corpus"
)

// newBrowser starts headless Chromium, or skips the test when none is installed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t, 10*time.Minute)
}

// fixtureDocs is the parity site: synthetic pages plus hand-written ones.
func fixtureDocs() []Document {
	docs := corpus.Pages(400, 3)
	docs = append(docs,
		Document{URL: "/retros/flaky/", Path: "retros/flaky.md", Title: "Flaky tests retro", Type: "retro", Team: "payments",
			Tags: []string{"ci", "testing"}, Authors: []string{"ana"}, Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
			Sections: []Section{{HeadingID: "summary", Heading: "Summary", Text: "We had flaky tests in the checkout pipeline."},
				{HeadingID: "actions", Heading: "Actions", Text: "Quarantine flaky tests; retry the integration suite once."}},
			Hash: "f1"},
		Document{URL: "/xss/", Path: "xss.md", Title: "<img src=x onerror=alert(1)>", Type: "howto",
			Sections: []Section{{Text: "Escaping <script>alert(1)</script> matters & so does quoting."}}, Hash: "x1"},
		Document{URL: "/unicode/", Path: "unicode.md", Title: "Zürich café déjà vu", Type: "meeting", Team: "growth",
			Sections: []Section{{Text: "Straße naïve résumé 東京 Москва don't John's"}}, Hash: "u1"},
	)
	return docs
}

var parityQueries = []string{
	"flaky", "tests", "deploy", "payments", "kafka", "migration", "latency", "rollback",
	"flaky tests", "database migration", "release pipeline canary", "error budget timeout",
	`"flaky tests"`, `"feature flag"`, `"connection pool"`, `"the checkout pipeline"`,
	"dep*", "migr*", "installa*", "pay*", "k*", "deploy*", "flaky*", "deployment*",
	"type:retro flaky", "team:payments deploy", "tag:ci tests", "author:ana release", "year:2024 outage",
	"since:2025-01 until:2025-06 incident", "type:adr -deploy architecture",
	"flakey", "migraton", "deploymant",
	"tests -flaky", `release -"feature flag"`, "the of and", "", "colour:blue kafka",
	`"unbalanced quote`, "^foo.*bar$ (a|b)+ kafka", "zürich", "москва", "John's", "alert",
	"cache invalidation", "review -review", "https://example.com/kafka kafka",
	"type:retro", "team:payments -deploy", "year:2024", "tag:ci", "author:ana", "since:2025-06",
	"zurich", "cafe", "déjà", "resume", "naive", "Москва", "deplyo", "testz", "rollbak",
}

func TestBrowserParity(t *testing.T) {
	ctx := newBrowser(t)
	site, x := exportFixture(t, fixtureDocs())
	defer x.Close()
	var requests atomic.Int64
	srv := httptest.NewServer(http.StripPrefix("/wiki", countRequests(&requests, http.FileServer(http.Dir(site)))))
	defer srv.Close()
	tctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/wiki/probe.html")); err != nil {
		t.Fatal(err)
	}
	for _, q := range parityQueries {
		want, err := x.Search(context.Background(), q, Filters{}, 10)
		if err != nil {
			t.Fatalf("Go %q: %v", q, err)
		}
		got := jsSearch(t, tctx, q, nil)
		var wantURLs []string
		for _, h := range want.Hits {
			wantURLs = append(wantURLs, h.URL)
		}
		if strings.Join(wantURLs, " ") != strings.Join(got.URLs, " ") || want.Total != got.Total || want.Notice != got.Notice {
			t.Errorf("%q:\n go (%d) %v\n js (%d) %v\n notices go %q js %q", q, want.Total, wantURLs, got.Total, got.URLs, want.Notice, got.Notice)
		}
	}
	t.Logf("%d queries compared", len(parityQueries))
	// Filters passed as parameters rather than in the query.
	f := Filters{Type: "retro", Since: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	want, _ := x.Search(context.Background(), "tests", f, 10)
	got := jsSearch(t, tctx, "tests", map[string]string{"type": "retro", "since": "2024-01-01"})
	if want.Total != got.Total || len(want.Hits) != len(got.URLs) || len(got.URLs) > 0 && want.Hits[0].URL != got.URLs[0] {
		t.Errorf("filters: go %d js %d %v", want.Total, got.Total, got.URLs)
	}
}

type jsResult struct {
	URLs   []string `json:"urls"`
	Titles []string `json:"titles"`
	Total  int      `json:"total"`
	Notice string   `json:"notice"`
}

func jsSearch(t *testing.T, ctx context.Context, q string, f map[string]string) jsResult {
	t.Helper()
	qj, _ := json.Marshal(q)
	fj, _ := json.Marshal(f)
	expr := fmt.Sprintf(`loreSearch.staticSearch(%s, %s || {}, 10).then(r => JSON.stringify({
		urls: r.hits.map(h => h.url), titles: r.hits.map(h => h.title), total: r.total, notice: r.notice}))`, qj, fj)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("JS %q: %v", q, err)
	}
	var r jsResult
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// exportFixture indexes docs, exports them and lays out a tiny site with the
// client and a page that loads it under the /wiki/ base path.
func exportFixture(t testing.TB, docs []Document) (string, *Index) {
	t.Helper()
	dir := t.TempDir()
	x, err := Open(filepath.Join(dir, "cache"), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Sync(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	if err := x.Export(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(site, "_lore", "js"), 0o755)
	os.WriteFile(filepath.Join(site, "_lore", "js", "search.js"), js, 0o644)
	page := `<!doctype html><html data-base="/wiki/"><head><meta charset="utf-8"><title>probe</title>
<script src="/wiki/_lore/js/search.js" defer></script></head><body><p>probe</p></body></html>`
	os.WriteFile(filepath.Join(site, "probe.html"), []byte(page), 0o644)
	return site, x
}

func countRequests(n *atomic.Int64, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	})
}

// A new deploy is searched on the next page. manifest.json's address has
// no version, and hosts such as nginx and S3 send no Cache-Control, so a
// browser keeps an old file for a tenth of its age: after a redeploy, a
// kept manifest named index files the deploy had deleted ("Search failed:
// v-8a3d4c6bf104.bin: 404").
func TestBrowserSearchAfterRedeploy(t *testing.T) {
	ctx := newBrowser(t)
	docs := fixtureDocs()
	site, x := exportFixture(t, docs)
	defer x.Close()
	backdate(t, site, 30*24*time.Hour)
	srv := httptest.NewServer(http.StripPrefix("/wiki", http.FileServer(http.Dir(site))))
	defer srv.Close()
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/wiki/probe.html")); err != nil {
		t.Fatal(err)
	}
	if got := jsSearch(t, tctx, "flaky", nil); got.Total == 0 {
		t.Fatal("no hits before the redeploy")
	}
	docs = append(docs, Document{URL: "/quokka/", Path: "quokka.md", Title: "Quokka sightings", Type: "note",
		Sections: []Section{{Text: "A quokka on the deploy dashboard."}}, Hash: "q1"})
	if _, err := x.Sync(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if err := x.Export(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/wiki/probe.html")); err != nil {
		t.Fatal(err)
	}
	if got := jsSearch(t, tctx, "quokka", nil); got.Total != 1 {
		t.Errorf("after the redeploy: %+v", got)
	}
}

// backdate sets every file of dir as last changed age ago.
func backdate(t *testing.T, dir string, age time.Duration) {
	t.Helper()
	then := time.Now().Add(-age)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, then, then)
	})
	if err != nil {
		t.Fatal(err)
	}
}
