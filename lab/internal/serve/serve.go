// Package serve runs a lab app: it listens first, announces the bound address on stdout, serves, and shuts down
// gracefully on SIGTERM or SIGINT.
package serve

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Main is every lab app's main: it registers -addr, parses the flags, builds the app's server with a context that
// SIGTERM or SIGINT cancels (so its background work stops with it) and runs it; an error ends the process.
func Main[H http.Handler](newServer func(context.Context) H) {
	addr := Addr()
	flag.Parse()
	ctx, stop := SignalContext()
	defer stop()
	if err := Run(ctx, *addr, newServer(ctx)); err != nil {
		log.Fatal(err)
	}
}

// MainWithAdmin is Main for an app with an admin listener: it registers -admin-addr as well and runs both servers
// (RunWithAdmin).
func MainWithAdmin[H, A http.Handler](newServer func(context.Context) H, newAdmin func(context.Context) A) {
	addr := Addr()
	adminAddr := AdminAddr()
	flag.Parse()
	ctx, stop := SignalContext()
	defer stop()
	if err := RunWithAdmin(ctx, *addr, newServer(ctx), *adminAddr, newAdmin(ctx)); err != nil {
		log.Fatal(err)
	}
}

// Addr registers the -addr flag shared by every lab app.
func Addr() *string {
	return flag.String("addr", "127.0.0.1:0", "address to listen on (host:port; port 0 picks a free one)")
}

// SignalContext is cancelled on SIGTERM or SIGINT; apps hand it to newServer so background work stops with them.
func SignalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
}

// Run listens on addr, prints "listening on http://HOST:PORT" as the first stdout line, serves h until ctx is
// cancelled, then shuts down gracefully (in-flight requests get 5 s).
func Run(ctx context.Context, addr string, h http.Handler) error {
	return RunWithAdmin(ctx, addr, h, "", nil)
}

// AdminAddr registers the -admin-addr flag of apps that serve their telemetry on a separate admin listener.
func AdminAddr() *string {
	return flag.String("admin-addr", "127.0.0.1:0", "address of the admin listener (pprof, expvar, metrics); keep it on loopback")
}

// RunWithAdmin is Run with a second, admin listener for admin (when admin is non-nil): both listen before
// anything is printed, then one write announces "listening on http://HOST:PORT" and "admin on http://HOST:PORT" as
// the first two stdout lines (one write, so a reader that has the first line has the second too).
func RunWithAdmin(ctx context.Context, addr string, h http.Handler, adminAddr string, admin http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	servers := []*http.Server{{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	listeners := []net.Listener{ln}
	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(out, "listening on http://%s\n", ln.Addr().String())
	if admin != nil {
		// The admin listener is a plain http.Server of its own: profiles and metrics never share a port (or a
		// middleware chain) with the API.
		adminLn, err := net.Listen("tcp", adminAddr)
		if err != nil {
			ln.Close()
			return err
		}
		servers = append(servers, &http.Server{Handler: admin, ReadHeaderTimeout: 10 * time.Second})
		listeners = append(listeners, adminLn)
		fmt.Fprintf(out, "admin on http://%s\n", adminLn.Addr().String())
	}
	if err := out.Flush(); err != nil {
		for _, l := range listeners {
			l.Close()
		}
		return err
	}
	errc := make(chan error, len(servers))
	for i, srv := range servers {
		go func() { errc <- srv.Serve(listeners[i]) }()
	}
	remaining := len(servers)
	var first error // the error of a server that stopped by itself
	select {
	case first = <-errc:
		remaining--
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, srv := range servers {
		// Leaky streaming handlers never return, so a failed graceful shutdown is expected for them: close hard.
		if err := srv.Shutdown(shutdownCtx); err != nil {
			srv.Close()
		}
	}
	for ; remaining > 0; remaining-- {
		if err := <-errc; first == nil && !errors.Is(err, http.ErrServerClosed) {
			first = err
		}
	}
	return first
}
