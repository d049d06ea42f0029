package main

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer reproduces the brief's streaming handler that never looks at the request context.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/stream", stream)
	e.GET("/status", status)
	return e
}

// stream is the brief's "Missing context cancellation handling", verbatim.
// LEAK (ABORT_IGNORED + GOROUTINE_LEAK, HANDLER): the loop never checks the request context and ignores Write
// errors, so after the client goes away the handler goroutine ticks forever, holding its connection (an fd) and
// the connection's buffers. (Without Flush the 4-byte writes sit in Echo's buffered writer: clients see nothing.)
func stream(c echo.Context) error {
	for {
		select {
		case <-time.After(time.Second):
			// Write to response without checking context
			c.Response().Write([]byte("data"))
		}
	}
}

func status(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) }
