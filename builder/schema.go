package builder

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/page"
)

// checkSchema checks p's front matter against the schema lore.yaml gives
// its type:
//
//	types:
//	  retro:
//	    schema:
//	      date: {required: true, kind: date}
//	      team: {required: true, kind: string, oneOf: [payments, platform, mobile]}
//	      participants: {kind: list}
//
// The rules:
//
//	required  the key must be present and not empty (date: may come from a
//	          YYYY-MM-DD file name prefix instead)
//	kind      string, date (YYYY-MM-DD or a YAML/TOML date), list (of
//	          strings), bool, number
//	oneOf     a string must be one of these values, in any case; every item
//	          of a list too
//
// Problems are reported at the key's line (at the front matter's first
// line for a missing key), with code "schema".
func (b *build) checkSchema(p *page.Page) {
	t, ok := b.cfg.Types[p.Type]
	if !ok || len(t.Schema) == 0 {
		return
	}
	keys := make([]string, 0, len(t.Schema))
	for k := range t.Schema {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		if msg := checkField(p, key, t.Schema[key]); msg != "" {
			line := p.KeyLines[key]
			if line == 0 {
				line = 1
			}
			d := b.contentProblem(p.Path, line, 0, diag.CodeSchema, "%s (schema for type %q in %s:%d)",
				msg, p.Type, config.FileName, t.Schema[key].Line)
			b.site.report(d, p.Path, diag.CodeSchema)
		}
	}
}

// MissingRequired lists, sorted, the keys that the schema of p's type
// requires and p leaves out or empty, which lore check reports as
// "missing required key": `lore new` names them as soon as it writes a page.
func MissingRequired(cfg *config.Config, p *page.Page) []string {
	var missing []string
	for key, f := range cfg.Types[p.Type].Schema {
		if f.Required && unset(p, key) {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	return missing
}

// unset says that p leaves key out or empty and nothing else gives it:
// a YYYY-MM-DD file name prefix gives date:, as it gives the page its date.
func unset(p *page.Page, key string) bool {
	if v, present := p.Params[key]; present && !isEmpty(v) {
		return false
	}
	_, named := p.NameDate()
	return key != "date" || !named
}

// checkField returns what is wrong with one key, "" when nothing is.
func checkField(p *page.Page, key string, f config.Field) string {
	v, present := p.Params[key]
	if !present || isEmpty(v) {
		if f.Required && unset(p, key) {
			return fmt.Sprintf("missing required key %q", key)
		}
		return ""
	}
	switch f.Kind {
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Sprintf("%s must be text, not %s", key, describeValue(v))
		}
	case "date":
		if !isDate(v) {
			return fmt.Sprintf("%s must be a date (YYYY-MM-DD), not %s", key, describeValue(v))
		}
	case "list":
		items, ok := v.([]any)
		if !ok {
			return fmt.Sprintf("%s must be a list, not %s (write [a, b] or one \"- item\" per line)", key, describeValue(v))
		}
		for _, it := range items {
			if _, ok := it.(string); !ok {
				return fmt.Sprintf("%s must be a list of text; %s is %s", key, fmt.Sprint(it), describeValue(it))
			}
		}
	case "bool":
		if _, ok := v.(bool); !ok {
			return fmt.Sprintf("%s must be true or false, not %s", key, describeValue(v))
		}
	case "number":
		switch v.(type) {
		case int, int64, uint64, float64:
		default:
			return fmt.Sprintf("%s must be a number, not %s", key, describeValue(v))
		}
	}
	if len(f.OneOf) > 0 {
		var values []string
		switch v := v.(type) {
		case string:
			values = []string{v}
		case []any:
			for _, it := range v {
				values = append(values, fmt.Sprint(it))
			}
		default:
			values = []string{fmt.Sprint(v)}
		}
		for _, s := range values {
			// Not case-sensitive, as team, tag and people names are
			// nowhere else: team: Payments is the payments team.
			if !slices.ContainsFunc(f.OneOf, func(o string) bool { return strings.EqualFold(o, s) }) {
				return fmt.Sprintf("%s: %q is not one of %s", key, s, strings.Join(f.OneOf, ", "))
			}
		}
	}
	return ""
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		return len(v) == 0
	}
	return false
}

var schemaDateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05 -0700"}

// isDate accepts what page.Parse accepts for date: a YAML or TOML date, or
// text in one of the usual layouts.
func isDate(v any) bool {
	switch v := v.(type) {
	case time.Time:
		return true
	case string:
		for _, l := range schemaDateLayouts {
			if _, err := time.Parse(l, strings.TrimSpace(v)); err == nil {
				return true
			}
		}
		return false
	}
	// TOML local dates and date-times.
	_, ok := v.(fmt.Stringer)
	return ok && isDate(fmt.Sprint(v))
}

func describeValue(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a map"
	case bool:
		return fmt.Sprintf("%v", v)
	case int, int64, uint64, float64:
		return fmt.Sprintf("the number %v", v)
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%v", v)
}
