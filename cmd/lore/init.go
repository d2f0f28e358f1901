package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/history"
	"github.com/lore-wiki/lore/builder/records"
	"github.com/lore-wiki/lore/builder/slug"
)

const initUsage = `Usage: lore init [flags] [DIR]

Scaffolds a new wiki in DIR (default: the current folder, created if
needed): lore.yaml with a commented schema for every page type, one sample
page of each type under content/, a .gitignore for the output (public/)
and the build cache (.lore/), and a GitHub Actions workflow that runs
'lore check' on pull requests and builds and publishes the site from the
main branch. It writes nothing if any of these files already exists.

Flags:
      --title TITLE   the wiki's title (default: the folder's name)
      --author NAME   your handle (default: from git config user.name)
      --team TEAM     the team of the sample retro and meeting (default "core")

Examples:
  lore init team-wiki
  lore init --title "Payments wiki" --team payments
`

//go:embed scaffold
var scaffold embed.FS

// scaffoldData is what the scaffold templates see.
type scaffoldData struct {
	Title, Name, Author, Team, Date, Due string
	// Site is the wiki's folder from the root of the git repository it is
	// in, "" when it is the root (or in no repository yet).
	Site string
}

// SitePath is name inside the wiki's folder, from the repository's root,
// as a YAML string.
func (d scaffoldData) SitePath(name string) string {
	if d.Site == "" {
		return name
	}
	return yamlString(path.Join(d.Site, name))
}

// Run is the workflow step that runs lore with args, pointed at the wiki
// from the repository's root. Outside the root it is a quoted YAML string:
// a folder named "a #b" or "it's: x" would end a plain scalar early.
func (d scaffoldData) Run(args ...string) string {
	cmd := "lore " + strings.Join(args, " ")
	if d.Site == "" {
		return cmd
	}
	lore, rest, _ := strings.Cut(cmd, " ")
	verb, rest, _ := strings.Cut(rest, " ")
	return yamlString(lore + " " + verb + " -s '" + strings.ReplaceAll(d.Site, "'", `'\''`) + "' " + rest)
}

// initCommand is `lore init`; now is its clock.
func initCommand(now func() time.Time) *command {
	c := &command{name: "init", summary: "scaffold a new wiki", usage: initUsage}
	c.run = func(ctx context.Context, e *env, args []string) int {
		var title, author, team string
		fs := flag.NewFlagSet("init", flag.ContinueOnError)
		fs.StringVar(&title, "title", "", "")
		fs.StringVar(&author, "author", "", "")
		fs.StringVar(&team, "team", "core", "")
		if ok, code := parseFlags(fs, c, e, interspersed(args, "title", "author", "team")); !ok {
			return code
		}
		if fs.NArg() > 1 {
			fmt.Fprintf(e.stderr, "lore init: want at most one folder\n%s", c.usage)
			return exitUsage
		}
		dir := "."
		if fs.NArg() == 1 {
			dir = fs.Arg(0)
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			fmt.Fprintf(e.stderr, "lore init: %v\n", err)
			return exitFail
		}
		if title == "" {
			title = titleFromFolder(filepath.Base(abs))
		}
		name := author
		if author == "" {
			name, author = gitIdentity(ctx, abs)
		}
		if author == "" {
			author, name = "you", "You"
		}
		handle := slug.Make(author)
		if name == "" {
			name = author
		}
		day := now()
		data := scaffoldData{Title: title, Name: name, Author: handle, Team: slug.Make(team),
			Date: day.Format("2006-01-02"), Due: day.AddDate(0, 0, 14).Format("2006-01-02")}
		// In a folder of a repository (docs/ of a monorepo), the workflow
		// goes to the repository's root, and points at the folder.
		toRoot := ""
		// GitHub reads workflows only from the root's .github/workflows.
		if root := history.WorkTree(abs); root != "" && root != abs {
			site, err1 := filepath.Rel(root, abs)
			up, err2 := filepath.Rel(abs, root)
			if err1 == nil && err2 == nil {
				data.Site, toRoot = filepath.ToSlash(site), filepath.ToSlash(up)
			}
		}
		files, err := renderScaffold(data, toRoot)
		if err != nil {
			fmt.Fprintf(e.stderr, "lore init: %v\n", err)
			return exitFail
		}
		// A second wiki in the repository finds the first one's workflow.
		workflow := path.Join(toRoot, ".github/workflows/lore.yml")
		keptWorkflow := false
		if _, err := os.Lstat(filepath.Join(abs, filepath.FromSlash(workflow))); data.Site != "" && err == nil {
			delete(files, workflow)
			keptWorkflow = true
		}
		written, err := writeScaffold(abs, files)
		if err != nil {
			fmt.Fprintf(e.stderr, "lore init: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(e.stdout, "Created a wiki in %s:\n", dir)
		for _, f := range written {
			fmt.Fprintf(e.stdout, "  %s\n", f)
		}
		switch {
		case keptWorkflow:
			fmt.Fprintf(e.stdout, "\nThe repository already has %s, left as it is: to check and publish %s too, add steps with -s %s to it.\n", filepath.Join(abs, filepath.FromSlash(workflow)), data.Site, data.Site)
		case data.Site != "":
			fmt.Fprintf(e.stdout, "\nThe workflow is at the root of the repository %s, where GitHub reads workflows, and builds %s.\n", filepath.Join(abs, filepath.FromSlash(toRoot)), data.Site)
		}
		fmt.Fprintf(e.stdout, "\nNext:\n  cd %s\n  lore serve\n", dir)
		return exitOK
	}
	return c
}

func titleFromFolder(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if name == "" || name == "." || name == string(filepath.Separator) {
		return "Team wiki"
	}
	r, size := utf8.DecodeRuneInString(name) // équipe: a letter of two bytes
	return string(unicode.ToUpper(r)) + name[size:]
}

// gitIdentity returns git's user.name and the handle made from it.
func gitIdentity(ctx context.Context, dir string) (name, handle string) {
	// git must run in an existing folder; DIR may not exist yet.
	for {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	name = gitConfig(ctx, dir, "user.name")
	if name == "" {
		return "", ""
	}
	return name, records.NewDirectory(nil).Identify(name, gitConfig(ctx, dir, "user.email"))
}

// renderScaffold expands the embedded scaffold: file names carry DATE and
// AUTHOR placeholders, contents are templates with <% %> delimiters (the
// workflow's own ${{ }} and Markdown's [[links]] stay as they are).
// The workflow goes to toRoot (the repository's root, from the wiki's
// folder) when it is set.
func renderScaffold(d scaffoldData, toRoot string) (map[string][]byte, error) {
	out := map[string][]byte{}
	names := strings.NewReplacer("DATE", d.Date, "AUTHOR", d.Author)
	err := fs.WalkDir(scaffold, "scaffold", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		src, err := scaffold.ReadFile(p)
		if err != nil {
			return err
		}
		t, err := template.New(p).Delims("<%", "%>").Funcs(template.FuncMap{"yaml": yamlString}).Parse(string(src))
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, d); err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "scaffold/")
		switch {
		case rel == "gitignore":
			rel = ".gitignore"
		case strings.HasPrefix(rel, "github/"):
			rel = path.Join(toRoot, "."+rel)
		}
		out[names.Replace(rel)] = buf.Bytes()
		return nil
	})
	return out, err
}

// writeScaffold writes every file or, if any exists already, none.
func writeScaffold(dir string, files map[string][]byte) ([]string, error) {
	var names []string
	for rel := range files {
		names = append(names, rel)
	}
	sortScaffold(names)
	var existing []string
	for _, rel := range names {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
			existing = append(existing, rel)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if len(existing) > 0 {
		return nil, fmt.Errorf("%s already has %s; not overwriting anything", dir, strings.Join(existing, ", "))
	}
	for _, rel := range names {
		abs := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, err
		}
		_, werr := f.Write(files[rel])
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, werr
		}
	}
	return names, nil
}

// sortScaffold lists lore.yaml first, then the rest by path.
func sortScaffold(names []string) {
	rank := func(s string) string {
		if s == config.FileName {
			return ""
		}
		return s
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(rank(a), rank(b)) })
}
