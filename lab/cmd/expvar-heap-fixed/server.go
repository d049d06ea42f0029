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

// newServer serves session lookups; its only telemetry is expvar's /debug/vars.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	telemetry.Mount(e, nil, "expvar")
	a := &auditLog{}
	e.GET("/sessions/:id", a.lookup)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// auditSize bounds the audit log.
const auditSize = 64

// auditLog keeps the last auditSize lookups.
// FIX: a fixed ring overwrites the oldest record, so the log holds at most 64 x 2.5 KiB = 160 KiB.
type auditLog struct {
	mu      sync.Mutex
	records [auditSize][]byte
	total   int
}

func (a *auditLog) lookup(c echo.Context) error {
	rec := auditRecord(c.Param("id"), c.Request().UserAgent())
	a.mu.Lock()
	a.records[a.total%auditSize] = rec
	a.total++
	n := a.total
	a.mu.Unlock()
	return c.JSON(http.StatusOK, map[string]any{"id": c.Param("id"), "active": true, "audited": n})
}

// auditRecord renders a 2.5 KiB record of one lookup.
func auditRecord(id, agent string) []byte {
	head := fmt.Sprintf("%s session=%s agent=%q ", time.Now().UTC().Format(time.RFC3339Nano), id, agent)
	return []byte((head + strings.Repeat(".", 2560))[:2560])
}
