package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"

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
	// FIXED: one client and Transport for the process, so requests reuse its few idle connections.
	client := &http.Client{Transport: &http.Transport{IdleConnTimeout: 90 * time.Second}, Timeout: 10 * time.Second}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/forecast/:city", forecast(client, base))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

func forecast(client *http.Client, base string) echo.HandlerFunc {
	return func(c echo.Context) error {
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
