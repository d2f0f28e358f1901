package main

import (
	"bytes"
	"context"
	"testing"
)

// A command line naming no command is a usage error (status 2), like an
// unknown flag, so scripts can tell it from a failed build (status 1).
func TestUnknownCommandStatus(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"help", "frobnicate"}} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, nil, &out, &errb); code != exitUsage {
			t.Errorf("lore %v: status %d, want %d", args, code, exitUsage)
		}
		if out.Len() > 0 {
			t.Errorf("lore %v wrote to stdout: %q", args, out.String())
		}
	}
}
