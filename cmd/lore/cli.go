package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"
)

// Exit codes follow the usual conventions: 1 for a failed build or check,
// 2 for a command line Lore could not understand.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// env is what a command may touch besides its arguments: no command reads
// os.Stdout or the real clock directly, so tests can run the whole CLI
// in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, e *env, args []string) int
	// flagHint, when set, may explain an unknown flag, given the argument
	// as typed; its answer is added to the error line.
	flagHint func(arg string) string
}

func commands() []*command {
	return []*command{
		buildCommand(),
		checkCommand(),
		serveCommand(),
		searchCommand(),
		newCommand(time.Now),
		initCommand(time.Now),
		versionCommand(),
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		printHelp(stdout)
		return exitOK
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			if c := findCommand(args[1]); c != nil {
				fmt.Fprint(stdout, c.usage)
				return exitOK
			}
			return unknownCommand(stderr, args[1])
		}
		printHelp(stdout)
		return exitOK
	case "-v", "--version":
		name = "version"
	}
	c := findCommand(name)
	if c == nil {
		return unknownCommand(stderr, name)
	}
	return c.run(ctx, e, args[1:])
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// unknownCommand is the answer to a command line that names no command:
// one line saying so and the command list, on stderr, as for a bad flag.
func unknownCommand(stderr io.Writer, name string) int {
	fmt.Fprintf(stderr, "lore: unknown command %q\n", name)
	printUsage(stderr)
	return exitUsage
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, "Lore turns a folder of Markdown notes into a team wiki.\n\n")
	printUsage(w)
}

// printUsage lists the commands; `lore help` puts a sentence on top.
func printUsage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  lore <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'lore <command> --help' for a command's flags and examples.
`)
}

// parseFlags parses a command's flags. Errors print one line and the usage
// to stderr; --help prints the usage to stdout.
func parseFlags(fs *flag.FlagSet, c *command, e *env, args []string) (ok bool, code int) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, c.usage)
			return false, exitOK
		}
		msg := asTyped(err.Error(), args)
		if arg := undefinedFlag(err, args); arg != "" && c.flagHint != nil {
			msg += c.flagHint(arg)
		}
		fmt.Fprintf(e.stderr, "lore %s: %s\n%s", c.name, msg, c.usage)
		return false, exitUsage
	}
	return true, 0
}

// undefinedFlag is the argument, as typed, that the flag package refused
// as an unknown flag ("--tyep", "-kafka", "-x=1"); "" for other errors.
func undefinedFlag(err error, args []string) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		typed, _, _ := strings.Cut(a, "=")
		if typed == "-"+name || typed == "--"+name {
			return a
		}
	}
	return ""
}

// asTyped puts back the dashes the user typed in the flag package's
// messages, which always write one: "-bogus" for --bogus.
func asTyped(msg string, args []string) string {
	for _, a := range args {
		if a == "--" {
			break
		}
		name, _, _ := strings.Cut(a, "=")
		if strings.HasPrefix(name, "--") && strings.HasSuffix(msg, " "+name[1:]) {
			return strings.TrimSuffix(msg, name[1:]) + name
		}
	}
	return msg
}

func versionCommand() *command {
	c := &command{name: "version", summary: "print Lore's version",
		usage: "Usage: lore version\n\nPrints the version of this lore binary.\n"}
	c.run = func(ctx context.Context, e *env, args []string) int {
		fs := flag.NewFlagSet("version", flag.ContinueOnError)
		if ok, code := parseFlags(fs, c, e, args); !ok {
			return code
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(e.stderr, "lore version: unexpected argument %q\n%s", fs.Arg(0), c.usage)
			return exitUsage
		}
		fmt.Fprintf(e.stdout, "lore %s\n", version())
		return exitOK
	}
	return c
}

// version is the module version when installed with go install, else the
// VCS revision the binary was built from, else "dev".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "dev-" + s.Value[:12]
		}
	}
	return "dev"
}

// siteFlags are the flags every site command shares.
type siteFlags struct {
	source string
	drafts bool
}

func (s *siteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.source, "s", ".", "")
	fs.StringVar(&s.source, "source", ".", "")
	fs.BoolVar(&s.drafts, "drafts", false, "")
}
