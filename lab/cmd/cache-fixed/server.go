package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer renders badges (small SVGs) and caches them.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/badges/:label", badge)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// render draws a badge of about 4 KiB for label.
func render(label string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="20"><title>%s</title>`, label)
	for i := 0; b.Len() < 4<<10; i++ {
		fmt.Fprintf(&b, `<rect x="%d" width="1" height="20" fill="#%06x"/>`, i%120, i*2654435761%0xffffff)
	}
	b.WriteString(`</svg>`)
	return []byte(b.String())
}

// maxBadges bounds the cache: client-chosen keys must not decide how much memory it holds.
const maxBadges = 64

// FIXED: the same cache, but it stops admitting labels at maxBadges entries; later labels are rendered per request.
var (
	badges sync.Map
	cached atomic.Int64
)

func badge(c echo.Context) error {
	label := c.Param("label")
	if svg, ok := badges.Load(label); ok {
		return c.Blob(http.StatusOK, "image/svg+xml", svg.([]byte))
	}
	svg := render(label)
	if cached.Add(1) <= maxBadges {
		if _, loaded := badges.LoadOrStore(label, svg); loaded {
			cached.Add(-1)
		}
	} else {
		cached.Add(-1)
	}
	return c.Blob(http.StatusOK, "image/svg+xml", svg)
}
