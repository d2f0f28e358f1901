package builder

import (
	"context"
	"slices"
	"strings"

	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/history"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
)

// recordLayouts are the layouts of the generated records views. A theme
// without the person layout gets no records pages and no records feeds,
// as a theme without search.html gets no search page.
var recordLayouts = []string{"person", "people", "team", "teams", "actions", "mentoring-pair", "journal-index"}

// buildRecords derives people, teams, action items and mentoring pairs
// from the assembled and linked pages. It runs at the start of render,
// since page templates (a retro's summary, a journal's previous and next
// entry) read .Site.Records too.
func (b *build) buildRecords() {
	s := b.site
	if b.keepRecords && s.Records != nil {
		return
	}
	var commits []history.Commit
	if !s.History.Shallow() {
		commits = s.History.Commits()
	}
	assets := map[string]string{}
	for _, a := range s.Assets {
		assets[a.Path] = a.URL
	}
	s.Records = records.Build(s.Pages, records.Options{
		Now:       b.opt.Now(),
		Directory: records.NewDirectory(b.cfg.People),
		Commits:   commits,
		AssetURL: func(p string) string {
			p = strings.TrimPrefix(p, "/")
			if u, ok := assets[p]; ok {
				return u
			}
			return "/" + strings.TrimPrefix(p, b.cfg.StaticDir+"/")
		},
	})
}

// recordViews lists the generated records pages: people, teams, action
// items, mentoring pairs and journals.
func (b *build) recordViews() []*View {
	b.buildRecords()
	b.site.recordFeeds = b.writesRecordFeeds()
	if !b.theme.Has("person") {
		return nil
	}
	s, r, dev := b.site, b.site.Records, b.opt.Dev
	var views []*View
	add := func(kind, title, url string, rec any, pages []*page.Page) {
		if other, taken := s.ByURL[url]; taken {
			s.report(diag.Warnf(other.Path, other.KeyLines["slug"], 0, diag.CodeDuplicateURL,
				"URL %s is also the %s page %q; the page wins and the generated one is left out", url, kind, title), other.Path, diag.CodeDuplicateURL)
			return
		}
		views = append(views, &View{Site: s, Kind: kind, Title: title, URL: url, Record: rec, Pages: pages, Dev: dev})
	}
	add("people", "People", "/people/", r, nil)
	for _, p := range r.People {
		add("person", p.Name, p.URL, p, p.Wrote)
		if len(p.Journal) > 0 {
			add("journal-index", possessive(p.Name)+" journal", p.JournalURL, p, p.Journal)
		}
	}
	add("teams", "Teams", "/teams/", r, nil)
	for _, t := range r.Teams {
		add("team", "Team "+t.Name, t.URL, t, t.Pages())
		add("actions", "Action items: "+t.Name, t.ActionsURL, t, t.Retros)
	}
	add("actions", "Action items", "/actions/", r, nil)
	for _, pr := range r.Pairs {
		add("mentoring-pair", "Mentoring: "+pr.Title(), pr.URL, pr, pr.Sessions)
	}
	return views
}

// writeRecordFeeds writes an Atom feed per type, per team and per person
// (what they wrote and their journal), beside the page it follows.
func (b *build) writeRecordFeeds(context.Context) error {
	s := b.site
	if !b.writesRecordFeeds() {
		return nil
	}
	title := b.cfg.Title + ": "
	for _, t := range s.Types {
		if err := b.writeFeed(feedFile(t.URL), title+typeTitle(t.Name), t.URL, t.Pages); err != nil {
			return err
		}
	}
	for _, t := range s.Records.Teams {
		if err := b.writeFeed(feedFile(t.URL), title+"team "+t.Name, t.URL, t.Pages()); err != nil {
			return err
		}
	}
	for _, p := range s.Records.People {
		// Everyone gets a feed, even before their first page: the person
		// page links it, and subscribing early is the point of a feed.
		pages := slices.Concat(p.Wrote, p.Journal)
		sortPages(pages)
		if err := b.writeFeed(feedFile(p.URL), title+p.Name, p.URL, pages); err != nil {
			return err
		}
	}
	return nil
}

// writesRecordFeeds reports whether the site has feeds per type, team and
// person: with records, and a theme that shows people.
func (b *build) writesRecordFeeds() bool {
	return b.site.Records != nil && b.theme.Has("person")
}

func feedFile(url string) string { return strings.TrimPrefix(url, "/") + "feed.xml" }

func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
