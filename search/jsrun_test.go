package search_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// searchJS is the browser client under test.
const searchJS = "../themes/default/static/js/search.js"

// runNode evaluates search.js in node with a minimal DOM stand-in, feeds it
// input as JSON on stdin and decodes what script prints. Only the analyzer
// test uses node; everything involving fetch runs in Chromium.
func runNode(t *testing.T, script string, input, output any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found; skipping analyzer parity test")
	}
	js, err := os.ReadFile(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	prelude := `globalThis.window = globalThis;
globalThis.location = {hostname: "", search: ""};
globalThis.document = {documentElement: {dataset: {}}, readyState: "complete", getElementById() { return null; },
  addEventListener() {}, querySelectorAll() { return []; }};
`
	f := filepath.Join(t.TempDir(), "run.js")
	if err := os.WriteFile(f, []byte(prelude+string(js)+"\n"+script), 0o644); err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(input)
	cmd := exec.Command(node, f)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(out, output); err != nil {
		t.Fatalf("node output: %v", err)
	}
}
