package main

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
	"github.com/prometheus/client_golang/prometheus"
)

// newServer is a small catalogue API with a hand-written metrics middleware (request count, latency and response size).
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	reg := telemetry.NewRegistry()
	m := newMetrics(reg)
	e.Use(m.middleware)
	telemetry.Mount(e, reg, "pprof", "prometheus")
	e.GET("/products/:id", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id"), "name": "widget"})
	})
	e.GET("/users/:name/avatar", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"user": c.Param("name"), "avatar": "default.png"})
	})
	return e
}

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	size     *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "http_requests_total",
			Help: "Requests by method, path and status."}, []string{"method", "path", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "http_request_duration_seconds",
			Help: "Request latency by method and path."}, []string{"method", "path"}),
		size: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "http_response_size_bytes",
			Help: "Response size by method and path.", Buckets: prometheus.ExponentialBuckets(64, 4, 8)},
			[]string{"method", "path"}),
	}
	reg.MustRegister(m.requests, m.latency, m.size)
	return m
}

// middleware counts and times every request.
// FIXED: the path label is the route template (c.Path(): "/products/:id"), and a request no route serves is
// labelled "unmatched", so the series are bounded by the routes.
func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		path := c.Path()
		if path == "" || c.Response().Status == http.StatusNotFound {
			path = "unmatched"
		}
		m.requests.WithLabelValues(c.Request().Method, path, strconv.Itoa(c.Response().Status)).Inc()
		m.latency.WithLabelValues(c.Request().Method, path).Observe(time.Since(start).Seconds())
		m.size.WithLabelValues(c.Request().Method, path).Observe(float64(c.Response().Size))
		return nil
	}
}
