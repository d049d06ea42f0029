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

// newServer is xff-limiter-leaky with both fixes.
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
	// FIX 1: the client IP is the TCP peer; forwarding headers from unknown clients are ignored.
	e.IPExtractor = echo.ExtractIPDirect()
	e.Use(newLimiter().middleware)
	e.GET("/api/search", search)
	e.GET("/api/items/:id", item)
	return e
}

// maxVisitors bounds the limiter's memory: at most 1024 x 8 KiB.
const maxVisitors = 1024

// visitor remembers the last 1024 request times of one client (8 KiB).
type visitor struct {
	hits     [1024]int64
	next     int
	lastSeen int64
}

// limiter allows each client 1024 requests per second.
// FIX 2: the store is bounded; when full, the least recently seen visitor is evicted.
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
		if len(l.visitors) >= maxVisitors {
			l.evictOldest()
		}
		v = &visitor{}
		l.visitors[ip] = v
	}
	v.lastSeen = now.UnixNano()
	oldest := v.hits[v.next]
	if oldest != 0 && now.UnixNano()-oldest < int64(time.Second) {
		return false
	}
	v.hits[v.next] = now.UnixNano()
	v.next = (v.next + 1) % len(v.hits)
	return true
}

// evictOldest is O(n), fine for 1024 entries.
func (l *limiter) evictOldest() {
	var oldestIP string
	var oldest int64
	for ip, v := range l.visitors {
		if oldestIP == "" || v.lastSeen < oldest {
			oldestIP, oldest = ip, v.lastSeen
		}
	}
	delete(l.visitors, oldestIP)
}

func search(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"q": c.QueryParam("q"), "results": []string{"a", "b"}})
}

func item(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id")})
}
