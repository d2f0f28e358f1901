package history

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// node is the identity of one file across renames. Commits record the nodes
// they touched; names are resolved only once the whole log is read, because
// a later (older) rename can still merge two nodes (see link).
type node struct {
	name string // current path relative to the content folder
	up   *node  // set when merged into another node, union-find style
	dead bool   // the file does not exist any more
}

func (n *node) find() *node {
	for n.up != nil {
		if n.up.up != nil {
			n.up = n.up.up // path halving keeps long rename chains cheap
		}
		n = n.up
	}
	return n
}

type foldedCommit struct {
	date   time.Time
	author int // index into folder.people
	nodes  []*node
}

// folder turns commits, newest first, into per-file histories. It walks the
// history backwards keeping alias: for every path seen so far, which file
// that path means in the commits still to come (older ones).
//
//   - A path first seen modified or added is a current file.
//   - A path first seen deleted is gone: its older commits belong to no one.
//   - Once a file's creation (A) is passed, its path is dead for older
//     commits, so a deleted-then-recreated path keeps only the history since
//     it was recreated.
//   - A rename old -> new makes old mean new's file for older commits, and
//     new dead (it did not exist under that name before).
//   - Copies (C) count as creations of the destination; the source keeps its
//     own history and the copy does not inherit it. We ask git for -M only, so
//     C appears only if something overrides that; being conservative means a
//     copy never claims commits that were made to another page.
type folder struct {
	prefix  string
	alias   map[string]*node
	dead    *node
	people  []Person
	byKey   map[string]int
	commits []foldedCommit

	touched []*node
	kill    []string
	killSet map[string]bool
	links   []link
}

type link struct {
	old string
	n   *node
}

func newFolder(prefix string) *folder {
	return &folder{
		prefix:  prefix,
		alias:   make(map[string]*node),
		dead:    &node{dead: true},
		byKey:   make(map[string]int),
		killSet: make(map[string]bool),
	}
}

// rel strips the content folder's prefix. A miss is a path outside the
// folder: git reads the whole repository unless the folder is a small part
// of it (see readLog), so the filter is here, not only in a pathspec.
func (f *folder) rel(p string) (string, bool) {
	if !strings.HasPrefix(p, f.prefix) || len(p) == len(f.prefix) {
		return "", false
	}
	return p[len(f.prefix):], true
}

func (f *folder) lookup(p string) *node {
	if n, ok := f.alias[p]; ok {
		return n
	}
	n := &node{name: p}
	f.alias[p] = n
	return n
}

// person interns authors: the same email (case-insensitively) is the same
// person, keeping the name from their newest commit. .mailmap has already
// been applied by git (%aN, %aE).
func (f *folder) person(name, email string) int {
	key := strings.ToLower(email)
	if key == "" {
		key = "\x00" + name
	}
	if i, ok := f.byKey[key]; ok {
		return i
	}
	f.people = append(f.people, Person{Name: name, Email: email})
	f.byKey[key] = len(f.people) - 1
	return len(f.people) - 1
}

// add folds one commit and reports whether it touched the content folder;
// one that did not is dropped, so work on other parts of a monorepo never
// counts as a contribution. Commits must arrive children before parents
// (git log --topo-order), newest first.
func (f *folder) add(c *rawCommit) bool {
	f.touched, f.kill, f.links = f.touched[:0], f.kill[:0], f.links[:0]
	inside := false
	// Look everything up against the state after this commit before changing
	// any alias, so a swap (a -> b and b -> a in one commit) resolves right.
	for _, ch := range c.changes {
		p, ok := f.rel(ch.to)
		if !ok {
			if ch.status == 'R' {
				// Moved out of the folder: for the folder, a deletion, as a
				// pathspec would have shown it.
				if old, ok := f.rel(ch.from); ok {
					inside = true
					f.gone(old)
				}
			}
			continue
		}
		inside = true
		switch ch.status {
		case 'M', 'T':
			f.touched = append(f.touched, f.lookup(p))
		case 'A', 'C':
			f.touched = append(f.touched, f.lookup(p))
			f.kill = append(f.kill, p)
		case 'R':
			n := f.lookup(p)
			f.touched = append(f.touched, n)
			f.kill = append(f.kill, p)
			if old, ok := f.rel(ch.from); ok {
				f.links = append(f.links, link{old, n})
			}
		case 'D':
			f.gone(p)
		}
	}
	if !inside {
		return false
	}
	if len(f.links) > 0 {
		// A set, not a scan: moving a folder renames thousands of files at once.
		clear(f.killSet)
		for _, p := range f.kill {
			f.killSet[p] = true
		}
		for _, l := range f.links {
			f.mergeParallel(l)
		}
	}
	for _, p := range f.kill {
		f.alias[p] = f.dead
	}
	for _, l := range f.links {
		f.alias[l.old] = l.n
	}
	f.commits = append(f.commits, foldedCommit{
		date:   c.date,
		author: f.person(c.name, c.email),
		nodes:  slices.Clone(f.touched),
	})
	return true
}

// replay folds a commit of an earlier fold (see readSince). Unlike add it
// keeps one that touched no file still existing: the earlier fold counted
// it, for its author's calendar, and so does a fold of the whole log.
func (f *folder) replay(c *rawCommit) {
	if !f.add(c) {
		f.commits = append(f.commits, foldedCommit{date: c.date, author: f.person(c.name, c.email)})
	}
}

// gone records that p was deleted in the commit being folded.
func (f *folder) gone(p string) {
	if _, seen := f.alias[p]; !seen {
		f.alias[p] = f.dead
	}
	// A path already seen live was deleted on one branch and kept on
	// another; the file survives, so its older history stays.
}

// mergeParallel handles the one case a single backwards walk gets wrong on a
// non-linear history. In a straight line, a path renamed away is either
// unseen since or was recreated (and so is dead). If it is still live here, a
// parallel branch edited the old name while this one renamed it; after the
// merge both lines are the same file, so the edits made under the old name
// move to the renamed file (or die with it).
func (f *folder) mergeParallel(l link) {
	prev, ok := f.alias[l.old]
	if !ok || f.killSet[l.old] {
		return
	}
	r, to := prev.find(), l.n.find()
	if r.dead || r == to {
		return
	}
	r.up = to
}

// finish resolves every commit's files to their current names and builds
// the per-file histories.
func (f *folder) finish(h *History) {
	type acc struct {
		fh     FileHistory
		counts []personCount
		stamp  int // last commit index counted, to count a file once per commit
	}
	files := make(map[*node]*acc)
	h.commits = make([]Commit, len(f.commits))
	for i, fc := range f.commits {
		c := Commit{Author: f.people[fc.author], Date: fc.date}
		for _, n := range fc.nodes {
			r := n.find()
			if r.dead {
				continue
			}
			a := files[r]
			if a == nil {
				a = &acc{stamp: -1}
				a.fh.Created, a.fh.Updated = fc.date, fc.date
				files[r] = a
			}
			if a.stamp == i {
				continue
			}
			a.stamp = i
			c.Files = append(c.Files, r.name)
			a.fh.Commits++
			if fc.date.Before(a.fh.Created) {
				a.fh.Created = fc.date
			}
			if fc.date.After(a.fh.Updated) {
				a.fh.Updated = fc.date
			}
			a.fh.Days = append(a.fh.Days, day(fc.date))
			a.counts = addCount(a.counts, fc.author)
		}
		h.commits[i] = c
	}
	h.files = make(map[string]FileHistory, len(files))
	for n, a := range files {
		slices.Reverse(a.fh.Days) // commits came newest first
		a.fh.Contributors = f.rank(a.counts)
		h.files[n.name] = a.fh
	}
}

type personCount struct{ person, n int }

// addCount uses a slice, not a map: most pages have a handful of authors.
func addCount(cs []personCount, p int) []personCount {
	for i := range cs {
		if cs[i].person == p {
			cs[i].n++
			return cs
		}
	}
	return append(cs, personCount{p, 1})
}

// rank orders contributors by commits, then name, then email so the order
// is stable between builds.
func (f *folder) rank(cs []personCount) []Person {
	slices.SortFunc(cs, func(a, b personCount) int {
		pa, pb := f.people[a.person], f.people[b.person]
		return cmp.Or(
			cmp.Compare(b.n, a.n),
			cmp.Compare(pa.Name, pb.Name),
			cmp.Compare(pa.Email, pb.Email),
		)
	})
	out := make([]Person, len(cs))
	for i, c := range cs {
		out[i] = f.people[c.person]
	}
	return out
}

func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
