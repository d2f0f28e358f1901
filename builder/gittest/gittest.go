// Package gittest sets up real git repositories for tests and benchmarks
// of code that reads history: it keeps the machine's git configuration
// out, and builds large histories with git fast-import, which takes
// seconds where tens of thousands of `git commit` processes take minutes.
package gittest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Isolate keeps the user's and the system's git configuration out of the
// test (and out of any git the code under test runs, which inherits the
// environment), and skips the test when git is not installed.
func Isolate(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_GLOBAL"} {
		if v, ok := os.LookupEnv(k); ok {
			t.Setenv(k, v) // restored after the test
			os.Unsetenv(k)
		}
	}
}

// FastImport makes dir a repository on branch main whose history is the
// fast-import stream that write produces (see git-fast-import(1)), and
// checks the branch out.
func FastImport(dir string, write func(*bufio.Writer) error) error {
	if out, err := exec.Command("git", "-C", dir, "-c", "init.defaultBranch=main", "init", "-q").CombinedOutput(); err != nil {
		return fmt.Errorf("git init: %v: %s", err, out)
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start git fast-import: %w", err)
	}
	w := bufio.NewWriterSize(stdin, 1<<20)
	werr := write(w)
	if werr == nil {
		werr = w.Flush()
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %v: %s", err, out.String())
	}
	if werr != nil {
		return werr
	}
	if out, err := exec.Command("git", "-C", dir, "reset", "-q", "--hard", "main").CombinedOutput(); err != nil {
		return fmt.Errorf("git reset: %v: %s", err, out)
	}
	return nil
}
