// Package watch tells `lore serve` which files of a site changed.
//
// It watches, with fsnotify, the content folder, the static folder, the
// site's layouts/ and themes/ folders and lore.yaml, recursively, and adds
// folders created later. Raw events are coalesced by path and handed out in
// batches, each classified into content, static, theme and config changes.
//
// Only paths travel, never operations: the consumer looks at what is on
// disk when it gets the batch, so an editor's atomic save (write a temp
// file, rename it over the note), a delete, a rename of a folder or a
// `git checkout` touching hundreds of files all come down to "look at
// these paths again", and the result cannot drift from what a clean build
// of the same files gives.
//
// A batch is closed when no event has arrived for Settle (10 ms by default:
// an editor's save is a few events within a millisecond or two, a git
// checkout a steady stream) and at the latest MaxWait (300 ms) after its
// first event. While the consumer is busy with a batch, new events pile up
// into the next one, so a burst costs a few rebuilds, not hundreds.
//
// Ignored: dot-files and dot-folders (.git, .obsidian, vim's .note.md.swp,
// emacs's .#note.md), editor backups and probes (note.md~, #note.md#, vim's
// 4913, JetBrains' ___jb_tmp___ files), the folders in Options.Ignore
// (the output and cache folders) and the files in Options.IgnoreFiles.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options say what to watch. Folders are absolute; Static, Content and the
// layouts/themes folders may not exist yet.
type Options struct {
	// Dir is the site folder, holding lore.yaml, layouts/ and themes/.
	Dir string
	// Content and Static are the content and static folders.
	Content string
	Static  string
	// Configs are the names of the config files in Dir ("lore.yaml").
	Configs []string
	// Ignore lists folders never watched (the output, the cache).
	Ignore []string
	// IgnoreFiles are files whose changes are never a rebuild: lore serve's
	// own log, when its output is redirected into the notes (`lore serve >
	// serve.log` in a vault), which would otherwise rebuild on every line
	// it writes, and write a line for every rebuild.
	IgnoreFiles []os.FileInfo
	// Settle and MaxWait shape batches (see the package comment).
	Settle  time.Duration
	MaxWait time.Duration
}

// Batch is one set of changes, each path relative to its folder and
// slash-separated; a path may name a folder, meaning everything in it.
type Batch struct {
	Content []string
	Static  []string
	// Theme paths are relative to the site folder: layouts/..., themes/...
	Theme  []string
	Config bool
	// Events counts the raw events coalesced into the batch.
	Events int
}

// Empty reports whether the batch has no change.
func (b Batch) Empty() bool {
	return len(b.Content)+len(b.Static)+len(b.Theme) == 0 && !b.Config
}

// Kind is what a changed path is.
type Kind int

const (
	Ignored Kind = iota
	Content
	Static
	Theme
	Config
)

// Watcher watches a site. Read batches from Batches and problems from
// Errors until Close.
type Watcher struct {
	opt     Options
	fsw     *fsnotify.Watcher
	batches chan Batch
	errs    chan error
	watched map[string]bool
	done    chan struct{}
	cancel  context.CancelFunc
}

// New starts watching. The first batch comes after the first change.
func New(opt Options) (*Watcher, error) {
	if opt.Settle <= 0 {
		opt.Settle = 10 * time.Millisecond
	}
	if opt.MaxWait <= 0 {
		opt.MaxWait = 300 * time.Millisecond
	}
	if opt.MaxWait < opt.Settle {
		opt.MaxWait = opt.Settle
	}
	for _, p := range []*string{&opt.Dir, &opt.Content, &opt.Static} {
		if *p != "" {
			abs, err := filepath.Abs(*p)
			if err != nil {
				return nil, err
			}
			*p = abs
		}
	}
	for i, p := range opt.Ignore {
		if abs, err := filepath.Abs(p); err == nil {
			opt.Ignore[i] = abs
		}
	}
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &Watcher{opt: opt, fsw: fsw, batches: make(chan Batch), errs: make(chan error, 16),
		watched: map[string]bool{}, done: make(chan struct{})}
	// The site folder itself (not recursively unless it is the content
	// folder): lore.yaml is replaced by atomic saves, and static/, layouts/
	// and themes/ may be created later.
	if err := w.add(opt.Dir); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, root := range w.roots() {
		if err := w.addTree(root); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go w.loop(ctx)
	return w, nil
}

// Batches delivers classified change sets.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers watcher problems (a folder that cannot be watched, an
// overflowing event queue, after which everything is looked at again).
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and waits for the watcher's goroutine to end.
func (w *Watcher) Close() error {
	w.cancel()
	err := w.fsw.Close()
	<-w.done
	return err
}

func (w *Watcher) roots() []string {
	roots := []string{w.opt.Content, w.opt.Static, filepath.Join(w.opt.Dir, "layouts"), filepath.Join(w.opt.Dir, "themes")}
	var out []string
	for _, r := range roots {
		if r != "" && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func (w *Watcher) add(dir string) error {
	if w.watched[dir] {
		return nil
	}
	if err := w.fsw.Add(dir); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	w.watched[dir] = true
	return nil
}

// addTree watches dir and every folder under it that is not ignored. A
// folder that does not exist is not an error: it is picked up when made.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return fmt.Errorf("watch %s: %w", p, err)
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && w.ignored(p) {
			return fs.SkipDir
		}
		return w.add(p)
	})
}

// forget drops the watches of a folder that was removed or moved away,
// and of the folders under it.
func (w *Watcher) forget(dir string) {
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			_ = w.fsw.Remove(p)
			delete(w.watched, p)
		}
	}
}

// Classify tells what a path under the site is and its path relative to
// the folder of its kind.
func (w *Watcher) Classify(abs string) (Kind, string) {
	if w.ignored(abs) {
		return Ignored, ""
	}
	o := w.opt
	rel := func(root string) (string, bool) {
		r, err := filepath.Rel(root, abs)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return "", false
		}
		return filepath.ToSlash(r), true
	}
	for _, c := range o.Configs {
		if abs == filepath.Join(o.Dir, c) {
			return Config, c
		}
	}
	if r, ok := rel(o.Static); ok && o.Static != "" {
		return Static, r
	}
	for _, d := range []string{"layouts", "themes"} {
		if r, ok := rel(filepath.Join(o.Dir, d)); ok {
			return Theme, filepath.ToSlash(filepath.Join(d, r))
		}
	}
	if r, ok := rel(o.Content); ok && o.Content != "" {
		if filepath.Clean(o.Content) == filepath.Clean(o.Dir) && (r == "." || r == "archetypes" || strings.HasPrefix(r, "archetypes/") || r == "node_modules" || strings.HasPrefix(r, "node_modules/")) {
			return Ignored, ""
		}
		return Content, r
	}
	return Ignored, ""
}

// ignored reports paths never worth a rebuild.
func (w *Watcher) ignored(abs string) bool {
	for _, ig := range w.opt.Ignore {
		if abs == ig || strings.HasPrefix(abs, ig+string(filepath.Separator)) {
			return true
		}
	}
	rel, err := filepath.Rel(w.opt.Dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = abs
	}
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		if strings.HasPrefix(part, ".") && part != "." && part != ".." {
			return true
		}
	}
	return EditorFile(filepath.Base(abs)) || w.ignoredFile(abs)
}

func (w *Watcher) ignoredFile(abs string) bool {
	if len(w.opt.IgnoreFiles) == 0 {
		return false
	}
	fi, err := os.Stat(abs)
	return err == nil && slices.ContainsFunc(w.opt.IgnoreFiles, func(ig os.FileInfo) bool { return os.SameFile(fi, ig) })
}

// EditorFile reports names editors write beside a file while saving it.
func EditorFile(name string) bool {
	switch {
	case name == "4913", // vim's probe for a writable folder
		strings.HasSuffix(name, "~"),                                 // backups
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // emacs auto-save
		strings.HasPrefix(name, ".#"),                                // emacs lock
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"), // JetBrains
		strings.HasSuffix(name, ".crswap"), // Chromium's File System Access
		strings.Contains(name, ".lore-staging-"):
		return true
	}
	return false
}

// loop turns raw events into batches.
func (w *Watcher) loop(ctx context.Context) {
	defer close(w.done)
	defer close(w.batches)
	var (
		pending = newBatch()
		ready   *batch // closed batch waiting for the consumer
		out     chan Batch
		settle  = time.NewTimer(time.Hour)
		maxWait = time.NewTimer(time.Hour)
		open    bool // pending has events and the timers run
	)
	settle.Stop()
	maxWait.Stop()
	flush := func() {
		if !open {
			return
		}
		open = false
		settle.Stop()
		maxWait.Stop()
		if pending.empty() {
			pending = newBatch()
			return
		}
		if ready == nil {
			ready = pending
		} else {
			ready.merge(pending)
		}
		pending = newBatch()
		out = w.batches
	}
	for {
		var next Batch
		if ready != nil {
			next = ready.result()
		}
		select {
		case <-ctx.Done():
			return
		case out <- next:
			ready, out = nil, nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.event(ev, pending)
			if !open {
				open = true
				maxWait.Reset(w.opt.MaxWait)
			}
			settle.Reset(w.opt.Settle)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: look at everything again.
				roots := w.roots()
				for _, c := range w.opt.Configs {
					roots = append(roots, filepath.Join(w.opt.Dir, c))
				}
				for _, root := range roots {
					w.note(root, pending)
				}
				if !open {
					open = true
					maxWait.Reset(w.opt.MaxWait)
				}
				settle.Reset(w.opt.Settle)
			}
			w.report(fmt.Errorf("watch: %w", err))
		case <-settle.C:
			flush()
		case <-maxWait.C:
			flush()
		}
	}
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default: // nobody is listening; the next batch rescans anyway
	}
}

// event records one raw event: the path changed, and a folder that
// appeared is watched (with everything already in it).
func (w *Watcher) event(ev fsnotify.Event, b *batch) {
	if ev.Op == fsnotify.Chmod {
		return // touch, chmod: the bytes are the same
	}
	b.events++
	path := filepath.Clean(ev.Name)
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(path)
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(path); err == nil && st.IsDir() && w.inTree(path) && !w.ignored(path) {
			if err := w.addTree(path); err != nil {
				w.report(err)
			}
		}
	}
	w.note(path, b)
}

// inTree reports whether a folder lies in one of the watched trees.
func (w *Watcher) inTree(dir string) bool {
	for _, r := range w.roots() {
		if dir == r || strings.HasPrefix(dir, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (w *Watcher) note(path string, b *batch) {
	kind, rel := w.Classify(path)
	switch kind {
	case Content:
		b.content[rel] = true
	case Static:
		b.static[rel] = true
	case Theme:
		b.theme[rel] = true
	case Config:
		b.config = true
	}
}

type batch struct {
	content, static, theme map[string]bool
	config                 bool
	events                 int
}

func newBatch() *batch {
	return &batch{content: map[string]bool{}, static: map[string]bool{}, theme: map[string]bool{}}
}

func (b *batch) empty() bool {
	return len(b.content)+len(b.static)+len(b.theme) == 0 && !b.config
}

func (b *batch) merge(o *batch) {
	for _, m := range [][2]map[string]bool{{b.content, o.content}, {b.static, o.static}, {b.theme, o.theme}} {
		for k := range m[1] {
			m[0][k] = true
		}
	}
	b.config = b.config || o.config
	b.events += o.events
}

func (b *batch) result() Batch {
	return Batch{Content: sorted(b.content), Static: sorted(b.static), Theme: sorted(b.theme), Config: b.config, Events: b.events}
}

// sorted lists the paths, dropping those inside a folder that is listed
// too (the folder means everything in it).
func sorted(m map[string]bool) []string {
	var out []string
	for p := range m {
		covered := false
		for d := parent(p); d != ""; d = parent(d) {
			if m[d] || m["."] {
				covered = true
				break
			}
		}
		if !covered || p == "." {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func parent(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		if p == "." {
			return ""
		}
		return "."
	}
	return p[:i]
}
