package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/search"
)

const searchUsage = `Usage: lore search [flags] QUERY...

Searches the site's index (the one the last build left in the cache folder,
or a new one built now) and prints ranked results with a snippet.

Query language:
  flaky tests         pages with every word (stemmed: "deploying" finds "deploy")
  "exact phrase"      the words in this order
  -excluded           pages without this word (to start a query with one, put
                      the query after --: lore search -- -excluded flaky)
  deploy*             words starting with "deploy"
  type:retro team:payments tag:ci author:alice year:2026 since:2026-01-01
                      field filters, as in the flags below; a filter with
                      no words lists its pages, newest first
A word with no hits falls back to close spellings, and says so.

Flags:
  -s, --source DIR    site folder (default ".")
      --type T        only pages of this type (retro, journal, ...)
      --team T        only this team's pages
      --tag T         only pages with this tag
      --author A      only pages by this author
      --since DATE    only pages dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)
      --until DATE    only pages dated on or before DATE (its last day for a year or month)
  -n N                number of results (default 10)
      --json          print a JSON array of {url,title,type,date,score,snippet,heading};
                      the snippet is HTML, matches in <mark>; heading is the
                      anchor of the snippet's section, left out at the page's top
  --                  ends the flags: the rest is the query, even a first
                      word that starts with -

Examples:
  lore search flaky tests
  lore search --type retro --since 2026-01-01 "action items"
  lore search -n 3 --json deploy*
  lore search --team payments type:retro
  lore search -- -kafka type:retro
`

func searchCommand() *command {
	c := &command{name: "search", summary: "search the wiki from the command line", usage: searchUsage,
		flagHint: exclusionHint}
	c.run = func(ctx context.Context, e *env, args []string) int {
		var sf siteFlags
		var f search.Filters
		var since, until string
		var n int
		var asJSON bool
		fs := flag.NewFlagSet("search", flag.ContinueOnError)
		sf.register(fs)
		fs.StringVar(&f.Type, "type", "", "")
		fs.StringVar(&f.Team, "team", "", "")
		fs.StringVar(&f.Tag, "tag", "", "")
		fs.StringVar(&f.Author, "author", "", "")
		fs.StringVar(&since, "since", "", "")
		fs.StringVar(&until, "until", "", "")
		fs.IntVar(&n, "n", 10, "")
		fs.BoolVar(&asJSON, "json", false, "")
		if ok, code := parseFlags(fs, c, e, args); !ok {
			return code
		}
		var err error
		if f.Since, err = parseDay(since, false); err != nil {
			fmt.Fprintf(e.stderr, "lore search: --since: %v\n", err)
			return exitUsage
		}
		if f.Until, err = parseDay(until, true); err != nil {
			fmt.Fprintf(e.stderr, "lore search: --until: %v\n", err)
			return exitUsage
		}
		if n < 1 {
			fmt.Fprintln(e.stderr, "lore search: -n must be at least 1")
			return exitUsage
		}
		q := strings.Join(fs.Args(), " ")
		idx, code := openSearchIndex(ctx, e, sf)
		if idx == nil {
			return code
		}
		defer idx.Close()
		res, err := idx.Search(ctx, q, f, n)
		if err != nil {
			fmt.Fprintf(e.stderr, "lore search: %v\n", err)
			return exitFail
		}
		if asJSON {
			if err := search.WriteJSON(e.stdout, res); err != nil {
				fmt.Fprintf(e.stderr, "lore search: %v\n", err)
				return exitFail
			}
			return exitOK
		}
		search.WriteText(e.stdout, res)
		return exitOK
	}
	return c
}

// exclusionHint answers `lore search -kafka`: the query language's
// exclusion, typed first, reaches the flag parser, which must keep
// refusing unknown flags (a mistyped --tyep would otherwise search for
// "tyep"). So the error stays, and says how to search for the exclusion
// when the argument looks like one: a single dash and a word of two or
// more letters (a one-letter word is never indexed, and --tyep or -n=3
// are flags).
func exclusionHint(arg string) string {
	word, ok := strings.CutPrefix(arg, "-")
	if !ok || strings.HasPrefix(word, "-") || strings.Contains(word, "=") || utf8.RuneCountInString(word) < 2 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(word); !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '"' {
		return ""
	}
	return fmt.Sprintf(" (to exclude a word, put the query after --: lore search -- %s)", shellQuote(arg))
}

// shellQuote quotes an argument for a command line to copy, when the
// shell would otherwise split or expand it.
func shellQuote(s string) string {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_.:/@", r) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// openSearchIndex opens the index the last build left, building the site
// (in memory, nothing written but the cache) when there is none yet or it
// is empty (a new site, or a damaged cache that Open had to reset).
func openSearchIndex(ctx context.Context, e *env, sf siteFlags) (*search.Index, int) {
	cfg, err := loadConfig(sf.source, "")
	if err != nil {
		printLoadError(e.stderr, "search", sf.source, err)
		return nil, exitFail
	}
	if cfg.Search.Disabled {
		fmt.Fprintln(e.stderr, "lore search: search is disabled in lore.yaml (search: disabled: true)")
		return nil, exitFail
	}
	dir := builder.SearchDir(cfg.CachePath())
	logf := func(format string, args ...any) { fmt.Fprintf(e.stderr, format+"\n", args...) }
	if _, err := os.Stat(dir); err == nil {
		idx, err := search.Open(dir, logf)
		if err != nil {
			fmt.Fprintf(e.stderr, "lore search: %v\n", err)
			return nil, exitFail
		}
		if idx.Len() > 0 {
			return idx, exitOK
		}
		if err := idx.Close(); err != nil {
			fmt.Fprintf(e.stderr, "lore search: %v\n", err)
			return nil, exitFail
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(e.stderr, "lore search: %v\n", err)
		return nil, exitFail
	}
	fmt.Fprintln(e.stderr, "No search index yet; building the site to make one.")
	site, err := builder.Build(ctx, builder.Options{Config: cfg, Drafts: sf.drafts, Logf: logf})
	if err != nil && !errors.Is(err, builder.ErrBuildFailed) {
		fmt.Fprintf(e.stderr, "lore search: %v\n", err)
		return nil, exitFail
	}
	if site != nil && site.Diagnostics.Errors() > 0 {
		fmt.Fprintf(e.stderr, "(%s in the site; run lore check)\n", builder.CountNoun(site.Diagnostics.Errors(), "error"))
	}
	idx, err := search.Open(dir, logf)
	if err != nil {
		fmt.Fprintf(e.stderr, "lore search: %v\n", err)
		return nil, exitFail
	}
	return idx, exitOK
}

// parseDay reads --since and --until as since: and until: in a query
// read them: a year, a month or a day (--until takes its last day).
func parseDay(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := search.ParseDate(s, end)
	if !ok {
		return time.Time{}, fmt.Errorf("%q is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", s)
	}
	return t, nil
}
