package search

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// NewHandler serves live queries for `lore serve` at the path it is mounted
// on (conventionally /_lore/api/search):
//
//	?q=...&type=&team=&tag=&author=&since=&until=&n=
//
// It answers {"hits":[{url,title,type,date,score,snippet,heading}],"total":N,
// "fuzzy":[...],"notice":"..."}. search.js probes it once and falls back to the
// static export when it is missing.
func NewHandler(idx *Index) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		v := r.URL.Query()
		f := Filters{Type: v.Get("type"), Team: v.Get("team"), Tag: v.Get("tag"), Author: v.Get("author")}
		var bad string
		for _, d := range []struct {
			key string
			dst *time.Time
			end bool
		}{{"since", &f.Since, false}, {"until", &f.Until, true}} {
			if s := v.Get(d.key); s != "" {
				day, ok := parseBound(s, d.end)
				if !ok {
					bad = d.key
					continue
				}
				*d.dst = time.Unix(int64(day)*86400, 0).UTC()
			}
		}
		if bad != "" {
			http.Error(w, "bad "+bad+" date: use YYYY, YYYY-MM or YYYY-MM-DD", http.StatusBadRequest)
			return
		}
		n, _ := strconv.Atoi(v.Get("n"))
		res, err := idx.Search(r.Context(), v.Get("q"), f, n)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fuzzy := res.Fuzzy
		if fuzzy == nil {
			fuzzy = []string{}
		}
		json.NewEncoder(w).Encode(map[string]any{
			"hits": JSONHits(res), "total": res.Total, "fuzzy": fuzzy, "notice": res.Notice,
		})
	})
}
