package records

import (
	"sort"
	"strings"

	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/slug"
)

// Directory maps the many names a person goes by (a handle in front
// matter, an alias, a git author name, an e-mail address) to one handle.
// It is built once from lore.yaml's people: and is safe for concurrent use.
type Directory struct {
	people  map[string]config.Person
	byEmail map[string]string
	byName  map[string]string
}

// NewDirectory indexes lore.yaml's people: map, whose keys are handles.
func NewDirectory(people map[string]config.Person) *Directory {
	d := &Directory{people: map[string]config.Person{}, byEmail: map[string]string{}, byName: map[string]string{}}
	handles := make([]string, 0, len(people))
	for h := range people {
		handles = append(handles, h)
	}
	sort.Strings(handles) // first handle wins when two claim a name
	for _, h := range handles {
		p := people[h]
		d.people[h] = p
		d.claimName(h, h)
		if p.Name != "" {
			d.claimName(p.Name, h)
		}
		for _, a := range p.Aliases {
			d.claimName(a, h)
		}
		for _, e := range p.Emails {
			if k := strings.ToLower(strings.TrimSpace(e)); k != "" {
				if _, ok := d.byEmail[k]; !ok {
					d.byEmail[k] = h
				}
			}
		}
	}
	return d
}

func (d *Directory) claimName(name, handle string) {
	k := nameKey(name)
	if k == "" {
		return
	}
	if _, ok := d.byName[k]; !ok {
		d.byName[k] = handle
	}
}

func nameKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(strings.TrimSpace(s), "@")), " "))
}

// Canon returns the handle for a name written in front matter (authors:,
// participants:, mentor:): a configured handle, alias or display name maps
// to its handle; anything else is taken as a handle itself.
func (d *Directory) Canon(name string) string {
	name = strings.TrimPrefix(strings.TrimSpace(name), "@")
	if name == "" {
		return ""
	}
	if h, ok := d.byName[nameKey(name)]; ok {
		return h
	}
	return name
}

// Identify returns the handle of a git author: by e-mail first, then by
// name or alias, then the e-mail's local part when it is a known handle,
// and otherwise a handle made from the author's name.
func (d *Directory) Identify(name, email string) string {
	if h, ok := d.byEmail[strings.ToLower(strings.TrimSpace(email))]; ok {
		return h
	}
	if h, ok := d.byName[nameKey(name)]; ok {
		return h
	}
	if local, _, ok := strings.Cut(email, "@"); ok {
		if h, ok := d.byName[nameKey(local)]; ok {
			return h
		}
	}
	if s := slug.Make(name); s != "" {
		return s
	}
	local, _, _ := strings.Cut(email, "@")
	return slug.Make(local)
}

// Known reports whether lore.yaml describes the handle.
func (d *Directory) Known(handle string) (config.Person, bool) {
	p, ok := d.people[handle]
	return p, ok
}
