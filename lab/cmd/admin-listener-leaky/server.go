package main

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer is the public API: it serves no telemetry at all (newAdmin does, on its own listener).
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	q := &quotes{}
	e.GET("/quotes/:symbol", q.get)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// newAdmin is the admin listener's Echo (telemetry.NewAdmin): pprof, expvar and Prometheus, reachable only on
// -admin-addr (loopback by default), never on the API's port.
func newAdmin(_ context.Context) *echo.Echo { return telemetry.NewAdmin() }

// quotes answers the latest price of a symbol and keeps it fresh.
type quotes struct{ refreshes atomic.Int64 }

// get starts a refresher for the symbol and answers the current quote.
// LEAK (GOROUTINE_LEAK, HANDLER): every request starts a refresher goroutine whose ticker loop has no way out (no
// context, no stop channel), so each GET /quotes/:symbol leaves one goroutine ticking forever.
func (q *quotes) get(c echo.Context) error {
	symbol := c.Param("symbol")
	go q.refresh(symbol)
	return c.JSON(http.StatusOK, map[string]string{"symbol": symbol, "price": price(symbol)})
}

func (q *quotes) refresh(symbol string) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		_ = price(symbol)
		q.refreshes.Add(1)
	}
}

// price is the quote feed (a fixed price per symbol).
func price(symbol string) string {
	return fmt.Sprintf("%d.%02d", 100+len(symbol), len(symbol)*7%100)
}
