package main

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite content/docs/cli.md from the commands' usage texts")

const cliDoc = "../../content/docs/cli.md"

// cliReference is the user guide's command line page, made from the same
// usage texts `lore <cmd> --help` prints, so the two never disagree.
func cliReference() string {
	var b strings.Builder
	b.WriteString(`---
title: Command line
weight: 8
---
<!-- Generated from the commands' --help texts by
     go test ./cmd/lore -run CLIReference -update-docs; do not edit by hand. -->
Every command takes ` + "`--help`" + `. Unknown commands and flags print a one-line
error and the usage, and exit with status 2; a failed build or check exits
with status 1. Ctrl-C or SIGTERM stops a command at its next step (a build
leaves the last good site as it was); a second one, or 10 seconds after the
first, ends it at once (status 130 after Ctrl-C, 143 after SIGTERM), and
the next build finishes or
undoes what a build killed half-way left.

| command | what it does |
| --- | --- |
`)
	for _, c := range commands() {
		b.WriteString("| [`lore " + c.name + "`](#lore-" + c.name + ") | " + c.summary + " |\n")
	}
	for _, c := range commands() {
		b.WriteString("\n## lore " + c.name + "\n\n```text\n" + strings.TrimRight(c.usage, "\n") + "\n```\n")
	}
	return b.String()
}

func TestCLIReferenceIsCurrent(t *testing.T) {
	want := cliReference()
	if *updateDocs {
		if err := os.WriteFile(cliDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(cliDoc)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date with the commands' usage texts; run go test ./cmd/lore -run CLIReference -update-docs", cliDoc)
	}
}

// The workflow check.md shows is the one lore init writes, so a team that
// follows either gets the same.
func TestCheckDocShowsInitWorkflow(t *testing.T) {
	files, err := renderScaffold(scaffoldData{}, "")
	if err != nil {
		t.Fatal(err)
	}
	want := string(files[".github/workflows/lore.yml"])
	doc, err := os.ReadFile("../../content/docs/check.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(doc), "## GitHub Actions")
	_, block, _ := strings.Cut(section, "```yaml\n")
	got, _, _ := strings.Cut(block, "```")
	if got != want {
		t.Errorf("check.md's workflow differs from cmd/lore/scaffold/github/workflows/lore.yml:\n%s\nwant\n%s", got, want)
	}
}
