package main

import (
	"container/list"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v5"
	"github.com/leakscan/lab/internal/telemetry5"
)

// newServer (Echo v5) caches rendered product pages. CLEAN (a trap): the cache warms up, then plateaus.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	telemetry5.Mount(e, nil, "expvar", "memory-json")
	cache := newLRU(64)
	e.GET("/products/:id", func(c *echo.Context) error {
		id := c.Param("id")
		page, hit := cache.get(id)
		if !hit {
			page = renderPage(id)
			cache.put(id, page)
		}
		return c.JSON(http.StatusOK, map[string]any{"id": id, "bytes": len(page), "cached": hit})
	})
	e.GET("/ping", func(c *echo.Context) error { return c.String(http.StatusOK, "pong") })
	return e
}

// renderPage builds a 16 KiB page.
func renderPage(id string) []byte {
	return []byte(strings.Repeat(fmt.Sprintf("<p>product %s</p>", id), 16<<10/16)[:16<<10])
}

// lru holds at most cap pages (64 x 16 KiB = 1 MiB): a burst of distinct ids grows the heap until the cache is
// full, after which each new id evicts the least recently used one and the heap stays flat.
type lru struct {
	mu    sync.Mutex
	cap   int
	order *list.List // front = most recent; values are *entry
	items map[string]*list.Element
}

type entry struct {
	key  string
	page []byte
}

func newLRU(capacity int) *lru {
	return &lru{cap: capacity, order: list.New(), items: map[string]*list.Element{}}
}

func (l *lru) get(key string) ([]byte, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.items[key]; ok {
		l.order.MoveToFront(el)
		return el.Value.(*entry).page, true
	}
	return nil, false
}

func (l *lru) put(key string, page []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.items[key]; ok {
		el.Value.(*entry).page = page
		l.order.MoveToFront(el)
		return
	}
	l.items[key] = l.order.PushFront(&entry{key: key, page: page})
	if l.order.Len() > l.cap {
		last := l.order.Back()
		l.order.Remove(last)
		delete(l.items, last.Value.(*entry).key)
	}
}
