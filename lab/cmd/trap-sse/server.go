package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/leakscan/lab/internal/telemetry"
	"github.com/leakscan/lab/internal/telemetry5"
)

// newServer (Echo v5) streams server-sent events. CLEAN (a trap): a long-lived stream is not a leak.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	telemetry5.Mount(e, telemetry.NewRegistry(), "prometheus")
	e.GET("/events", events)
	e.GET("/ping", func(c *echo.Context) error { return c.String(http.StatusOK, "pong") })
	return e
}

// events sends a tick every 200 ms, flushed, until the client disconnects: it returns on ctx.Done() or on the
// first failed write, so an aborted stream costs nothing afterwards.
func events(c *echo.Context) error {
	w := c.Response()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	ticker := time.NewTicker(200 * time.Millisecond)
	defer ticker.Stop()
	for i := 0; ; i++ {
		if _, err := fmt.Fprintf(w, "id: %d\nevent: tick\ndata: {\"n\":%d}\n\n", i, i); err != nil {
			return nil
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
		select {
		case <-c.Request().Context().Done():
			return nil
		case <-ticker.C:
		}
	}
}
