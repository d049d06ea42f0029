package main

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/labstack/echo/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// newServer (Echo v5) renders thumbnails; its only telemetry is a custom Prometheus registry on /metrics with the
// process collector and a Go collector that also exports runtime/metrics' /gc/ figures (go_gc_heap_live_bytes,
// go_gc_heap_goal_bytes, go_gc_gogc_percent, ...), no pprof.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(collectors.WithGoCollectorRuntimeMetrics(
			collectors.GoRuntimeMetricsRule{Matcher: regexp.MustCompile(`^/gc/.*`)})),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})))
	t := &thumbnails{}
	e.GET("/images/:id/thumbnail", t.render)
	e.GET("/healthz", func(c *echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// thumbnail renders a 4 KiB thumbnail of an image.
func thumbnail(id string) []byte {
	return []byte(strings.Repeat(id+";", 4096)[:4096])
}

// recentSize bounds the "recently rendered" list.
const recentSize = 16

// thumbnails keeps the last recentSize renders for the CDN warm-up job.
// FIX: a ring of 16 entries overwrites the oldest render, so at most 16 x 4 KiB is retained.
type thumbnails struct {
	mu     sync.Mutex
	recent [recentSize][]byte
	total  int
}

func (t *thumbnails) render(c *echo.Context) error {
	img := thumbnail(c.Param("id"))
	t.mu.Lock()
	t.recent[t.total%recentSize] = img
	t.total++
	n := t.total
	t.mu.Unlock()
	return c.JSON(http.StatusOK, map[string]any{"id": c.Param("id"), "bytes": len(img), "recent": n})
}
