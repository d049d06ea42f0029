package main

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo-contrib/pprof"
	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer serves stock quotes from a slow lookup with a latency budget (stale answer when it is exceeded).
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	pprof.Register(e) // echo-contrib's helper: /debug/pprof/...
	telemetry.Mount(e, nil, "expvar")
	e.GET("/quotes/:symbol", getQuote)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

type quote struct {
	Symbol string   `json:"symbol"`
	Price  *float64 `json:"price"`
	Stale  bool     `json:"stale"`
}

const (
	lookupLatency = 25 * time.Millisecond
	quoteBudget   = 10 * time.Millisecond
)

func lookup(symbol string) quote {
	time.Sleep(lookupLatency) // the slow pricing backend
	p := 42.0
	return quote{Symbol: symbol, Price: &p}
}

func getQuote(c echo.Context) error {
	symbol := c.Param("symbol")
	// FIX: one buffered slot lets the late lookup complete its send and exit even when nobody receives any more.
	ch := make(chan quote, 1)
	go func() { ch <- lookup(symbol) }()
	select {
	case q := <-ch:
		return c.JSON(http.StatusOK, q)
	case <-time.After(quoteBudget):
		return c.JSON(http.StatusOK, quote{Symbol: symbol, Stale: true})
	}
}
