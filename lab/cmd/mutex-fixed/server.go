package main

import (
	"context"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer keeps stock levels and flushes every change to an audit sink, which is not started in this deployment.
func newServer(_ context.Context) *echo.Echo {
	s := &stock{levels: map[string]int{}, audit: make(chan string)}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.PUT("/stock/:sku", s.adjust)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

type stock struct {
	mu      sync.Mutex // guards levels and the order of audit records
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

// FIXED: the send never blocks with the lock held: without a reader the record is counted as dropped and the lock
// released, so flushes queue on the mutex only for a moment.
func (s *stock) flush(sku string) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	select {
	case s.audit <- "adjusted " + sku:
	default:
		s.dropped++
	}
}
