package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/lore-wiki/lore/builder"
)

const serveUsage = `Usage: lore serve [flags]

Builds the site in memory and serves it for preview. Nothing is written to
the destination folder.

Flags:
  -s, --source DIR   site folder (default ".")
  -p, --port N       port to listen on (default 1313; 0 picks a free one)
      --bind ADDR    address to listen on (default 127.0.0.1)
      --drafts       include pages with draft: true

Examples:
  lore serve
  lore serve -s ~/notes --port 8080
`

func serveCommand() *command {
	c := &command{name: "serve", summary: "preview the site in a browser", usage: serveUsage}
	c.run = func(ctx context.Context, e *env, args []string) int {
		var sf siteFlags
		var port int
		var bind string
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		sf.register(fs)
		fs.IntVar(&port, "p", 1313, "")
		fs.IntVar(&port, "port", 1313, "")
		fs.StringVar(&bind, "bind", "127.0.0.1", "")
		if ok, code := parseFlags(fs, c, e, args); !ok {
			return code
		}
		cfg, err := loadConfig(sf.source, "")
		if err != nil {
			fmt.Fprintf(e.stderr, "%v\n", err)
			return exitFail
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
		if err != nil {
			fmt.Fprintf(e.stderr, "lore serve: cannot listen on %s:%d: %v (is another server running? try --port 0)\n", bind, port, err)
			return exitFail
		}
		cfg.BaseURL = "http://" + ln.Addr().String() + "/"
		out := builder.NewMemOutput()
		site, err := builder.Build(ctx, builder.Options{Config: cfg, Output: out, Drafts: sf.drafts, Dev: true})
		if site != nil {
			printDiagnostics(e.stderr, site.Diagnostics)
		}
		if err != nil && !errors.Is(err, builder.ErrBuildFailed) {
			fmt.Fprintf(e.stderr, "lore serve: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(e.stdout, "Serving %s at http://%s/ (Ctrl-C to stop)\n", cfg.Title, ln.Addr())
		srv := &http.Server{Handler: memHandler(out), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			<-ctx.Done()
			shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_ = srv.Shutdown(shut)
		}()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(e.stderr, "lore serve: %v\n", err)
			return exitFail
		}
		return exitOK
	}
	return c
}

// memHandler serves a site built in memory. Paths are cleaned before the
// lookup, so no request can reach anything but the built files.
func memHandler(out *builder.MemOutput) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if p == "" || strings.HasSuffix(r.URL.Path, "/") {
			p = strings.TrimSuffix(p+"/index.html", "/index.html/index.html")
			p = strings.TrimPrefix(p, "/")
		}
		data, ok := out.Files[p]
		if !ok {
			if _, isDir := out.Files[p+"/index.html"]; isDir {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(out.Files["404.html"])
			return
		}
		http.ServeContent(w, r, p, time.Time{}, strings.NewReader(string(data)))
	})
}
