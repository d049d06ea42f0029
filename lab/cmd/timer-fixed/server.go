package main

import (
	"context"
	"log"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer renders CSV exports under a watchdog and serves quotes kept fresh by a poller.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/exports/:id", export)
	e.GET("/quotes/:symbol", quote)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// exportDeadline is how long an export may take before the watchdog reports it.
const exportDeadline = 10 * time.Minute

// render builds an export of about 6 KiB.
func render(id string) string {
	var b strings.Builder
	b.WriteString("id,line,amount\n")
	for i := 0; b.Len() < 6<<10; i++ {
		b.WriteString(id + ",line-" + string(rune('a'+i%26)) + ",100.00\n")
	}
	return b.String()
}

// FIXED: the watchdog is stopped when the export is done, which removes it (and what it captured) from the
// runtime's timers.
func export(c echo.Context) error {
	id := c.Param("id")
	start := time.Now()
	watchdog := time.AfterFunc(exportDeadline, func() { log.Printf("export %s still running after %v", id, time.Since(start)) })
	defer watchdog.Stop()
	csv := render(id)
	return c.Blob(http.StatusOK, "text/csv", []byte(csv))
}

var price atomic.Int64

// FIXED: the poller lives as long as the request that started it and stops its ticker on the way out.
func quote(c echo.Context) error {
	symbol := c.Param("symbol")
	ctx := c.Request().Context()
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				price.Add(1) // the refresh from the pricing backend
			case <-ctx.Done():
				return
			}
		}
	}()
	return c.JSON(http.StatusOK, map[string]any{"symbol": symbol, "price": price.Load()})
}
