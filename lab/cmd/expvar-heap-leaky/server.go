package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer serves session lookups; its only telemetry is expvar's /debug/vars (memstats, no pprof, so a scanner
// cannot force a GC before it reads the heap).
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	telemetry.Mount(e, nil, "expvar")
	a := &auditLog{}
	e.GET("/sessions/:id", a.lookup)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// auditLog records every session lookup.
// LEAK (HEAP_GROWTH, HANDLER): each lookup appends a 2.5 KiB audit record to a slice nothing ever trims, so the
// live heap grows by about 2.5 KiB per request, forever.
type auditLog struct {
	mu      sync.Mutex
	records [][]byte
}

func (a *auditLog) lookup(c echo.Context) error {
	rec := auditRecord(c.Param("id"), c.Request().UserAgent())
	a.mu.Lock()
	a.records = append(a.records, rec)
	n := len(a.records)
	a.mu.Unlock()
	return c.JSON(http.StatusOK, map[string]any{"id": c.Param("id"), "active": true, "audited": n})
}

// auditRecord renders a 2.5 KiB record of one lookup.
func auditRecord(id, agent string) []byte {
	head := fmt.Sprintf("%s session=%s agent=%q ", time.Now().UTC().Format(time.RFC3339Nano), id, agent)
	return []byte((head + strings.Repeat(".", 2560))[:2560])
}
