// Package serve runs a lab app: it listens first, announces the bound address on stdout, serves, and shuts down
// gracefully on SIGTERM or SIGINT.
package serve

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

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
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(out, "listening on http://%s\n", ln.Addr().String())
	if err := out.Flush(); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Leaky streaming handlers never return, so a failed graceful shutdown is expected for them: close hard.
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
