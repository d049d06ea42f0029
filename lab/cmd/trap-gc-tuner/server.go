package main

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer renders reports; its telemetry is expvar's /debug/vars and Prometheus (no pprof, so no forced-GC heap
// reading). CLEAN (a trap): a GC tuner raises GOGC as traffic grows, so the heap goal (memstats NextGC,
// go_memstats_next_gc_bytes) climbs round after round although nothing is retained.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	telemetry.Mount(e, telemetry.NewRegistry(), "expvar", "prometheus")
	t := &tuner{}
	e.GET("/reports/:id", func(c echo.Context) error {
		t.observe()
		body := render(c.Param("id"))
		return c.JSON(http.StatusOK, map[string]any{"id": c.Param("id"), "bytes": len(body)})
	})
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// tuner trades memory for fewer collections as traffic grows: every 200 requests it raises GOGC by 100, up to
// 800 (what GC tuners do when a service is busy). The heap goal follows GOGC; the live heap does not move.
type tuner struct{ requests atomic.Int64 }

func (t *tuner) observe() {
	n := t.requests.Add(1)
	if n%200 == 0 && n <= 1400 {
		debug.SetGCPercent(100 + int(n/200)*100)
	}
}

// render builds a 16 KiB report for id; it is garbage once the response is written.
func render(id string) []byte {
	line := fmt.Sprintf("report %s: %s\n", id, strings.Repeat("x", 48))
	return []byte(strings.Repeat(line, 16<<10/len(line)+1)[:16<<10])
}
