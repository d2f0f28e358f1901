package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildBadBaseURLIsUsageError checks that a --base-url lore cannot use
// is a command-line mistake (exit 2), named in one line, with nothing built.
func TestBuildBadBaseURLIsUsageError(t *testing.T) {
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "a.md"), []byte("# A\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "out")
	for _, base := range []string{"://bad", "https://ex.com/sub?x=1", "https://ex.com/#top"} {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"build", "-s", site, "-d", dest, "--base-url", base}, nil, &out, &errb)
		if code != exitUsage || !strings.HasPrefix(errb.String(), "lore build: --base-url ") || strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("--base-url %s: exit %d, stderr %q", base, code, errb.String())
		}
		if _, err := os.Stat(dest); err == nil {
			t.Errorf("--base-url %s: the site was built", base)
		}
	}
}

// TestMissingSiteFolder checks that every command that reads a site says
// in one line which folder is missing, and fails with status 1; lore check
// used to print it as a problem of a file with no name.
func TestMissingSiteFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexist")
	for _, args := range [][]string{
		{"build", "-s", missing, "-d", filepath.Join(t.TempDir(), "out")},
		{"check", "-s", missing},
		{"check", "-s", missing, "--format", "json"},
		{"search", "-s", missing, "x"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, nil, &out, &errb)
		want := "lore " + args[0] + ": site folder " + missing + " does not exist\n"
		if code != exitFail || errb.String() != want || out.Len() != 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, code, out.String(), errb.String(), want)
		}
	}
}
