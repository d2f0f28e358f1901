package links_test

// The Obsidian vault fixture in testdata/vault is written by this file:
//
//	go test ./builder/links -run TestGenerateVault -regen-vault
//
// It is committed so that it reads like a folder copied from a real vault
// (and can be opened in Obsidian): daily notes, people with aliases,
// projects in folders with same-named notes, meetings, an on-call area,
// resources, an inbox with Unicode names, templates, pasted images and a
// PDF in Attachments/, callouts, embeds, links to notes nobody wrote yet,
// and the .obsidian/ and .trash/ folders Obsidian keeps.

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var regenVault = flag.Bool("regen-vault", false, "rewrite testdata/vault")

type person struct{ name, alias, role string }

var vaultPeople = []person{
	{"Alice Martin", "Alice", "payments tech lead"},
	{"Bob Okafor", "Bob", "platform engineer"},
	{"Chen Wei", "Chen", "mobile engineer"},
	{"Dara Kowalski", "Dara", "payments engineer"},
	{"Emeka Obi", "Emeka", "SRE"},
	{"Farah Haddad", "Farah", "iOS engineer"},
	{"Goran Petrović", "Goran", "engineering manager"},
	{"Hana Sato", "Hana", "product manager"},
}

var vaultProjects = []struct{ name, goal string }{
	{"Ledger Rewrite", "replace the invoice ledger with an append-only service"},
	{"Offline Sync", "let drivers scan parcels without signal and sync later"},
	{"Café Ordering", "pilot pre-ordering for the office café"},
	{"Über Dashboard", "one dashboard for every on-call signal"},
	{"Search v2", "typo-tolerant search over deliveries"},
}

// Notes people link to in a real vault before anyone writes them.
var vaultUnwritten = []string{"Quarterly planning", "Vendor list", "Project Phoenix", "Offsite 2026", "Hiring plan"}

var vaultImages = []string{
	"Pasted image 20260105093012.png", "Pasted image 20260112141503.png", "Pasted image 20260120101122.png",
	"Pasted image 20260203163344.png", "Pasted image 20260211090807.png", "Pasted image 20260218111213.png",
}

// A 1x1 transparent PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82")

func TestGenerateVault(t *testing.T) {
	if !*regenVault {
		t.Skip("run with -regen-vault to rewrite testdata/vault")
	}
	dir := filepath.Join("testdata", "vault")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for name, data := range generateVault() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func generateVault() map[string][]byte {
	r := rand.New(rand.NewPCG(42, 3))
	files := map[string][]byte{}
	put := func(name, body string) { files[name] = []byte(body) }
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	personLink := func() string {
		p := vaultPeople[r.IntN(len(vaultPeople))]
		switch r.IntN(4) {
		case 0:
			return "[[" + p.alias + "]]"
		case 1:
			return "[[" + strings.ToLower(p.name) + "]]"
		case 2:
			return "[[People/" + p.name + "|" + p.alias + "]]"
		}
		return "[[" + p.name + "]]"
	}
	projectLink := func() string {
		p := vaultProjects[r.IntN(len(vaultProjects))]
		switch r.IntN(3) {
		case 0:
			return "[[" + p.name + "#Goals|" + p.name + " goals]]"
		case 1:
			return "[[Projects/" + p.name + "/" + p.name + "]]"
		}
		return "[[" + p.name + "]]"
	}

	// Obsidian's own folders, which must never become pages.
	put(".obsidian/app.json", `{"alwaysUpdateLinks":true,"newLinkFormat":"shortest","attachmentFolderPath":"Attachments","useMarkdownLinks":false}`+"\n")
	put(".obsidian/appearance.json", `{"accentColor":"","theme":"obsidian"}`+"\n")
	put(".obsidian/core-plugins.json", `["file-explorer","global-search","switcher","graph","backlink","page-preview","daily-notes","templates","outline"]`+"\n")
	put(".obsidian/workspace.json", `{"main":{"id":"a1","type":"split","children":[]},"active":"a1","lastOpenFiles":["Home.md"]}`+"\n")
	put(".obsidian/plugins/dataview/manifest.json", `{"id":"dataview","name":"Dataview","version":"0.5.64"}`+"\n")
	put(".obsidian/snippets/wide.css", ".markdown-preview-view { max-width: 60rem; }\n")
	put(".trash/Old standup notes.md", "Deleted note; links to [[Nobody]].\n")

	for _, img := range vaultImages {
		files["Attachments/"+img] = tinyPNG
	}
	put("Attachments/Architecture diagram.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><rect width="200" height="80" fill="#eef"/><text x="20" y="45">ledger → events</text></svg>`+"\n")
	put("Attachments/Spec v2.pdf", "%PDF-1.4\n% tiny placeholder\n")
	put("Projects/Board.canvas", `{"nodes":[{"id":"1","type":"file","file":"Projects/Ledger Rewrite/Ledger Rewrite.md","x":0,"y":0,"width":400,"height":400}],"edges":[]}`+"\n")

	// Home: the map of content.
	var home strings.Builder
	home.WriteString("# Team notes\n\nThis vault is where the Harbor team keeps its working notes.\n\n> [!info] How this vault works\n> Daily notes go in `Daily/`, one per day. People, projects and meetings link to each other; use the backlinks pane.\n\n## Projects\n\n")
	for _, p := range vaultProjects {
		fmt.Fprintf(&home, "- [[%s]]: %s\n", p.name, p.goal)
	}
	home.WriteString("\n## People\n\n| Person | Role |\n|---|---|\n")
	for _, p := range vaultPeople {
		fmt.Fprintf(&home, "| [[%s\\|%s]] | %s |\n", p.name, p.alias, p.role)
	}
	home.WriteString("\n## Areas\n\n- [[Runbook|On-call runbook]] and [[Escalation policy]]\n- [[Interview loop]]\n- [[Glossary]]\n\n## Not written yet\n\n")
	for _, u := range vaultUnwritten[:3] {
		fmt.Fprintf(&home, "- [[%s]]\n", u)
	}
	put("Home.md", home.String())

	for _, p := range vaultPeople {
		first := p.alias
		put("People/"+p.name+".md", fmt.Sprintf(`---
aliases: [%s]
tags: [person]
role: %s
---
# %s

%s is our %s.

## Working with %s

- Prefers written proposals over meetings.
- Mentoring: see [[Interview loop]] for the hiring side.

## 1:1 notes

- Talked about [[%s]].
`, first, p.role, p.name, first, p.role, first, vaultProjects[r.IntN(len(vaultProjects))].name))
	}

	for i, p := range vaultProjects {
		dir := "Projects/" + p.name + "/"
		lead := vaultPeople[i%len(vaultPeople)]
		put(dir+p.name+".md", fmt.Sprintf(`---
aliases: [%s project]
tags: [project]
status: active
---
# %s

> [!abstract] Summary
> We want to %s. Lead: [[%s]].

## Goals

1. Ship a first version to one team.
2. Measure it against today's numbers.

## Status

See [[Risks]] and [[Decisions]] in this folder, and the [[#Goals]] above.

![[Architecture diagram.svg|400]]

## Links

- Spec: [Spec v2](Attachments/Spec%%20v2.pdf)
- Board: [[Board.canvas]]
`, p.name, p.name, p.goal, lead.name))
		put(dir+"Risks.md", fmt.Sprintf(`# Risks for %s

| Risk | Owner | Mitigation |
|---|---|---|
| Migration takes longer than planned | %s | Run old and new side by side |
| Nobody owns it after launch | [[%s\|%s]] | Agree an owner in [[Decisions]] |

> [!warning]- Worst case
> We roll back; see [[Runbook#Rollback]].
`, p.name, strings.Replace(personLink(), "|", `\|`, 1), lead.name, lead.alias))
		put(dir+"Decisions.md", fmt.Sprintf(`# Decisions for %s

## 2026-01-20: start small

We start with one team. Context in [[%s#Goals]].

> [!success] Agreed
> Everyone in the design review agreed.
`, p.name, p.name))
	}

	put("Areas/On-call/Runbook.md", `---
aliases: [oncall runbook, On-call runbook]
tags: [oncall]
---
# Runbook

## Paging

Pages go to the primary first, then the secondary after 10 minutes. See [[Escalation policy]].

## Rollback

1. Find the last good release.
2. Roll back with the deploy tool.
3. Post in the incident channel.

> [!danger] Never
> Never roll back a migration by hand.

## Dashboards

The [[Über Dashboard|one dashboard]] shows every signal.
`)
	put("Areas/On-call/Escalation policy.md", "# Escalation policy\n\nAfter 10 minutes without acknowledgement the secondary is paged; after 30, the manager ([[Goran]]).\n\n![[Runbook#Paging]]\n")
	put("Areas/Hiring/Interview loop.md", "# Interview loop\n\n1. Screen\n2. [[Take-home exercise]]\n3. Pairing session\n4. Values chat with [[Hana]]\n\n> [!todo] Still open\n> Write the [[Hiring plan]].\n")
	put("Areas/Hiring/Take-home exercise.md", "# Take-home exercise\n\nA small ledger in any language. Reviewed against the [[Glossary#Idempotency|idempotency]] rules.\n")

	var gl strings.Builder
	gl.WriteString("---\naliases: [Terms]\n---\n# Glossary\n\n")
	for _, term := range []struct{ t, d string }{
		{"Idempotency", "Doing a request twice has the same effect as doing it once."},
		{"Ledger", "The append-only record of money movements; see [[Ledger Rewrite]]."},
		{"Scan event", "A parcel scanned by a driver; synced by [[Offline Sync]]."},
		{"Café", "The office café, see [[Café Ordering]]."},
		{"Runbook", "Steps for incidents: [[Runbook]]."},
	} {
		fmt.Fprintf(&gl, "## %s\n\n%s\n\n", term.t, term.d)
	}
	put("Resources/Glossary.md", gl.String())
	for _, b := range []string{"Designing Data-Intensive Applications", "The Phoenix Project", "Accelerate", "Team Topologies"} {
		put("Resources/Books/"+b+".md", fmt.Sprintf("---\ntags: [book]\nauthor: unknown\n---\n# %s\n\n> [!quote] Favourite line\n> Keep it simple.\n\nRecommended by %s. Relevant to %s.\n", b, personLink(), projectLink()))
	}
	for _, a := range []string{"Idempotency keys in practice", "Offline-first sync patterns", "On-call without burnout", "Search relevance basics"} {
		put("Resources/Articles/"+a+".md", fmt.Sprintf("# %s\n\nNotes on the article. Key idea: [[Glossary#%s]].\n\n- Shared by %s\n", a, pick([]string{"Idempotency", "Ledger", "Scan event"}), personLink()))
	}

	put("Inbox/Ideas — backlog.md", "# Ideas — backlog\n\n- A [[Search v2]] spike\n- Ask [[Chen]] about [[Offline Sync]]\n- [[Vendor list]] for the café\n")
	put("Inbox/日本語メモ.md", "# 日本語メモ\n\n[[Café Ordering]] のメモ。[[Glossary#Café|カフェ]] も参照。\n")
	put("Inbox/Ünïcödé test.md", "Links: [[日本語メモ]], [[Ideas — backlog]], [[Über Dashboard]], [[Goran Petrović]].\n")
	put("Inbox/Random thought 2026-02-03.md", "What if the [[Runbook.md]] had a section per service? Also [[Project Phoenix]].\n")

	put("Templates/Daily note template.md", "# {{date}}\n\n## Log\n\n## Tasks\n\n- [ ] \n")
	put("Templates/Meeting template.md", "---\ntags: [meeting]\n---\n# {{title}}\n\nAttendees:\n\n## Notes\n\n## Actions\n")

	// Meetings.
	start := time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)
	var meetings []string
	for i := 0; i < 20; i++ {
		d := start.AddDate(0, 0, 7*(i/2)+2*(i%2))
		p := vaultProjects[i%len(vaultProjects)]
		kind := []string{"Weekly sync", "Design review — " + p.name}[i%2]
		name := d.Format("2006-01-02") + " " + kind
		meetings = append(meetings, name)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ndate: %s\ntags: [meeting]\n---\n# %s\n\nAttendees: %s, %s, %s\n\n## Notes\n\n", d.Format("2006-01-02"), kind, personLink(), personLink(), personLink())
		fmt.Fprintf(&b, "- Discussed %s and its [[Risks]].\n- %s raised the rollback steps: see [[Runbook#Rollback]].\n", projectLink(), personLink())
		if i%2 == 1 {
			fmt.Fprintf(&b, "\nThe goals we reviewed:\n\n![[%s#Goals]]\n", p.name)
		}
		if i%4 == 0 {
			fmt.Fprintf(&b, "\n![[%s]]\n", vaultImages[i%len(vaultImages)])
		}
		if i == 6 {
			b.WriteString("\nTo do before the [[Offsite 2026]].\n")
		}
		fmt.Fprintf(&b, "\n## Actions\n\n- [ ] %s to follow up\n", personLink())
		put("Meetings/"+name+".md", b.String())
	}

	// Daily notes, weekdays from 5 January.
	day := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for n := 0; n < 45; {
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			day = day.AddDate(0, 0, 1)
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# %s\n\n## Log\n\n", day.Format("Monday 2 January 2006"))
		fmt.Fprintf(&b, "- Paired with %s on %s.\n", personLink(), projectLink())
		fmt.Fprintf(&b, "- Read [[%s]].\n", pick([]string{"Designing Data-Intensive Applications", "Accelerate", "Team Topologies", "Idempotency keys in practice"}))
		if n%3 == 0 {
			fmt.Fprintf(&b, "- Meeting: [[%s]]\n", meetings[r.IntN(len(meetings))])
		}
		if n%5 == 0 {
			fmt.Fprintf(&b, "\n![[%s|%d]]\n", vaultImages[n/5%len(vaultImages)], 300+100*(n%3))
		}
		switch n % 7 {
		case 1:
			b.WriteString("\n> [!tip] Learned today\n> `git bisect run` finds flaky commits by itself. Not a link: `[[Runbook]]`.\n")
		case 3:
			fmt.Fprintf(&b, "\n> [!question]- Open question\n> Should %s own the [[Runbook]]?\n", personLink())
		case 5:
			b.WriteString("\n> [!bug] Flaky test\n> The sync test fails one run in twenty; see [[Offline Sync#Status]].\n")
		}
		if n == 9 {
			b.WriteString("\nMoved the [[Quarterly planning]] notes. Check the [spec](../Attachments/Spec%20v2.pdf).\n")
		}
		if n == 17 {
			b.WriteString("\nSee also [[Inbox/日本語メモ|the Japanese memo]] and [[Ünïcödé test]].\n")
		}
		fmt.Fprintf(&b, "\n## Tasks\n\n- [x] Review %s\n- [ ] Update [[Decisions]] for %s\n", personLink(), projectLink())
		put("Daily/"+day.Format("2006-01-02")+".md", b.String())
		day = day.AddDate(0, 0, 1)
		n++
	}
	return files
}
