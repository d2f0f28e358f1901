// Command lore builds, checks, searches and serves a team wiki made of
// Markdown notes. Run `lore help` for the commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go stopOnSignal(signals, cancel, os.Stderr, stopGrace, os.Exit)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(code)
}

// stopGrace is how long a command asked to stop may take to finish.
const stopGrace = 10 * time.Second

// stopOnSignal cancels the command on Ctrl-C or SIGTERM: a build stops
// at its next step and leaves the last good site as it was, and serve
// shuts down. Parsing one note does not look at the context, and a note
// written to be slow can take minutes, so a second signal, or grace after
// the first, ends the process; a build killed half-way is finished or
// undone by the next one.
func stopOnSignal(signals <-chan os.Signal, cancel func(), stderr io.Writer, grace time.Duration, exit func(int)) {
	first := <-signals
	cancel()
	select {
	case <-signals:
	case <-time.After(grace):
	}
	fmt.Fprintln(stderr, "lore: stopped")
	exit(exitCode(first))
}

// exitCode is the status of a process ended by sig, as shells report it:
// 128 and the signal's number (130 for Ctrl-C, 143 for SIGTERM).
func exitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}
