package main

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer serves quotes and rates from a slow backend under a latency budget, and stock levels whose changes are
// flushed to an audit sink that is not started in this deployment. Built with Go 1.27, its net/http/pprof also
// serves /debug/pprof/goroutineleak.
func newServer(_ context.Context) *echo.Echo {
	s := &stock{levels: map[string]int{}, audit: make(chan string)}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/quotes/:symbol", quote)
	e.GET("/rates/:symbol", rate)
	e.PUT("/stock/:sku", s.adjust)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

const (
	backendLatency = 25 * time.Millisecond
	budget         = 10 * time.Millisecond
)

func lookup(key string) string {
	time.Sleep(backendLatency) // the slow backend
	return key + "=42.00"
}

// LEAK (GOROUTINE_LEAK, HANDLER): the result channel is unbuffered and the handler stops receiving after its 10 ms
// budget, so the lookup goroutine, which reads the path parameter through the captured Echo context, blocks forever
// on its send. Nothing else can reach the channel: the goroutineleak profile lists every one of them.
func quote(c echo.Context) error {
	ch := make(chan string)
	go func() { ch <- lookup(c.Param("symbol")) }()
	select {
	case q := <-ch:
		return c.String(http.StatusOK, q)
	case <-time.After(budget):
		return c.String(http.StatusOK, "stale")
	}
}

// LEAK (GOROUTINE_LEAK, HANDLER): the same handler whose goroutine captures nothing of the request.
func rate(c echo.Context) error {
	ch := make(chan string)
	go func() { ch <- lookup("EUR") }()
	select {
	case q := <-ch:
		return c.String(http.StatusOK, c.Param("symbol")+" "+q)
	case <-time.After(budget):
		return c.String(http.StatusOK, "stale")
	}
}

type stock struct {
	mu      sync.Mutex // guards levels
	levels  map[string]int
	flushMu sync.Mutex
	audit   chan string // unbuffered; its reader runs only where auditing is enabled
}

func (s *stock) adjust(c echo.Context) error {
	sku := c.Param("sku")
	s.mu.Lock()
	s.levels[sku]++
	n := s.levels[sku]
	s.mu.Unlock()
	go s.flush(sku)
	return c.JSON(http.StatusOK, map[string]any{"sku": sku, "level": n})
}

// LEAK (GOROUTINE_LEAK, HANDLER), which the goroutineleak profile does not list: the first flush blocks forever on
// the unread audit channel with flushMu held, and every later flush blocks forever on Lock. The channel and the
// mutex belong to the server's stock, which a live route handler still reaches, so the collector cannot prove that
// nobody will ever receive or unlock: the profile stays silent while the goroutines pile up.
func (s *stock) flush(sku string) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.audit <- "adjusted " + sku
}
