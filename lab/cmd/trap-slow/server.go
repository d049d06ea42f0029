package main

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer has a slow report endpoint. CLEAN (a trap): slow is not leaky.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, nil, "pprof", "memory-json")
	e.GET("/reports/slow", slowReport)
	e.GET("/ping", func(c echo.Context) error { return c.String(http.StatusOK, "pong") })
	return e
}

// slowReport takes 2.5 s, but stops the moment the client goes away: its goroutine lives exactly as long as the
// request, so in-flight goroutines during the request are not a leak.
func slowReport(c echo.Context) error {
	select {
	case <-c.Request().Context().Done():
		return c.Request().Context().Err()
	case <-time.After(2500 * time.Millisecond):
		return c.JSON(http.StatusOK, map[string]string{"report": "done"})
	}
}
