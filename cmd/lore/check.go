package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/lore-wiki/lore/builder/config"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/diag"
)

const checkUsage = `Usage: lore check [flags]

Builds the site in memory, writes nothing but its cache (.lore/: the
git history it dated pages by), and reports broken links and
embeds, missing heading anchors, duplicate URLs, invalid front matter and
front matter that breaks the site's schema (errors), and ambiguous links,
links to drafts and embed loops (warnings). lore build reports the same
link and schema problems as warnings and publishes anyway; check is the
strict gate for CI.

Exit status: 1 when there are errors (or warnings, with --strict), else 0;
2 for a bad command line.

Flags:
  -s, --source DIR      site folder (default ".")
      --format FORMAT   text (default), json, or github (workflow annotations,
                        and a table of every problem in the job's summary)
      --strict          fail on warnings too (not on history, which is about
                        the checkout, as in a shallow clone)
      --drafts          check drafts as published pages

Examples:
  lore check
  lore check --format github --strict
  lore check -s docs --format json > problems.json
`

func checkCommand() *command {
	c := &command{name: "check", summary: "find broken links and bad front matter (for CI)", usage: checkUsage}
	c.run = func(ctx context.Context, e *env, args []string) int {
		var sf siteFlags
		var format string
		var strict bool
		fs := flag.NewFlagSet("check", flag.ContinueOnError)
		sf.register(fs)
		fs.StringVar(&format, "format", "text", "")
		fs.BoolVar(&strict, "strict", false, "")
		if ok, code := parseFlags(fs, c, e, args); !ok {
			return code
		}
		write, ok := checkFormats[format]
		if !ok {
			fmt.Fprintf(e.stderr, "lore check: unknown format %q (use text, json or github)\n", format)
			return exitUsage
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(e.stderr, "lore check: unexpected argument %q\n%s", fs.Arg(0), c.usage)
			return exitUsage
		}
		cfg, err := loadConfig(sf.source, "")
		var ce *config.Error
		if err != nil && !errors.As(err, &ce) {
			// No file to annotate: not a finding, the check could not run.
			printLoadError(e.stderr, "check", sf.source, err)
			return exitFail
		}
		if err != nil {
			ds := configDiagnostics(err, sf.source)
			if format == "github" {
				ds = repoRelative(ctx, ds, sf.source, sf.source) // lore.yaml is named from the site folder
			}
			write(e.stdout, ds)
			return exitFail
		}
		site, err := builder.Build(ctx, builder.Options{Config: cfg, Drafts: sf.drafts, Check: true})
		if err != nil && !errors.Is(err, builder.ErrBuildFailed) {
			fmt.Fprintf(e.stderr, "lore check: %v\n", err)
			return exitFail
		}
		ds := site.Diagnostics
		if format == "github" {
			ds = repoRelative(ctx, ds, cfg.Dir, cfg.ContentPath())
			if p := e.getenv("GITHUB_STEP_SUMMARY"); p != "" {
				if err := writeStepSummary(p, ds); err != nil {
					fmt.Fprintf(e.stderr, "lore check: job summary: %v\n", err)
				}
			}
		}
		write(e.stdout, ds)
		if ds.Errors() > 0 {
			return exitFail
		}
		if strict && slices.ContainsFunc(ds, failsStrict) {
			// Else a log of warnings alone, ending "0 errors", failed
			// the step with no word of why.
			fmt.Fprintln(e.stderr, "lore check: failed: --strict fails on warnings")
			return exitFail
		}
		return exitOK
	}
	return c
}

// failsStrict: every warning fails --strict but one about the checkout
// rather than the notes (CI's default shallow clone has no history).
func failsStrict(d *diag.Diagnostic) bool {
	return d.Code != diag.CodeHistory
}

var checkFormats = map[string]func(io.Writer, diag.List){
	"text":   writeCheckText,
	"json":   writeCheckJSON,
	"github": writeCheckGitHub,
}

func writeCheckText(w io.Writer, ds diag.List) {
	for _, d := range ds {
		fmt.Fprintln(w, d.Error())
	}
	if len(ds) == 0 {
		fmt.Fprintln(w, "No problems found.")
		return
	}
	fmt.Fprintf(w, "%s, %s\n", builder.CountNoun(ds.Errors(), "error"), builder.CountNoun(ds.Warnings(), "warning"))
}

func writeCheckJSON(w io.Writer, ds diag.List) {
	if ds == nil {
		ds = diag.List{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(ds)
}

// writeCheckGitHub prints workflow commands, which GitHub Actions shows as
// annotations on the pull request's changed lines.
func writeCheckGitHub(w io.Writer, ds diag.List) {
	for _, d := range ds {
		kind := "error"
		if d.Severity == diag.Warning {
			kind = "warning"
		}
		fmt.Fprintf(w, "::%s ", kind)
		if d.File != "" {
			fmt.Fprintf(w, "file=%s,", escapeProperty(d.File))
			if d.Line > 0 {
				fmt.Fprintf(w, "line=%d,", d.Line)
			}
			if d.Col > 0 {
				fmt.Fprintf(w, "col=%d,", d.Col)
			}
		}
		fmt.Fprintf(w, "title=%s::%s\n", escapeProperty("lore "+d.Code), escapeData(d.Message))
	}
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "%s, %s\n", builder.CountNoun(ds.Errors(), "error"), builder.CountNoun(ds.Warnings(), "warning"))
	if ds.Errors() > githubShown || ds.Warnings() > githubShown {
		fmt.Fprintf(w, "GitHub shows %d errors and %d warnings of a step on the pull request; all are listed above, and in the job's summary.\n", githubShown, githubShown)
	}
}

// githubShown is how many annotations of each kind GitHub Actions shows
// for one step.
const githubShown = 10

// writeStepSummary adds every problem, as a table, to the summary page of
// the GitHub Actions job (the file GITHUB_STEP_SUMMARY names), which has
// no limit: the annotations show only the first ten of each kind.
func writeStepSummary(path string, ds diag.List) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### lore check: %s, %s\n\n", builder.CountNoun(ds.Errors(), "error"), builder.CountNoun(ds.Warnings(), "warning"))
	if len(ds) > 0 {
		b.WriteString("| | file | problem |\n| --- | --- | --- |\n")
		for _, d := range ds {
			where := d.File
			if d.Line > 0 {
				where += fmt.Sprintf(":%d", d.Line)
			}
			fmt.Fprintf(&b, "| %s | <code>%s</code> | %s |\n", d.Severity, markdownCell(where), markdownCell(d.Message))
		}
	}
	b.WriteString("\n")
	_, err = f.WriteString(b.String())
	if err2 := f.Close(); err == nil {
		err = err2
	}
	return err
}

// markdownCell is text shown as it is in one cell of a Markdown table:
// a message quotes the notes, and a pull request's author must not
// format the summary, link from it or end its cell. HTML's characters and
// Markdown's punctuation are written as character references, which
// GitHub shows as the characters and reads as neither.
var markdownCell = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "|", "&#124;", "\\", "&#92;", "`", "&#96;",
	"*", "&#42;", "_", "&#95;", "[", "&#91;", "]", "&#93;", "~", "&#126;", "!", "&#33;",
	"\r", " ", "\n", " ",
).Replace

// GitHub's workflow command syntax needs these escapes.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
