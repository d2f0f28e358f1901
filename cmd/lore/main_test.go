package main

import (
	"bytes"
	"os"
	"syscall"
	"testing"
	"time"
)

// One signal cancels the command and, if it is still running after the
// grace period, ends the process (stop.txtar sends two).
func TestStopOnSignalGrace(t *testing.T) {
	signals := make(chan os.Signal, 1)
	canceled := make(chan bool, 1)
	exited := make(chan int, 1)
	var stderr bytes.Buffer
	go stopOnSignal(signals, func() { canceled <- true }, &stderr, 20*time.Millisecond, func(code int) { exited <- code })
	signals <- os.Interrupt
	<-canceled
	if code := <-exited; code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if stderr.String() != "lore: stopped\n" {
		t.Errorf("stderr %q", stderr.String())
	}
}

func TestExitCodeOfSignal(t *testing.T) {
	if got := exitCode(syscall.SIGTERM); got != 143 {
		t.Errorf("SIGTERM: %d", got)
	}
	if got := exitCode(os.Interrupt); got != 130 {
		t.Errorf("Ctrl-C: %d", got)
	}
}
