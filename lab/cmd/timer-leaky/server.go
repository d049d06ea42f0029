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

// LEAK (HEAP_GROWTH, HANDLER): the watchdog is armed per request and never stopped, so the runtime's timer heap
// keeps it, its closure and the export it captured for 10 minutes after the answer, longer than any scan.
func export(c echo.Context) error {
	id := c.Param("id")
	csv := render(id)
	time.AfterFunc(exportDeadline, func() { log.Printf("export %s still running after %v (%d bytes)", id, exportDeadline, len(csv)) })
	return c.Blob(http.StatusOK, "text/csv", []byte(csv))
}

var price atomic.Int64

// LEAK (GOROUTINE_LEAK, HANDLER): the poller keeps the quote fresh "while someone looks at it" but nothing ever
// stops it: one goroutine and one ticker per request, forever.
func quote(c echo.Context) error {
	symbol := c.Param("symbol")
	go func() {
		t := time.NewTicker(time.Second)
		for range t.C {
			price.Add(1) // the refresh from the pricing backend
		}
	}()
	return c.JSON(http.StatusOK, map[string]any{"symbol": symbol, "price": price.Load()})
}
