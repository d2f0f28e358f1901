//go:build unix

package history

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLoadCancelKillsGit cancels while git log is streaming and checks Load
// returns promptly: it must kill git, not wait for it. A fake git prints one
// commit, signals through a FIFO that it is running, then hangs.
func TestLoadCancelKillsGit(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.md", "x")
	r.commit(ana, day0(0), "add")
	realGit, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	fifo := filepath.Join(bin, "started")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	script := fmt.Sprintf(`#!/bin/sh
case "$*" in *rev-parse*|*rev-list*) exec '%s' "$@" ;; esac
printf '\001%%s\000%%s\000%%s\000\nM\000a.md\000' 2024-03-01T10:00:00Z Ana ana@example.com
echo started > '%s'
exec sleep 600
`, realGit, fifo)
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := Load(ctx, r.dir, Options{})
		done <- err
	}()
	f, err := os.Open(fifo) // blocks until the fake git is streaming
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(f).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load did not return after cancellation")
	}
}
