package main

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer reproduces the brief's first pattern: a global middleware that starts background work per request.
// (The brief also installs middleware.Logger(); it is left out so the lab's stdout stays quiet.)
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Use(middleware.Recover())
	e.Use(orphanedWork)
	telemetry.Mount(e, nil, "pprof", "memory-json")
	e.GET("/users/:id", getUser)
	e.GET("/hello", hello)
	return e
}

// orphanedWork is the brief's "Problematic: goroutine leaks in middleware".
// LEAK (LINGERING_GOROUTINES, MIDDLEWARE): every request on every route (telemetry included) starts a goroutine
// that sleeps 5 s without looking at the request context, so it outlives the response, and a client abort, by 5 s.
func orphanedWork(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		go func() {
			// Long-running operation without context
			time.Sleep(5 * time.Second)
			// Process request data
		}()
		return next(c)
	}
}

func getUser(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id"), "name": "user-" + c.Param("id")})
}

func hello(c echo.Context) error { return c.String(http.StatusOK, "hello") }
