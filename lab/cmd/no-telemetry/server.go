package main

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// newServer exposes no telemetry at all: a scanner sees only latency and status codes, so its honest verdict is
// INCONCLUSIVE even though /orders/:id leaks.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	notify := make(chan string) // the notifier that was supposed to read this was never started
	e.POST("/orders/:id", func(c echo.Context) error {
		// LEAK (GOROUTINE_LEAK, HANDLER): the order notification is sent on an unbuffered channel that nothing
		// reads, so each request parks one goroutine on the send forever.
		id := c.Param("id")
		go func() { notify <- id }()
		return c.JSON(http.StatusCreated, map[string]string{"id": id, "status": "created"})
	})
	e.GET("/ping", func(c echo.Context) error { return c.String(http.StatusOK, "pong") })
	return e
}
