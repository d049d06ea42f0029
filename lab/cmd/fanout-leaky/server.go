package main

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo-contrib/pprof"
	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer serves a dashboard assembled from three backends queried in parallel (about 300 ms).
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	pprof.Register(e)
	telemetry.Mount(e, nil, "expvar")
	e.GET("/dashboard/:user", getDashboard)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// backendLatency is each backend's answer time: the handler answers after the slowest of the three.
const backendLatency = 280 * time.Millisecond

var backends = []string{"profile", "orders", "recommendations"}

type part struct {
	Backend string `json:"backend"`
	User    string `json:"user"`
}

func query(backend, user string) part {
	time.Sleep(backendLatency) // the backend call
	return part{Backend: backend, User: user}
}

func getDashboard(c echo.Context) error {
	ctx := c.Request().Context()
	user := c.Param("user")
	// LEAK (ABORT_IGNORED, HANDLER): the handler returns as soon as the client goes away, but the workers send on an
	// unbuffered channel nobody reads any more: 3 goroutines blocked forever per cancelled request. A request that
	// completes reads all three results, so completed requests leave nothing behind.
	results := make(chan part)
	for _, b := range backends {
		go func() { results <- query(b, user) }()
	}
	parts := make([]part, 0, len(backends))
	for range backends {
		select {
		case p := <-results:
			parts = append(parts, p)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return c.JSON(http.StatusOK, parts)
}
