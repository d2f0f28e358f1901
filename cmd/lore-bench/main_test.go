package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// When LORE_BENCH_FAKE is set the test binary stands in for lore: it
// checks its arguments and writes one file per page into -d.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "generate" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	if os.Getenv("LORE_BENCH_FAKE") == "1" {
		os.Exit(fakeLore(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func fakeLore(args []string) int {
	tool := "lore"
	if len(args) > 0 && args[0] == "--quiet" { // called as hugo
		tool, args = "hugo", append([]string{"build"}, args[1:]...)
	}
	if log := os.Getenv("LORE_BENCH_ORDER"); log != "" {
		f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return 1
		}
		f.WriteString(tool + "\n")
		f.Close()
	}
	if len(args) < 5 || args[0] != "build" || args[1] != "-s" || args[3] != "-d" {
		os.Stderr.WriteString("fake lore: bad args " + strings.Join(args, " ") + "\n")
		return 2
	}
	if len(args) > 5 && args[5] == "--fail" {
		os.Stderr.WriteString("fake lore: asked to fail\n")
		return 1
	}
	src, out := args[2], args[4]
	// Like lore, leave a cache behind; with -cold the bench must remove it.
	cache := filepath.Join(src, ".lore", "cache")
	if _, err := os.Stat(cache); err == nil && os.Getenv("LORE_BENCH_WANT_COLD") == "1" {
		os.Stderr.WriteString("fake lore: the cache of the last run is still there\n")
		return 1
	}
	os.MkdirAll(filepath.Dir(cache), 0o755)
	os.WriteFile(cache, nil, 0o644)
	return func() int {
		err := filepath.WalkDir(filepath.Join(src, "content"), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join(src, "content"), p)
			dst := filepath.Join(out, rel+".html")
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			return os.WriteFile(dst, []byte("<p>page</p>"), 0o644)
		})
		if err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			return 1
		}
		return 0
	}()
}

func bench(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("LORE_BENCH_FAKE", "1")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args = append([]string{"-lore", exe, "-hugo", "none", "-dir", t.TempDir()}, args...)
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestBench(t *testing.T) {
	code, out, errOut := bench(t, "-sizes", "30,60", "-runs", "3")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var lines []result
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "{") {
			var r result
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, r)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("got %d JSON lines, want 2:\n%s", len(lines), out)
	}
	r := lines[1]
	if r.Pages != 60 || r.Lore.Runs != 3 || len(r.Lore.WallS) != 3 || r.Lore.WallMedianS <= 0 || r.Lore.RSSMedianKB <= 0 {
		t.Errorf("bad measure: %+v", r.Lore)
	}
	// One output file per page and per image.
	if want := r.Pages + r.Images; r.Lore.OutFiles != want {
		t.Errorf("out files = %d, want %d", r.Lore.OutFiles, want)
	}
	if r.Hugo != nil {
		t.Errorf("hugo ran with -hugo none")
	}
	if !strings.Contains(out, "pages/s") {
		t.Errorf("no table in output:\n%s", out)
	}
}

// Runs alternate between the tools, warm-ups included, so a machine that
// slows down part-way through does not favour the tool that ran first.
func TestBenchAlternatesTools(t *testing.T) {
	order := filepath.Join(t.TempDir(), "order")
	t.Setenv("LORE_BENCH_ORDER", order)
	t.Setenv("LORE_BENCH_FAKE", "1")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"-lore", exe, "-hugo", exe, "-dir", t.TempDir(), "-sizes", "10", "-runs", "2"}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	got, err := os.ReadFile(order)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("lore\nhugo\n", 3); string(got) != want {
		t.Errorf("runs in order\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(stdout.String(), `"lore_hugo_time_ratio"`) {
		t.Errorf("no ratio reported:\n%s", stdout.String())
	}
}

func TestBenchFailure(t *testing.T) {
	code, out, _ := bench(t, "-sizes", "10", "-runs", "1", "-extra-args", "--fail")
	if code == 0 {
		t.Fatalf("exit 0 although lore failed:\n%s", out)
	}
	if !strings.Contains(out, "asked to fail") || !strings.Contains(out, `"error"`) {
		t.Errorf("failure not reported:\n%s", out)
	}
}

func TestBenchCold(t *testing.T) {
	t.Setenv("LORE_BENCH_WANT_COLD", "1")
	if code, out, errOut := bench(t, "-sizes", "10", "-runs", "2", "-cold"); code != 0 || !strings.Contains(out, `"cold":true`) {
		t.Fatalf("exit %d with -cold\n%s\n%s", code, out, errOut)
	}
	if code, out, _ := bench(t, "-sizes", "10", "-runs", "2"); code == 0 {
		t.Fatalf("without -cold the fake should have found its cache:\n%s", out)
	}
}

func TestMedian(t *testing.T) {
	if m := median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("median = %v", m)
	}
	if m := median([]int64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("median = %v", m)
	}
}
