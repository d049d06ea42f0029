package main

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer is brief-middleware-leaky with the brief's remediation: context-aware background work.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Use(middleware.Recover())
	e.Use(contextAwareWork)
	telemetry.Mount(e, nil, "pprof", "memory-json")
	e.GET("/users/:id", getUser)
	e.GET("/hello", hello)
	return e
}

// contextAwareWork is the brief's "Proper context handling in middleware".
// FIX: the goroutine selects on a context derived from the request with a 2 s timeout, and the deferred cancel
// fires as soon as the handler returns, so the goroutine ends with the request instead of 5 s later.
func contextAwareWork(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// Use context with timeout for background operations
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		// Pass context to goroutines
		go func(ctx context.Context) {
			select {
			case <-ctx.Done():
				return // Exit on context cancellation
			case <-time.After(1 * time.Second):
				// Process data safely
			}
		}(ctx)
		return next(c)
	}
}

func getUser(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id"), "name": "user-" + c.Param("id")})
}

func hello(c echo.Context) error { return c.String(http.StatusOK, "hello") }
