package search

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"time"
)

// JSONHit is the JSON shape of one result for `lore search --json` and the
// serve endpoint.
type JSONHit struct {
	URL       string  `json:"url"`
	Title     string  `json:"title"`
	Type      string  `json:"type"`
	Date      string  `json:"date"` // YYYY-MM-DD, "" when unknown
	Score     float64 `json:"score"`
	Snippet   string  `json:"snippet"`
	HeadingID string  `json:"heading,omitempty"`
}

// JSONHits converts results to their JSON shape.
func JSONHits(r *Results) []JSONHit {
	out := make([]JSONHit, 0, len(r.Hits))
	for _, h := range r.Hits {
		out = append(out, JSONHit{URL: h.URL, Title: h.Title, Type: h.Type, Date: formatDate(h.Date),
			Score: h.Score, Snippet: h.Snippet, HeadingID: h.HeadingID})
	}
	return out
}

// WriteJSON writes the results as a JSON array of {url,title,type,date,score,snippet,heading}
// (heading left out when the snippet is from the top of the page).
func WriteJSON(w io.Writer, r *Results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(JSONHits(r)); err != nil {
		return fmt.Errorf("search: write json: %w", err)
	}
	return nil
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

var markRE = regexp.MustCompile(`</?mark>`)

// WriteText prints results for a terminal: notice, then per hit the title,
// URL (with heading anchor), type and date, and the snippet with matches
// wrapped in [brackets].
func WriteText(w io.Writer, r *Results) {
	if r.Notice != "" {
		fmt.Fprintf(w, "note: %s\n", r.Notice)
	}
	if len(r.Hits) == 0 {
		fmt.Fprintln(w, "no results")
		return
	}
	fmt.Fprintf(w, "%d result(s), showing %d\n\n", r.Total, len(r.Hits))
	for i, h := range r.Hits {
		u := h.URL
		if h.HeadingID != "" {
			u += "#" + h.HeadingID
		}
		meta := []string{}
		if h.Type != "" {
			meta = append(meta, h.Type)
		}
		if d := formatDate(h.Date); d != "" {
			meta = append(meta, d)
		}
		fmt.Fprintf(w, "%d. %s\n   %s", i+1, h.Title, u)
		if len(meta) > 0 {
			fmt.Fprintf(w, "  (%s)", strings.Join(meta, ", "))
		}
		fmt.Fprintln(w)
		if h.Snippet != "" {
			s := markRE.ReplaceAllStringFunc(h.Snippet, func(m string) string {
				if m == "<mark>" {
					return "["
				}
				return "]"
			})
			fmt.Fprintf(w, "   %s\n", html.UnescapeString(s))
		}
		fmt.Fprintln(w)
	}
}
