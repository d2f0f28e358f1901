package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the lore command in-process: scripts under
// testdata/script call `lore ...` exactly as a user types it.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"lore": main,
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			// No git identity or history leaks in from the machine running the tests.
			e.Setenv("HOME", e.WorkDir)
			e.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// perm 755 public: the folder's permission bits, in octal.
			"perm": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: perm MODE PATH")
				}
				st, err := os.Stat(ts.MkAbs(args[1]))
				ts.Check(err)
				got := fmt.Sprintf("%o", st.Mode().Perm())
				if (got == args[0]) == neg {
					ts.Fatalf("%s has mode %s, want %s%s", args[1], got, map[bool]string{true: "not ", false: ""}[neg], args[0])
				}
			},
			// sleep DURATION, as in time.ParseDuration.
			"sleep": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: sleep DURATION")
				}
				d, err := time.ParseDuration(args[0])
				ts.Check(err)
				time.Sleep(d)
			},
			// repeat FILE N TEXT: writes TEXT N times into FILE, for
			// inputs too big to keep in a script.
			"repeat": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 3 {
					ts.Fatalf("usage: repeat FILE N TEXT")
				}
				n, err := strconv.Atoi(args[1])
				ts.Check(err)
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Repeat(args[2], n)), 0o644))
			},
		},
	})
}
