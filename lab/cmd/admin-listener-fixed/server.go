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
func newServer(ctx context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	q := &quotes{}
	go q.refresh(ctx)
	e.GET("/quotes/:symbol", q.get)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// newAdmin is the admin listener's Echo (telemetry.NewAdmin): pprof, expvar and Prometheus, reachable only on
// -admin-addr (loopback by default), never on the API's port.
func newAdmin(_ context.Context) *echo.Echo { return telemetry.NewAdmin() }

// quotes answers the latest price of a symbol and keeps the feed fresh.
type quotes struct{ refreshes atomic.Int64 }

// get answers the current quote.
// FIX: one refresher for the whole feed, started with the server and stopped by its context; a request starts none.
func (q *quotes) get(c echo.Context) error {
	symbol := c.Param("symbol")
	return c.JSON(http.StatusOK, map[string]string{"symbol": symbol, "price": price(symbol)})
}

func (q *quotes) refresh(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			q.refreshes.Add(1)
		}
	}
}

// price is the quote feed (a fixed price per symbol).
func price(symbol string) string {
	return fmt.Sprintf("%d.%02d", 100+len(symbol), len(symbol)*7%100)
}
