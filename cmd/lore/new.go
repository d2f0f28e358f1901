package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/page"
	"github.com/lore-wiki/lore/builder/records"
	"github.com/lore-wiki/lore/builder/slug"
)

const newUsage = `Usage: lore new [flags] <type> ["Title"]

Creates a page of the given type from its archetype and prints its path.
The file goes in the type's folder (types.<type>.folders in lore.yaml, or
retros/, journals/<you>/, mentoring/, meetings/, howtos/, onboarding/),
named the way the folder's existing files are: with a date prefix
(2026-11-28-sprint-42.md), as a slug (deploy-to-production.md), or as the
title itself (Deploy to production.md). It never overwrites a file.

The author is your handle: --author, else git config user.name mapped
through people: in lore.yaml; --mentor and --mentee are mapped the same
way. The built-in archetypes leave out team:, mentor: and mentee: when
they have no value, rather than write them empty, and lore new names the
keys that the type's schema in lore.yaml requires and the page still
lacks: lore check fails until they are filled in. The archetype is the site's
archetypes/<type>.md when it exists, else Lore's built-in one. Archetypes
are Go templates with .Title, .Date, .Due (two weeks on), .Author, .Team,
.Mentor, .Mentee and .Type, and the function yaml to quote a value.

'lore new journal' without a title creates today's journal entry.

Flags:
  -s, --source DIR   site folder (default ".")
      --author NAME  handle of the author (default: from git config user.name)
      --team TEAM    team: for retros and meetings
      --mentor NAME  mentor: for mentoring logs (default: the author)
      --mentee NAME  mentee: for mentoring logs
      --date DATE    date as YYYY-MM-DD (default: today)

Examples:
  lore new retro "Platform retro, sprint 43" --team platform
  lore new mentoring --mentor alice --mentee bob "First session"
  lore new journal
  lore new howto "Rotate the database password"
`

//go:embed archetypes
var builtinArchetypes embed.FS

// datedTypes are named with a date prefix when their folder has no files
// to learn the convention from.
var datedTypes = map[string]bool{"retro": true, "journal": true, "mentoring": true, "meeting": true}

// defaultFolders are used for types lore.yaml gives no folder.
var defaultFolders = map[string]string{"note": "notes"}

// newCommand is `lore new`; now is its clock, so tests pick the day.
func newCommand(now func() time.Time) *command {
	c := &command{name: "new", summary: "create a page from an archetype", usage: newUsage}
	c.run = func(ctx context.Context, e *env, args []string) int {
		var sf siteFlags
		var author, team, mentor, mentee, date string
		fs := flag.NewFlagSet("new", flag.ContinueOnError)
		sf.register(fs)
		fs.StringVar(&author, "author", "", "")
		fs.StringVar(&team, "team", "", "")
		fs.StringVar(&mentor, "mentor", "", "")
		fs.StringVar(&mentee, "mentee", "", "")
		fs.StringVar(&date, "date", "", "")
		if ok, code := parseFlags(fs, c, e, interspersed(args, "s", "source", "author", "team", "mentor", "mentee", "date")); !ok {
			return code
		}
		if fs.NArg() < 1 || fs.NArg() > 2 {
			fmt.Fprintf(e.stderr, "lore new: want a type and a title\n%s", c.usage)
			return exitUsage
		}
		day := now()
		if date != "" {
			d, err := time.Parse("2006-01-02", date)
			if err != nil {
				fmt.Fprintf(e.stderr, "lore new: --date %q is not YYYY-MM-DD\n", date)
				return exitUsage
			}
			day = d
		}
		cfg, err := config.Load(sf.source)
		if err != nil {
			printLoadError(e.stderr, "new", sf.source, err)
			return exitFail
		}
		if cfg.File == "" && cfg.ContentDir == "." {
			fmt.Fprintf(e.stderr, "lore new: %s has no lore.yaml and no content/ folder; run 'lore init' first or pass -s DIR\n", cfg.Dir)
			return exitFail
		}
		if author == "" {
			author = gitAuthor(ctx, cfg)
		}
		people := records.NewDirectory(cfg.People)
		req := newRequest{Type: fs.Arg(0), Title: fs.Arg(1), Author: people.Canon(author), Team: team,
			Mentor: people.Canon(mentor), Mentee: people.Canon(mentee), Day: day}
		if req.Mentor == "" {
			req.Mentor = req.Author
		}
		file, err := createPage(cfg, req)
		if err != nil {
			fmt.Fprintf(e.stderr, "lore new: %v\n", err)
			return exitFail
		}
		fmt.Fprintln(e.stdout, file)
		if req.Author == "" {
			fmt.Fprintln(e.stderr, "lore new: no author (set git config user.name or pass --author); authors: is left empty")
		}
		return reportUnset(e, cfg, file, req.Author == "")
	}
	return c
}

// keyFlags are the flags of lore new that fill a front matter key.
var keyFlags = map[string]string{"authors": "--author", "team": "--team", "mentor": "--mentor", "mentee": "--mentee"}

// reportUnset reads the new page back and names each key its type's
// schema requires and it lacks, with the flag that would have set it, so
// the author hears of it now rather than from lore check. noAuthor says
// the missing author was reported already. A page whose front matter does
// not parse (a site archetype's mistake) fails the command: it exists,
// but lore check will refuse it.
func reportUnset(e *env, cfg *config.Config, file string, noAuthor bool) int {
	p, err := readNewPage(cfg, file)
	if err != nil {
		fmt.Fprintf(e.stderr, "lore new: the archetype made a page that does not parse: %v\n", err)
		return exitFail
	}
	for _, key := range builder.MissingRequired(cfg, p) {
		if key == "authors" && noAuthor {
			continue
		}
		how := "fill it in"
		if flag, ok := keyFlags[key]; ok {
			how = "pass " + flag + " or fill it in"
		}
		fmt.Fprintf(e.stderr, "lore new: %s: is required for %s pages (%s:%d) and not set; %s\n",
			key, p.Type, config.FileName, cfg.Types[p.Type].Schema[key].Line, how)
	}
	return exitOK
}

// readNewPage parses a page lore new wrote, as the build will.
func readNewPage(cfg *config.Config, file string) (*page.Page, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(cfg.ContentPath(), file)
	if err != nil {
		return nil, err
	}
	return page.Parse(filepath.ToSlash(rel), src, page.Options{TypeForFolder: cfg.TypeForFolder})
}

// interspersed moves flags before positional arguments, so that
// `lore new retro "Title" --team x` works as people type it; valued names
// the flags that take a value.
func interspersed(args []string, valued ...string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && len(a) > 1:
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && slices.Contains(valued, name) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			pos = append(pos, a)
		}
	}
	return append(flags, pos...)
}

// gitAuthor asks git for user.name (and user.email, to map it through
// people:), in the site folder so that a repository's own setting wins.
func gitAuthor(ctx context.Context, cfg *config.Config) string {
	name := gitConfig(ctx, cfg.Dir, "user.name")
	if name == "" {
		return ""
	}
	return records.NewDirectory(cfg.People).Identify(name, gitConfig(ctx, cfg.Dir, "user.email"))
}

// gitConfig reads one git setting as seen from dir, "" when unset or when
// git is not installed.
func gitConfig(ctx context.Context, dir, key string) string {
	cmd := exec.CommandContext(ctx, "git", "config", "--get", key)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

type newRequest struct {
	Type, Title, Author, Team, Mentor, Mentee string
	Day                                       time.Time
}

// archetypeData is what an archetype template sees.
type archetypeData struct {
	Title, Date, Due, Author, Team, Mentor, Mentee, Type string
}

// createPage writes the new page and returns its path.
func createPage(cfg *config.Config, req newRequest) (string, error) {
	src, err := archetype(cfg, req.Type)
	if err != nil {
		return "", err
	}
	date := req.Day.Format("2006-01-02")
	untitled := req.Title == ""
	if untitled {
		if req.Type != "journal" {
			return "", fmt.Errorf("a %s needs a title", req.Type)
		}
		req.Title = "Journal, " + req.Day.Format("2 January 2006")
	}
	dir := typeFolder(cfg, req.Type)
	if req.Type == "journal" && req.Author != "" {
		dir = path.Join(dir, slug.Make(req.Author))
	}
	abs := filepath.Join(cfg.ContentPath(), filepath.FromSlash(dir))
	name := fileName(abs, req, date, untitled)
	t, err := template.New(req.Type).Funcs(template.FuncMap{"yaml": yamlString}).Parse(string(src))
	if err != nil {
		return "", fmt.Errorf("archetype %s: %w", req.Type, err)
	}
	var body bytes.Buffer
	data := archetypeData{Title: req.Title, Date: date, Due: req.Day.AddDate(0, 0, 14).Format("2006-01-02"),
		Author: req.Author, Team: req.Team, Mentor: req.Mentor, Mentee: req.Mentee, Type: req.Type}
	if err := t.Execute(&body, data); err != nil {
		return "", fmt.Errorf("archetype %s: %w", req.Type, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return "", err
	}
	file := filepath.Join(abs, name)
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists; not overwriting it", file)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(body.Bytes()); err != nil {
		f.Close()
		return "", err
	}
	return file, f.Close()
}

// archetype is the site's archetypes/<type>.md, else the built-in one for
// the type, else the generic note. Unknown types are refused unless the
// site configures them or has an archetype for them.
func archetype(cfg *config.Config, typ string) ([]byte, error) {
	if typ == "" || strings.ContainsAny(typ, `/\.`) {
		return nil, fmt.Errorf("%q is not a page type", typ)
	}
	if data, err := os.ReadFile(filepath.Join(cfg.Dir, "archetypes", typ+".md")); err == nil {
		return data, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if data, err := builtinArchetypes.ReadFile("archetypes/" + typ + ".md"); err == nil {
		return data, nil
	}
	if _, ok := cfg.Types[typ]; ok {
		return builtinArchetypes.ReadFile("archetypes/note.md")
	}
	var known []string
	for t := range cfg.Types {
		known = append(known, t)
	}
	known = append(known, "note")
	slices.Sort(known)
	known = slices.Compact(known)
	return nil, fmt.Errorf("unknown type %q (known: %s; add it under types: in lore.yaml or as archetypes/%s.md)", typ, strings.Join(known, ", "), typ)
}

// typeFolder is the first folder lore.yaml maps to the type.
func typeFolder(cfg *config.Config, typ string) string {
	if t, ok := cfg.Types[typ]; ok && len(t.Folders) > 0 {
		folders := slices.Clone(t.Folders)
		slices.Sort(folders)
		return folders[0]
	}
	if f, ok := defaultFolders[typ]; ok {
		return f
	}
	return typ + "s"
}

var datePrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// fileName follows the convention of the folder's existing Markdown files
// (a majority vote), else the type's default. An untitled journal entry is
// named by its date alone.
func fileName(dir string, req newRequest, date string, untitled bool) string {
	var dated, spaced, total int
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(strings.ToLower(n), ".md") || strings.EqualFold(n, "README.md") || strings.EqualFold(n, "index.md") {
				continue
			}
			total++
			if datePrefix.MatchString(n) {
				dated++
			}
			if strings.Contains(n, " ") {
				spaced++
			}
		}
	}
	useDate := datedTypes[req.Type]
	if total > 0 {
		useDate = dated*2 > total
	}
	base := slug.Make(req.Title)
	if total > 0 && spaced*2 > total {
		base = strings.Map(func(r rune) rune {
			if strings.ContainsRune(`/\:*?"<>|#^[]`, r) {
				return -1
			}
			return r
		}, req.Title)
	}
	if untitled {
		base = ""
	}
	if useDate || base == "" {
		if base == "" {
			return date + ".md"
		}
		return date + "-" + base + ".md"
	}
	return base + ".md"
}

// yamlString quotes a value for YAML front matter (a JSON string is a
// valid YAML double-quoted scalar).
func yamlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
