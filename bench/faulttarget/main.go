// Command faulttarget is a leak-free Echo service with Go's own telemetry (pprof, expvar) whose faults a test turns
// on and off while a scan runs, for the target-fault scenarios of the fault suite. It serves GET /work on -addr and
// prints "listening on http://HOST:PORT"; a control listener on -control (printed as "control on http://HOST:PORT")
// takes POST /mode?m=ok|503|reset[&n=N]: 503 answers the app's routes 503 with Retry-After: 1, reset closes their
// connections with a TCP reset before any answer; with n the fault covers the next N requests only, then it is ok
// again. Telemetry routes never fail, so the scanner keeps seeing the process. A crash is the test's kill -9, a hang
// its SIGSTOP: both are done to the real process, not simulated here.
package main

import (
	"encoding/json"
	"expvar"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// fault is the mode the app routes are in, and how many more requests it covers (-1: until changed).
type fault struct {
	mu    sync.Mutex
	mode  string
	left  int
	count map[string]int
}

// next returns the mode for one app request and counts it.
func (f *fault) next() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	mode := f.mode
	if f.left > 0 {
		f.left--
		if f.left == 0 {
			f.mode = "ok"
		}
	}
	f.count[mode]++
	return mode
}

func (f *fault) set(mode string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mode, f.left = mode, n
}

func pprofMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	return mux
}

func newServer(f *fault) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/debug/pprof/*", echo.WrapHandler(pprofMux()))
	e.GET("/debug/vars", echo.WrapHandler(expvar.Handler()))
	app := e.Group("", func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			switch f.next() {
			case "503":
				c.Response().Header().Set("Retry-After", "1")
				return c.String(http.StatusServiceUnavailable, "overloaded")
			case "reset":
				conn, _, err := c.Response().Hijack()
				if err != nil {
					return err
				}
				if tcp, ok := conn.(*net.TCPConn); ok {
					tcp.SetLinger(0) // close sends RST instead of FIN
				}
				return conn.Close()
			}
			return next(c)
		}
	})
	app.GET("/work", func(c echo.Context) error {
		// some garbage per request, freed when it returns: the heap moves but does not grow
		buf := make([]byte, 32<<10)
		return c.JSON(http.StatusOK, map[string]int{"bytes": len(buf)})
	})
	return e
}

func control(f *fault) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /mode", func(w http.ResponseWriter, r *http.Request) {
		m := r.URL.Query().Get("m")
		if m != "ok" && m != "503" && m != "reset" {
			http.Error(w, "m must be ok, 503 or reset", http.StatusBadRequest)
			return
		}
		n := -1
		if s := r.URL.Query().Get("n"); s != "" {
			v, err := strconv.Atoi(s)
			if err != nil || v < 1 {
				http.Error(w, "n must be a positive count", http.StatusBadRequest)
				return
			}
			n = v
		}
		f.set(m, n)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /count", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		json.NewEncoder(w).Encode(f.count)
	})
	return mux
}

func listen(addr string) net.Listener {
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		fmt.Fprintln(os.Stderr, "faulttarget listens on 127.0.0.1 only")
		os.Exit(2)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return l
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address of the app (loopback only)")
	ctl := flag.String("control", "127.0.0.1:0", "address of the control listener (loopback only)")
	flag.Parse()
	f := &fault{mode: "ok", left: -1, count: map[string]int{}}
	app, cl := listen(*addr), listen(*ctl)
	fmt.Printf("listening on http://%s\ncontrol on http://%s\n", app.Addr(), cl.Addr())
	go http.Serve(cl, control(f))
	e := newServer(f)
	e.Listener = app
	if err := e.Start(""); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
