package main

import (
	"runtime/debug"
	"testing"
)

// TestBatchGC checks that a build trades memory for speed only when the
// user has not chosen a GOGC.
func TestBatchGC(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	for _, tc := range []struct {
		gogc string
		want int
	}{{"", 200}, {"50", 100}, {"off", 100}} {
		debug.SetGCPercent(100)
		batchGC(&env{getenv: func(k string) string {
			if k == "GOGC" {
				return tc.gogc
			}
			return ""
		}})
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tc.gogc, got, tc.want)
		}
	}
}
