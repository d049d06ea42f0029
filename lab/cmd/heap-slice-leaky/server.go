package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v5"
	"github.com/leakscan/lab/internal/telemetry5"
)

// newServer (Echo v5) renders reports and keeps an in-memory history of them.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	telemetry5.Mount(e, nil, "pprof", "expvar", "memory-json")
	h := &history{}
	e.GET("/reports/:id", h.report)
	e.GET("/ping", func(c *echo.Context) error { return c.String(http.StatusOK, "pong") })
	return e
}

// history is the audit trail of rendered reports.
// LEAK (HEAP_GROWTH, HANDLER): every request appends its 16 KiB rendered report to a global slice that nothing
// ever trims, so the post-GC heap grows by about 16 KiB per request, forever.
type history struct {
	mu      sync.Mutex
	reports [][]byte
}

func (h *history) report(c *echo.Context) error {
	body := render(c.Param("id"))
	h.mu.Lock()
	h.reports = append(h.reports, body)
	n := len(h.reports)
	h.mu.Unlock()
	return c.JSON(http.StatusOK, map[string]any{"id": c.Param("id"), "bytes": len(body), "rendered": n})
}

// render builds a 16 KiB report for id.
func render(id string) []byte {
	line := fmt.Sprintf("report %s: %s\n", id, strings.Repeat("x", 48))
	var b strings.Builder
	for b.Len() < 16<<10 {
		b.WriteString(line)
	}
	return []byte(b.String()[:16<<10])
}
