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

// FIXED: a buffer of one lets the lookup goroutine send and end even when nobody receives any more. The parameter
// is read before the goroutine starts: the Echo context is reused once the handler returns.
func quote(c echo.Context) error {
	symbol := c.Param("symbol")
	ch := make(chan string, 1)
	go func() { ch <- lookup(symbol) }()
	select {
	case q := <-ch:
		return c.String(http.StatusOK, q)
	case <-time.After(budget):
		return c.String(http.StatusOK, "stale")
	}
}

// FIXED: the same buffer of one.
func rate(c echo.Context) error {
	ch := make(chan string, 1)
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
	dropped int         // audit records nobody was there to take, guarded by flushMu
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

// FIXED: without a reader the record is dropped instead of blocking with the lock held.
func (s *stock) flush(sku string) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	select {
	case s.audit <- "adjusted " + sku:
	default:
		s.dropped++
	}
}
