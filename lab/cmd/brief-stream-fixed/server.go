package main

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer serves the brief's context-aware /safe-stream.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/safe-stream", safeStream)
	e.GET("/status", status)
	return e
}

// safeStream is the brief's "Echo's context-aware streaming", verbatim.
// FIX: it selects on c.Request().Context().Done(), which net/http cancels when the client disconnects, returns
// on a Write error and flushes every chunk, so an aborted stream ends within a tick.
func safeStream(c echo.Context) error {
	// Properly handle context cancellation
	for {
		select {
		case <-c.Request().Context().Done():
			return c.NoContent(http.StatusNoContent)
		case <-time.After(time.Second):
			if _, err := c.Response().Write([]byte("data")); err != nil {
				return err
			}
			c.Response().Flush()
		}
	}
}

func status(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) }
