package builder

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
)

// asDiag turns a stage's fatal error into a diagnostic naming file and
// line when the message has them ("template layouts/page.html:12: ...",
// "template: themes/mine/layouts/page.html:2: ...").
func asDiag(err error, cfg *config.Config) *diag.Diagnostic {
	var d *diag.Diagnostic
	if errors.As(err, &d) {
		return d
	}
	if m := fileLine.FindStringSubmatchIndex(err.Error()); m != nil {
		msg := err.Error()
		file, n := msg[m[2]:m[3]], 0
		if m[4] >= 0 {
			n, _ = strconv.Atoi(msg[m[4]:m[5]])
		}
		// "template: layouts/page.html:2: missing value for if": the file
		// and line are the diagnostic's own.
		if rest := strings.TrimLeft(msg[m[1]:], ": "); rest != "" {
			msg = rest
		}
		return diag.Errorf(file, n, 0, diag.CodeTemplate, "%s", msg)
	}
	return diag.Errorf(config.FileName, 0, 0, diag.CodeConfig, "%v", err)
}

var configLine = regexp.MustCompile(regexp.QuoteMeta(config.FileName) + `:(\d+): (.*)$`)

var fileLine = regexp.MustCompile(`((?:layouts|themes)/[^\s:]+\.html)(?::(\d+))?`)

// setDiags replaces a stage's diagnostics for the given files (all of the
// stage's when all is set) with the new ones.
func (s *Session) setDiags(stage string, files []string, ds []*diag.Diagnostic, all bool) {
	if s.diags == nil {
		s.diags = map[string]map[string][]*diag.Diagnostic{}
	}
	m := s.diags[stage]
	if m == nil || all {
		m = map[string][]*diag.Diagnostic{}
		s.diags[stage] = m
	}
	for _, f := range files {
		delete(m, f)
	}
	for _, d := range ds {
		if !slices.ContainsFunc(m[d.File], func(e *diag.Diagnostic) bool { return *e == *d }) {
			m[d.File] = append(m[d.File], d)
		}
	}
}

func isError(d *diag.Diagnostic) bool { return d.Severity == diag.Error }

// dropDiags removes a stage's diagnostics for files under dir.
func (s *Session) dropDiags(stage, dir string) {
	for f := range s.diags[stage] {
		if f == dir || strings.HasPrefix(f, dir+"/") || dir == "." {
			delete(s.diags[stage], f)
		}
	}
}

func (s *Session) allDiags() diag.List {
	var all diag.List
	for _, m := range s.diags {
		for _, ds := range m {
			all = append(all, ds...)
		}
	}
	all.Sort()
	if s.b != nil {
		s.b.site.Diagnostics = all
	}
	return all
}
