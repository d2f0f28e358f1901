package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/lore-wiki/lore/builder"
	"github.com/lore-wiki/lore/builder/config"
	"github.com/lore-wiki/lore/builder/devserver"
	"github.com/lore-wiki/lore/builder/diag"
	"github.com/lore-wiki/lore/builder/watch"
	"github.com/lore-wiki/lore/search"
)

const serveUsage = `Usage: lore serve [flags]

Builds the site in memory, serves it for preview and rebuilds it as you
edit: only the pages a change touches are rendered again, and open browser
tabs reload when their page changed (a stylesheet change is swapped in
without a reload). Errors show in the terminal and as an overlay in the
browser, naming file and line; the last good version of every page stays
served. Nothing is written to the destination folder (public/). The site is
served at the root of the address whatever the path of baseURL is; a build
with --base-url shows it under that path.

Flags:
  -s, --source DIR   site folder (default ".")
  -p, --port N       port to listen on (default 1313; 0 picks a free one)
      --bind ADDR    address to listen on (default 127.0.0.1, this machine only;
                     any other address is said to expose the wiki)
      --drafts       include pages with draft: true
      --open         open the site in the default browser
      --no-reload    serve pages as built: no reload script, no live events

Examples:
  lore serve
  lore serve -s ~/notes --port 8080
  lore serve --port 0 --open
`

func serveCommand() *command {
	c := &command{name: "serve", summary: "preview the site in a browser, rebuilding as you edit", usage: serveUsage}
	c.run = func(ctx context.Context, e *env, args []string) int {
		var sf siteFlags
		var port int
		var bind string
		var open, noReload bool
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		sf.register(fs)
		fs.IntVar(&port, "p", 1313, "")
		fs.IntVar(&port, "port", 1313, "")
		fs.StringVar(&bind, "bind", "127.0.0.1", "")
		fs.BoolVar(&open, "open", false, "")
		fs.BoolVar(&noReload, "no-reload", false, "")
		if ok, code := parseFlags(fs, c, e, args); !ok {
			return code
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(e.stderr, "lore serve: unexpected argument %q\n%s", fs.Arg(0), c.usage)
			return exitUsage
		}
		cfg, err := loadConfig(sf.source, "")
		if err != nil {
			printLoadError(e.stderr, "serve", sf.source, err)
			return exitFail
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
		if err != nil {
			if errors.Is(err, syscall.EADDRINUSE) {
				fmt.Fprintf(e.stderr, "lore serve: port %d on %s is already in use (another lore serve?); pick another with --port, or --port 0 for any free one\n", port, bind)
			} else {
				fmt.Fprintf(e.stderr, "lore serve: cannot listen on %s: %v\n", net.JoinHostPort(bind, strconv.Itoa(port)), err)
			}
			return exitFail
		}
		defer ln.Close()
		// Asked of the address listened on: --bind localhost is loopback too.
		if a, ok := ln.Addr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
			// The preview shows drafts' links, errors and the whole wiki.
			fmt.Fprintf(e.stderr, "lore serve: listening on %s: anyone who can reach this machine there can read the wiki\n", ln.Addr())
		}
		// The site folder by its path now: "." read again later would be
		// the folder this process started in, even after that folder was
		// moved aside and another put in its place.
		source := sf.source
		if abs, err := filepath.Abs(source); err == nil {
			source = abs
		}
		s := &server{e: e, source: source, drafts: sf.drafts, noReload: noReload,
			base: "http://" + hostPort(ln.Addr()) + "/"}
		return s.run(ctx, cfg, ln, open)
	}
	return c
}

// hostPort is the address to print: a wildcard bind is shown as localhost.
func hostPort(a net.Addr) string {
	host, port, _ := net.SplitHostPort(a.String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// server wires a builder.Session, a watcher and a devserver together: each
// batch of changed files becomes one Rebuild and one Publish.
type server struct {
	e        *env
	source   string
	drafts   bool
	noReload bool
	base     string

	sess   *builder.Session
	dev    *devserver.Server
	mu     sync.Mutex
	errors map[string]bool // error diagnostics printed, to print only news
	// warnings are the warnings of the last build, so that a rebuild prints
	// the ones it brought, wherever they are: deleting a page breaks links
	// in other files.
	warnings map[string]bool

	// search holds the live search index, kept up to date after every
	// rebuild and answering /_lore/api/search; none when search is off.
	search *liveSearch
}

func (s *server) loadConfig() (*config.Config, error) {
	cfg, err := loadConfig(s.source, "")
	if err != nil {
		return nil, err
	}
	cfg.BaseURL = s.base
	return cfg, nil
}

func (s *server) run(ctx context.Context, cfg *config.Config, ln net.Listener, open bool) int {
	e := s.e
	cfg.BaseURL = s.base
	// The session builds without the index stage: serve keeps one index
	// open for the whole session and updates it page by page instead.
	sess, err := builder.NewSession(builder.Options{Config: cfg, Drafts: s.drafts, Dev: true, NoSearch: true,
		Exclude: []string{filepath.Join(cfg.Dir, "public")}}, s.loadConfig)
	if err != nil {
		fmt.Fprintf(e.stderr, "lore serve: %v\n", err)
		return exitFail
	}
	s.sess = sess
	// Watching from before the first build, so that a save made while it
	// runs is rebuilt once it is done rather than missed.
	siteDir, _ := os.Stat(cfg.Dir) // the folder the watcher watches
	w, err := s.newWatcher(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "lore serve: %v\n", err)
		return exitFail
	}
	defer func() { w.Close() }()
	res, err := sess.Build(ctx)
	if err != nil {
		if ctx.Err() != nil { // Ctrl-C before the first build was done
			fmt.Fprintln(e.stdout, "Stopped.")
			return exitOK
		}
		fmt.Fprintf(e.stderr, "lore serve: %v\n", err)
		return exitFail
	}
	s.search = &liveSearch{}
	defer s.search.set(nil, "")
	s.followSearchSetting(ctx, cfg)
	s.dev = devserver.New(devserver.Options{NoReload: s.noReload, Search: s.search})
	printDiagnostics(e.stderr, builder.GroupTemplateErrors(res.Diagnostics), false)
	s.noteWarnings(res.Diagnostics)
	s.noteErrors(res.Diagnostics, false)
	s.publish(ctx, res)

	pages := 0
	if site := sess.Site(); site != nil {
		pages = len(site.Pages)
	}
	fmt.Fprintf(e.stdout, "Built %s in %s\n", builder.CountNoun(pages, "page"), res.Duration.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "Serving %s at %s (Ctrl-C to stop)\n", cfg.Title, s.base)
	if open {
		openBrowser(s.base, e.stderr)
	}

	httpSrv := &http.Server{Handler: s.dev, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	watching := make(chan struct{})
	head := watchGitHead(ctx, cfg.Dir)
	go func() {
		defer close(watching)
		w = s.watch(ctx, w, head, cfg.Dir, siteDir)
	}()

	select {
	case <-ctx.Done():
	case err := <-served:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(e.stderr, "lore serve: %v\n", err)
			return exitFail
		}
	}
	shut, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := s.dev.Shutdown(shut, httpSrv); err != nil {
		httpSrv.Close()
	}
	<-watching
	fmt.Fprintln(e.stdout, "Stopped.")
	return exitOK
}

func (s *server) newWatcher(cfg *config.Config) (*watch.Watcher, error) {
	return watch.New(watch.Options{Dir: cfg.Dir, Content: cfg.ContentPath(), Static: cfg.StaticPath(),
		Configs: config.Files(), Ignore: []string{filepath.Join(cfg.Dir, "public"), cfg.CachePath()},
		IgnoreFiles: logFiles(s.e.stdout, s.e.stderr)})
}

// watch turns batches of changed files into rebuilds until ctx ends, and
// a new git HEAD (head) into a full one, for pages' dates and authors.
// It returns the watcher it ends with: a change of contentDir or
// staticDir in lore.yaml replaces w with one watching the new folders.
//
// A site folder deleted and made again, or replaced by a copy, is another
// folder than watched (dir as it was when w began): the watcher's watches
// went with the old one, so it is watched anew.
func (s *server) watch(ctx context.Context, w *watch.Watcher, head <-chan struct{}, dir string, watched os.FileInfo) *watch.Watcher {
	again := time.NewTicker(time.Second)
	defer again.Stop()
	for {
		select {
		case <-ctx.Done():
			return w
		case <-again.C:
			if now, err := os.Stat(dir); err == nil && (watched == nil || !os.SameFile(now, watched)) {
				watched = now
				w = s.rewatch(ctx, w)
			}
		case <-head:
			s.rebuild(ctx, builder.Changes{Config: true})
		case err, ok := <-w.Errors():
			if ok {
				fmt.Fprintf(s.e.stderr, "lore serve: %v\n", err)
			}
		case b, ok := <-w.Batches():
			if !ok {
				return w
			}
			content, static := s.folders()
			s.rebuild(ctx, builder.Changes{Content: b.Content, Static: b.Static, Theme: b.Theme, Config: b.Config})
			if c2, s2 := s.folders(); b.Config && (c2 != content || s2 != static) {
				w = s.rewatch(ctx, w)
			}
		}
	}
}

// folders are the content and static folders of the site being served.
func (s *server) folders() (content, static string) {
	if site := s.sess.Site(); site != nil {
		return site.Config.ContentPath(), site.Config.StaticPath()
	}
	return "", ""
}

// rewatch replaces w with a watcher of the site's folders now, and
// rebuilds everything from them: files that changed in the new folders
// before they were watched are otherwise not seen.
func (s *server) rewatch(ctx context.Context, w *watch.Watcher) *watch.Watcher {
	site := s.sess.Site()
	if site == nil {
		return w
	}
	nw, err := s.newWatcher(site.Config)
	if err != nil {
		fmt.Fprintf(s.e.stderr, "lore serve: %v\n", err)
		return w
	}
	w.Close()
	s.rebuild(ctx, builder.Changes{Config: true})
	return nw
}

func (s *server) rebuild(ctx context.Context, ch builder.Changes) {
	res, err := s.sess.Rebuild(ctx, ch)
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(s.e.stderr, "lore serve: rebuild: %v\n", err)
		}
		return
	}
	if res.Unseen {
		// Published, but not announced: no page shows it, and printing
		// would feed a loop when our output is piped into the folder
		// (lore serve | tee serve.log).
		res.Changed = nil
		s.publish(ctx, res)
		return
	}
	s.publish(ctx, res)
	s.report(res)
}

// publish swaps the new output in and tells browsers and the search index.
func (s *server) publish(ctx context.Context, res *builder.Result) {
	var problems []devserver.Problem
	for _, d := range builder.GroupTemplateErrors(res.Diagnostics) {
		if d.Severity == diag.Error {
			problems = append(problems, devserver.Problem{File: d.File, Line: d.Line, Col: d.Col,
				Severity: string(d.Severity), Message: d.Message})
		}
	}
	s.dev.Publish(s.sess.Files(), devserver.Update{Changed: res.Changed, Removed: res.Removed, Problems: problems})
	if err := s.updateIndex(ctx, res); err != nil {
		fmt.Fprintf(s.e.stderr, "lore serve: search index: %v\n", err)
	}
}

// report prints one line per rebuild, new warnings of the files that
// changed, and errors as they appear and go.
func (s *server) report(res *builder.Result) {
	out := s.e.stdout
	what := "rebuilt everything"
	if !res.Full {
		what = fmt.Sprintf("%s parsed, %s rendered", builder.CountNoun(res.Parsed, "file"), builder.CountNoun(len(res.Rendered), "page"))
	}
	fmt.Fprintf(out, "%s  %s, %s changed in %s\n", time.Now().Format("15:04:05"), what,
		builder.CountNoun(len(res.Changed)+len(res.Removed), "file"), res.Duration.Round(100*time.Microsecond))
	changed := map[string]bool{}
	for _, p := range res.Pages {
		changed[p.Path] = true
	}
	seen := s.noteWarnings(res.Diagnostics)
	for _, d := range res.Diagnostics {
		// A file's warnings show again when it changes; a full rebuild
		// (lore.yaml) changes nothing of the files, so only news show.
		if d.Severity != diag.Error && (changed[d.File] && !res.Full || !seen[d.Error()]) {
			fmt.Fprintln(s.e.stderr, d.Error())
		}
	}
	s.noteFixedWarnings(seen)
	s.noteErrors(res.Diagnostics, true)
}

// maxFixedLines caps the "Fixed:" lines of one rebuild: deleting a folder
// of broken notes need not scroll the terminal away.
const maxFixedLines = 5

// noteFixedWarnings says which of the last build's warnings are gone, so
// that fixing a link is acknowledged as adding one is.
func (s *server) noteFixedWarnings(before map[string]bool) {
	s.mu.Lock()
	var gone []string
	for w := range before {
		if !s.warnings[w] {
			gone = append(gone, w)
		}
	}
	s.mu.Unlock()
	slices.Sort(gone)
	for i, w := range gone {
		if i == maxFixedLines {
			fmt.Fprintf(s.e.stderr, "Fixed: %d more warnings\n", len(gone)-i)
			break
		}
		fmt.Fprintf(s.e.stderr, "Fixed: %s\n", w)
	}
}

// noteWarnings remembers this build's warnings and returns the last's.
func (s *server) noteWarnings(ds diag.List) map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	before := s.warnings
	s.warnings = map[string]bool{}
	for _, d := range ds {
		if d.Severity != diag.Error {
			s.warnings[d.Error()] = true
		}
	}
	return before
}

// noteErrors prints errors not printed before, and says when all are fixed.
func (s *server) noteErrors(ds diag.List, print bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := map[string]bool{}
	for _, d := range builder.GroupTemplateErrors(ds) {
		if d.Severity != diag.Error {
			continue
		}
		key := d.Error()
		now[key] = true
		if print && !s.errors[key] {
			fmt.Fprintf(s.e.stderr, "%s\n", key)
		}
	}
	if print && len(now) == 0 && len(s.errors) > 0 {
		fmt.Fprintln(s.e.stderr, "All errors fixed.")
	}
	s.errors = now
}

// openBrowser opens url in the desktop's browser, if there is one.
func openBrowser(url string, stderr io.Writer) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "lore serve: cannot open a browser (%v); open %s yourself\n", err, url)
		return
	}
	go cmd.Wait()
}

// openIndex opens the site's search index and brings it up to date with
// the pages just built.
func (s *server) openIndex(ctx context.Context, cfg *config.Config) (*search.Index, error) {
	idx, err := search.Open(builder.SearchDir(cfg.CachePath()), func(format string, args ...any) {
		fmt.Fprintf(s.e.stderr, format+"\n", args...)
	})
	if err != nil {
		return nil, err
	}
	if _, err := idx.Sync(ctx, builder.SearchDocuments(s.sess.Site().Pages)); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// updateIndex tells the search index what a rebuild changed: the pages
// whose source changed and the URLs that are gone, or everything after a
// full rebuild.
func (s *server) updateIndex(ctx context.Context, res *builder.Result) error {
	if res.Full && s.sess.Site() != nil {
		s.followSearchSetting(ctx, s.sess.Site().Config)
	}
	idx := s.search.index()
	if idx == nil {
		return nil
	}
	if res.Full {
		_, err := idx.Sync(ctx, builder.SearchDocuments(s.sess.Site().Pages))
		return err
	}
	if len(res.Pages) == 0 && len(res.RemovedURLs) == 0 {
		return nil
	}
	return idx.Update(ctx, builder.SearchDocuments(res.Pages), res.RemovedURLs)
}

// followSearchSetting opens the search index when lore.yaml has search
// on and none is open, and closes it when search is off: lore.yaml may
// change while serving.
func (s *server) followSearchSetting(ctx context.Context, cfg *config.Config) {
	on, have := !cfg.Search.Disabled, s.search.index() != nil
	switch {
	case on && !have:
		idx, err := s.openIndex(ctx, cfg)
		if err != nil {
			fmt.Fprintf(s.e.stderr, "lore serve: search index: %v (serving without search)\n", err)
			s.search.set(nil, "Search is off in this preview: "+err.Error())
			return
		}
		s.search.set(idx, "")
	case !on && have:
		s.search.set(nil, "")
	}
}

// logFiles are the regular files serve's output is redirected to, which
// the watcher must not take for notes being edited.
func logFiles(ws ...io.Writer) []os.FileInfo {
	var out []os.FileInfo
	for _, w := range ws {
		if f, ok := w.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
				out = append(out, fi)
			}
		}
	}
	return out
}
