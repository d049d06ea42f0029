package main

import (
	"context"
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
	client := &http.Client{Transport: &http.Transport{}} // no Timeout, like most code in the wild
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/weather/:city", weather(client, base))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// LEAK (GOROUTINE_LEAK + FD_LEAK + HEAP_GROWTH, HANDLER): only the status is used and the body is never closed,
// so the keep-alive connection is never returned to the pool: per request its transport readLoop and writeLoop
// goroutines, the client socket, the upstream's connection goroutine and socket, and their 4 KiB buffers stay.
func weather(client *http.Client, base string) echo.HandlerFunc {
	return func(c echo.Context) error {
		resp, err := client.Get(base + "/weather/" + url.PathEscape(c.Param("city")))
		if err != nil {
			return echo.NewHTTPError(http.StatusBadGateway, err.Error())
		}
		return c.JSON(http.StatusOK, map[string]any{"city": c.Param("city"), "upstream": resp.Status})
	}
}
