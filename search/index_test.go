package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	. "github.com/lore-wiki/lore/search"
	"github.com/lore-wiki/lore/search/internal/corpus"
)

func openT(t *testing.T, dir string, logs *[]string) *Index {
	t.Helper()
	x, err := Open(dir, func(f string, a ...any) { *logs = append(*logs, fmt.Sprintf(f, a...)) })
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestSyncIncremental(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	var logs []string
	x := openT(t, dir, &logs)
	docs := corpus.Pages(50, 1)
	st, err := x.Sync(ctx, docs)
	if err != nil || st.Indexed != 50 {
		t.Fatalf("first sync: %+v %v", st, err)
	}
	st, _ = x.Sync(ctx, docs)
	if st != (SyncStats{Unchanged: 50}) {
		t.Fatalf("unchanged docs re-indexed: %+v", st)
	}
	// Change one, drop one, add one.
	docs[3].Title, docs[3].Hash = "Zeppelin maintenance", "changed"
	removed := docs[7].URL
	docs = append(docs[:7], docs[8:]...)
	docs = append(docs, Document{URL: "/new/", Title: "Brand new quokka page", Hash: "n", Sections: []Section{{Text: "quokka"}}})
	st, _ = x.Sync(ctx, docs)
	if st != (SyncStats{Indexed: 2, Unchanged: 48, Removed: 1}) {
		t.Fatalf("incremental sync: %+v", st)
	}
	r, _ := x.Search(ctx, "zeppelin", Filters{}, 10)
	if len(r.Hits) != 1 || r.Hits[0].URL != docs[3].URL {
		t.Fatalf("changed doc not found: %+v", r)
	}
	r, _ = x.Search(ctx, "quokka", Filters{}, 10)
	if r.Total != 1 {
		t.Fatalf("new doc: %+v", r)
	}
	if err := x.Update(ctx, nil, []string{"/new/"}); err != nil {
		t.Fatal(err)
	}
	r, _ = x.Search(ctx, "quokka", Filters{}, 10)
	if r.Total != 0 {
		t.Fatalf("removed doc still found: %+v", r)
	}
	x.Close()
	// Reopen: the cache survives and nothing is re-indexed.
	x = openT(t, dir, &logs)
	defer x.Close()
	st, _ = x.Sync(ctx, docs[:len(docs)-1])
	if st.Indexed != 0 || st.Unchanged != len(docs)-1 {
		t.Fatalf("after reopen: %+v (logs %q)", st, logs)
	}
	_ = removed
}

func TestCorruptCacheIsRebuilt(t *testing.T) {
	ctx := context.Background()
	for name, damage := range map[string]func(dir string) error{
		"metadata garbage": func(dir string) error { return os.WriteFile(filepath.Join(dir, "meta.gob"), []byte("garbage"), 0o644) },
		"metadata missing": func(dir string) error { return os.Remove(filepath.Join(dir, "meta.gob")) },
		"bleve broken": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "bleve", "index_meta.json"), []byte("{"), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			var logs []string
			x := openT(t, dir, &logs)
			docs := corpus.Pages(20, 2)
			x.Sync(ctx, docs)
			x.Close()
			if err := damage(dir); err != nil {
				t.Fatal(err)
			}
			x = openT(t, dir, &logs)
			defer x.Close()
			if len(logs) != 1 || !strings.Contains(logs[0], "rebuilding") {
				t.Fatalf("no rebuild message: %q", logs)
			}
			st, err := x.Sync(ctx, docs)
			if err != nil || st.Indexed != 20 {
				t.Fatalf("rebuild sync: %+v %v", st, err)
			}
		})
	}
}

// A folder in the index's place that Lore did not make (cacheDir set to a
// folder of notes that has a search/ folder) is refused, never emptied.
func TestForeignFolderIsLeftAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "search")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "ranking.md")
	if err := os.WriteFile(notes, []byte("# Ranking"), 0o644); err != nil {
		t.Fatal(err)
	}
	x, err := Open(dir, nil)
	if err == nil {
		x.Close()
		t.Fatal("Open took a folder of notes for an index")
	}
	if !strings.Contains(err.Error(), "not a search index Lore made") {
		t.Errorf("error = %v", err)
	}
	if _, err := os.Stat(notes); err != nil {
		t.Errorf("the folder's file is gone: %v", err)
	}
}

// An index another process holds open (lore serve, while lore build runs)
// is reported busy after a short wait, never taken for broken and deleted.
func TestBusyIndexIsLeftAlone(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	var logs []string
	held := openT(t, dir, &logs)
	defer held.Close()
	docs := corpus.Pages(20, 2)
	if _, err := held.Sync(ctx, docs); err != nil {
		t.Fatal(err)
	}
	x, err := Open(dir, func(format string, args ...any) { logs = append(logs, fmt.Sprintf(format, args...)) })
	if !errors.Is(err, ErrBusy) {
		if x != nil {
			x.Close()
		}
		t.Fatalf("second Open: %v, want ErrBusy", err)
	}
	if len(logs) != 0 {
		t.Errorf("busy index logged %q", logs)
	}
	if n := held.Len(); n != 20 {
		t.Errorf("the holder's index has %d pages after the busy Open, want 20", n)
	}
}

// A prefix typed as a whole word finds the word's forms, although Porter
// indexes some words under a stem that is not a prefix of them (deploy is
// indexed as deploi, flaky as flaki).
func TestPrefixOfWholeWord(t *testing.T) {
	ctx := context.Background()
	var logs []string
	x := openT(t, filepath.Join(t.TempDir(), "idx"), &logs)
	defer x.Close()
	docs := []Document{
		{URL: "/a/", Path: "a.md", Title: "A", Sections: []Section{{Text: "We deploy on Fridays."}}, Hash: "a"},
		{URL: "/b/", Path: "b.md", Title: "B", Sections: []Section{{Text: "Deploying the deployment again."}}, Hash: "b"},
		{URL: "/c/", Path: "c.md", Title: "C", Sections: []Section{{Text: "A flaky test."}}, Hash: "c"},
	}
	if _, err := x.Sync(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"deploy*": 2, "deplo*": 2, "flaky*": 1, "flak*": 1} {
		res, err := x.Search(ctx, q, Filters{}, 10)
		if err != nil || res.Total != want {
			t.Errorf("%s: %d results (%v), want %d", q, res.Total, err, want)
		}
	}
}

// A filter alone lists its pages as a list page does, newest first and
// undated last; negative words still exclude, and with no filter there is
// still nothing to list.
func TestFilterOnlyListsNewestFirst(t *testing.T) {
	ctx := context.Background()
	var logs []string
	x := openT(t, filepath.Join(t.TempDir(), "idx"), &logs)
	defer x.Close()
	day := func(m int) time.Time { return time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	docs := []Document{
		{URL: "/a/", Path: "a.md", Title: "A", Type: "retro", Date: day(3), Sections: []Section{{HeadingID: "lag", Heading: "Lag", Text: "Kafka lag."}}, Hash: "a"},
		{URL: "/b/", Path: "b.md", Title: "B", Type: "retro", Sections: []Section{{Text: "Undated."}}, Hash: "b"},
		{URL: "/c/", Path: "c.md", Title: "C", Type: "retro", Date: day(5), Sections: []Section{{Text: "Flaky tests."}}, Hash: "c"},
		{URL: "/d/", Path: "d.md", Title: "D", Type: "journal", Date: day(9), Sections: []Section{{Text: "Kafka again."}}, Hash: "d"},
		{URL: "/e/", Path: "e.md", Title: "E", Type: "retro", Date: day(5), Sections: []Section{{Text: "Same day as C."}}, Hash: "e"},
	}
	if _, err := x.Sync(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q    string
		f    Filters
		want string
	}{
		{"type:retro", Filters{}, "/c/ /e/ /a/ /b/"},
		{"", Filters{Type: "retro"}, "/c/ /e/ /a/ /b/"},
		{"type:retro -kafka", Filters{}, "/c/ /e/ /b/"},
		{"since:2026-04", Filters{}, "/d/ /c/ /e/"},
		{"-kafka", Filters{}, ""},
	} {
		r, err := x.Search(ctx, tc.q, tc.f, 10)
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, h.URL)
		}
		if strings.Join(got, " ") != tc.want || r.Total != len(got) {
			t.Errorf("%q %+v: %d %v, want %s (notice %q)", tc.q, tc.f, r.Total, got, tc.want, r.Notice)
		}
		for _, h := range r.Hits {
			if h.HeadingID != "" {
				t.Errorf("%q: a listed page links to its section #%s, not to the page", tc.q, h.HeadingID)
			}
		}
	}
}

// Accents are folded both ways: "cafe" finds "café" and "café" finds
// "cafe"; marks that change the letter (Japanese voicing) are kept.
func TestAccentsFolded(t *testing.T) {
	ctx := context.Background()
	var logs []string
	x := openT(t, filepath.Join(t.TempDir(), "idx"), &logs)
	defer x.Close()
	docs := []Document{
		{URL: "/a/", Path: "a.md", Title: "A", Sections: []Section{{Text: "Lunch at the Café Zürich; my résumé."}}, Hash: "a"},
		{URL: "/b/", Path: "b.md", Title: "B", Sections: []Section{{Text: "The cafe near the office."}}, Hash: "b"},
		{URL: "/c/", Path: "c.md", Title: "C", Sections: []Section{{Text: "がっこう"}}, Hash: "c"},
	}
	if _, err := x.Sync(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"cafe": "/a/ /b/", "café": "/a/ /b/", "CAFÉ": "/a/ /b/", "zurich": "/a/",
		"resume": "/a/", "caf*": "/a/ /b/", `"cafe zurich"`: "/a/", "が": "/c/", "か": ""} {
		r, err := x.Search(ctx, q, Filters{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, h.URL)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != want {
			t.Errorf("%q: %v, want %q (%s)", q, got, want, r.Notice)
		}
	}
	r, _ := x.Search(ctx, "zurich", Filters{}, 10)
	if len(r.Hits) != 1 || !strings.Contains(r.Hits[0].Snippet, "<mark>Zürich</mark>") {
		t.Errorf("the snippet should mark the accented word as written: %+v", r.Hits)
	}
}

func TestBadQueries(t *testing.T) {
	ctx := context.Background()
	var logs []string
	x := openT(t, filepath.Join(t.TempDir(), "idx"), &logs)
	defer x.Close()
	x.Sync(ctx, fixtureDocs())
	for _, q := range []string{"", "   ", "the and of", strings.Repeat("flaky ", 2000), `"unbalanced`, "nosuchfield:x",
		"^(a|b)*$", "[[", "\\", "-only -negative", "*", "a*", `""`, "\x00\xff", "type:", ":x", "since:notadate kafka"} {
		r, err := x.Search(ctx, q, Filters{}, 10)
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		if strings.TrimSpace(q) == "" && r.Notice == "" {
			t.Errorf("%q: no notice", q)
		}
	}
	r, _ := x.Search(ctx, "flakey tests", Filters{}, 10)
	if len(r.Fuzzy) != 1 || r.Total == 0 || !strings.Contains(r.Notice, "similar") {
		t.Errorf("typo fallback: %+v", r)
	}
	r, _ = x.Search(ctx, "onerror", Filters{}, 10)
	var buf bytes.Buffer
	WriteText(&buf, r)
	if !strings.Contains(buf.String(), "<img src=x onerror=alert(1)>") {
		t.Errorf("text output: %s", buf.String())
	}
	r, _ = x.Search(ctx, "script alert", Filters{}, 10)
	if len(r.Hits) == 0 || strings.Contains(r.Hits[0].Snippet, "<script>") || !strings.Contains(r.Hits[0].Snippet, "&lt;<mark>script</mark>&gt;") {
		t.Errorf("snippet not escaped: %+v", r.Hits)
	}
}

func TestHandlerAndJSON(t *testing.T) {
	ctx := context.Background()
	var logs []string
	x := openT(t, filepath.Join(t.TempDir(), "idx"), &logs)
	defer x.Close()
	x.Sync(ctx, fixtureDocs())
	srv := httptest.NewServer(NewHandler(x))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/?q=flaky+tests&type=retro&since=2026")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Hits  []JSONHit `json:"hits"`
		Total int       `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Total != 1 || body.Hits[0].URL != "/retros/flaky/" || body.Hits[0].Date != "2026-11-20" {
		t.Fatalf("handler: %+v", body)
	}
	r, _ := x.Search(ctx, "flaky tests", Filters{Type: "retro", Since: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, 10)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var arr []map[string]any
	json.Unmarshal(buf.Bytes(), &arr)
	for _, k := range []string{"url", "title", "type", "date", "score", "snippet"} {
		if _, ok := arr[0][k]; !ok {
			t.Errorf("json lacks %s: %s", k, buf.String())
		}
	}
	bad, _ := srv.Client().Get(srv.URL + "/?q=x&since=yesterday")
	if bad.StatusCode != 400 {
		t.Errorf("bad date: %d", bad.StatusCode)
	}
}
