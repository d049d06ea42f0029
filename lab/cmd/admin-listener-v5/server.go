package main

import (
	"context"
	"expvar"
	"net/http"
	"net/http/pprof"

	"github.com/labstack/echo/v5"
	"github.com/prometheus/client_golang/prometheus/promhttp"
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

// newAdmin is the admin listener's Echo v5: pprof, expvar and Prometheus, reachable only on -admin-addr (loopback
// by default). This is the block docs/prepare-echo.md quotes for Echo v5.
func newAdmin(_ context.Context) *echo.Echo {
	admin := echo.New()
	admin.GET("/debug/pprof/*", echo.WrapHandler(http.HandlerFunc(pprof.Index))) // index and every named profile
	admin.GET("/debug/pprof/cmdline", echo.WrapHandler(http.HandlerFunc(pprof.Cmdline)))
	admin.GET("/debug/pprof/profile", echo.WrapHandler(http.HandlerFunc(pprof.Profile)))
	admin.GET("/debug/pprof/symbol", echo.WrapHandler(http.HandlerFunc(pprof.Symbol)))
	admin.GET("/debug/pprof/trace", echo.WrapHandler(http.HandlerFunc(pprof.Trace)))
	admin.GET("/debug/vars", echo.WrapHandler(expvar.Handler()))
	admin.GET("/metrics", echo.WrapHandler(promhttp.Handler())) // Go and process collectors: go_goroutines, process_open_fds
	return admin
}
