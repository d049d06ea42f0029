package main

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// newServer accepts order webhooks; its only telemetry is client_golang's default registry on /metrics (the Go
// and process collectors that registry starts with), no pprof.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.GET("/metrics", echo.WrapHandler(promhttp.Handler()))
	r := &retryQueue{}
	e.POST("/webhooks/orders", r.accept)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// retryQueue keeps deliveries to retry later.
// LEAK (HEAP_GROWTH, HANDLER): every accepted webhook is queued "for a retry" that never runs and is never
// dequeued, so each request retains about 3 KiB of heap forever.
type retryQueue struct {
	mu      sync.Mutex
	pending []delivery
}

type delivery struct {
	body    string
	headers http.Header
	payload []byte
}

func (q *retryQueue) accept(c echo.Context) error {
	d := delivery{body: c.Request().Header.Get("Content-Type"), headers: c.Request().Header.Clone(),
		payload: []byte(strings.Repeat("o", 3072))}
	q.mu.Lock()
	q.pending = append(q.pending, d)
	n := len(q.pending)
	q.mu.Unlock()
	return c.JSON(http.StatusAccepted, map[string]any{"queued": n})
}
