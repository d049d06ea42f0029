package main

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v5"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer is the public API (Echo v5): it serves no telemetry at all (newAdmin does, on its own listener).
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.GET("/ping", func(c *echo.Context) error { return c.String(http.StatusOK, "pong") })
	e.GET("/items/:id", func(c *echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id")})
	})
	return e
}

// newAdmin is the admin listener's Echo v5: pprof, expvar and Prometheus (telemetry.AdminRoutes), reachable only on
// -admin-addr (loopback by default). This is the block docs/prepare-echo.md quotes for Echo v5.
func newAdmin(_ context.Context) *echo.Echo {
	admin := echo.New()
	for _, r := range telemetry.AdminRoutes() {
		admin.GET(r.Path, echo.WrapHandler(r.Handler))
	}
	return admin
}
