package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
)

// printLoadError says why a site could not be loaded. lore.yaml's problems
// are printed as every command prints a diagnostic, one a line:
// lore.yaml:4: error: unknown key "titel" [config]. Anything else (a
// missing site folder) follows the command's name, since it names no file.
func printLoadError(w io.Writer, cmd, source string, err error) {
	var ce *config.Error
	if errors.As(err, &ce) {
		for _, d := range configDiagnostics(err, source) {
			fmt.Fprintln(w, d.Error())
		}
		return
	}
	fmt.Fprintf(w, "lore %s: %v\n", cmd, err)
}

// configDiagnostics turns lore.yaml errors into diagnostics, so that they
// read like any other problem and CI shows them like one. Files are named
// from the site folder, as a page's diagnostic names it from the content
// folder, whatever -s and the working directory are.
func configDiagnostics(err error, source string) diag.List {
	var out diag.List
	errs := []error{err}
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		errs = u.Unwrap()
	}
	for _, e := range errs {
		d := &diag.Diagnostic{Severity: diag.Error, Code: diag.CodeConfig, Message: e.Error()}
		var ce *config.Error
		if errors.As(e, &ce) {
			d.File, d.Line, d.Message = siteRelative(source, ce.File), ce.Line, ce.Msg
		}
		out = append(out, d)
	}
	return out
}

// siteRelative names file, an absolute path config.Load made under the
// site folder's real path, from the site folder; a file outside it keeps
// its full path.
func siteRelative(source, file string) string {
	rel, err := filepath.Rel(realPath(source), file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return filepath.ToSlash(rel)
}
