package main

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// newServer accepts order webhooks; its only telemetry is client_golang's default registry on /metrics.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.GET("/metrics", echo.WrapHandler(promhttp.Handler()))
	r := &retryQueue{}
	e.POST("/webhooks/orders", r.accept)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// pendingLimit bounds the retry queue.
const pendingLimit = 32

// retryQueue keeps deliveries to retry later.
// FIX: the queue is bounded; when full, the oldest delivery is dropped (and would go to a dead-letter store), so it
// holds at most 32 x 3 KiB.
type retryQueue struct {
	mu      sync.Mutex
	pending []delivery
	total   int
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
	if len(q.pending) == pendingLimit {
		copy(q.pending, q.pending[1:])
		q.pending = q.pending[:pendingLimit-1]
	}
	q.pending = append(q.pending, d)
	q.total++
	n := q.total
	q.mu.Unlock()
	return c.JSON(http.StatusAccepted, map[string]any{"queued": n})
}
