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
	client := &http.Client{Transport: &http.Transport{}} // no Timeout, like most code in the wild
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/weather/:city", weather(client, base))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// FIX: the body is drained and closed, so the connection goes back to the idle pool (at most 2 per host) and
// is reused by the next request.
func weather(client *http.Client, base string) echo.HandlerFunc {
	return func(c echo.Context) error {
		resp, err := client.Get(base + "/weather/" + url.PathEscape(c.Param("city")))
		if err != nil {
			return echo.NewHTTPError(http.StatusBadGateway, err.Error())
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		return c.JSON(http.StatusOK, map[string]any{"city": c.Param("city"), "upstream": resp.Status})
	}
}
