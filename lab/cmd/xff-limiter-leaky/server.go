package main

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo-contrib/echoprometheus"
	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer is a small search API behind a per-client rate limiter, instrumented with echoprometheus.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	reg := telemetry.NewRegistry()
	e.Use(echoprometheus.NewMiddlewareWithConfig(echoprometheus.MiddlewareConfig{
		Registerer:                reg,
		DoNotUseRequestPathFor404: true, // label 404s by route, not raw path, so the metrics stay bounded
	}))
	e.GET("/metrics", echoprometheus.NewHandlerWithConfig(echoprometheus.HandlerConfig{Gatherer: reg}))
	telemetry.Mount(e, nil, "memory-json")
	// e.IPExtractor is not set, so Echo v4's c.RealIP() believes X-Forwarded-For and X-Real-IP.
	e.Use(newLimiter().middleware)
	e.GET("/api/search", search)
	e.GET("/api/items/:id", item)
	return e
}

// visitor remembers the last 1024 request times of one client (8 KiB).
type visitor struct {
	hits [1024]int64
	next int
}

// limiter allows each client 1024 requests per second.
// LEAK (KEY_CARDINALITY_GROWTH, MIDDLEWARE): visitors are keyed by c.RealIP(), which by default is the
// client-supplied X-Forwarded-For, and are never evicted, so every distinct header value adds 8 KiB for good.
type limiter struct {
	mu       sync.Mutex
	visitors map[string]*visitor
}

func newLimiter() *limiter { return &limiter{visitors: map[string]*visitor{}} }

func (l *limiter) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !l.allow(c.RealIP(), time.Now()) {
			return echo.NewHTTPError(http.StatusTooManyRequests, "rate limit exceeded")
		}
		return next(c)
	}
}

func (l *limiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.visitors[ip]
	if !ok {
		v = &visitor{}
		l.visitors[ip] = v
	}
	oldest := v.hits[v.next]
	if oldest != 0 && now.UnixNano()-oldest < int64(time.Second) {
		return false
	}
	v.hits[v.next] = now.UnixNano()
	v.next = (v.next + 1) % len(v.hits)
	return true
}

func search(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"q": c.QueryParam("q"), "results": []string{"a", "b"}})
}

func item(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id")})
}
