package main

import (
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
	"github.com/leakscan/lab/internal/upstream"
)

// newServer proxies a weather API that it starts itself on loopback.
func newServer(ctx context.Context) *echo.Echo {
	base, err := upstream.Start(ctx)
	if err != nil {
		panic(err)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/forecast/:city", forecast(base))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// LEAK (GOROUTINE_LEAK + FD_LEAK + HEAP_GROWTH, HANDLER): a new client and Transport per request. The body is
// read and closed, so the connection goes back to that transport's idle pool, which nobody uses again and which
// never expires it (a zero Transport has no IdleConnTimeout): per request the transport's readLoop and writeLoop
// goroutines, the upstream's connection goroutine, both sockets and their buffers stay.
func forecast(base string) echo.HandlerFunc {
	return func(c echo.Context) error {
		client := &http.Client{Transport: &http.Transport{}}
		resp, err := client.Get(base + "/weather/" + url.PathEscape(c.Param("city")))
		if err != nil {
			return echo.NewHTTPError(http.StatusBadGateway, err.Error())
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return echo.NewHTTPError(http.StatusBadGateway, err.Error())
		}
		return c.JSONBlob(http.StatusOK, body)
	}
}
