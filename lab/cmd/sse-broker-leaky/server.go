package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/leakscan/lab/internal/telemetry"
	"github.com/leakscan/lab/internal/telemetry5"
)

// newServer (Echo v5) fans price events out to server-sent-event subscribers through a broker.
func newServer(ctx context.Context) *echo.Echo {
	b := &broker{subs: map[*subscriber]struct{}{}}
	go b.publish(ctx, 100*time.Millisecond)
	e := echo.New()
	telemetry5.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/events", b.events)
	e.GET("/ping", func(c *echo.Context) error { return c.String(http.StatusOK, "pong") })
	return e
}

// subscriber is one SSE client: its queue of pending events and a 4 KiB replay buffer for Last-Event-ID.
type subscriber struct {
	ch     chan string
	replay []byte
}

type broker struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

func (b *broker) subscribe() *subscriber {
	s := &subscriber{ch: make(chan string, 16), replay: make([]byte, 0, 4<<10)}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	return s
}

func (b *broker) unsubscribe(s *subscriber) {
	b.mu.Lock()
	delete(b.subs, s)
	b.mu.Unlock()
}

// publish sends a price event to every subscriber until ctx ends; a full queue drops the event for that subscriber.
func (b *broker) publish(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ev := fmt.Sprintf("id: %d\nevent: price\ndata: {\"n\":%d}\n\n", n, n)
		b.mu.Lock()
		for s := range b.subs {
			select {
			case s.ch <- ev:
			default:
			}
		}
		b.mu.Unlock()
	}
}

// LEAK (HEAP_GROWTH, HANDLER): the stream ends when the client disconnects, but the subscriber is never removed,
// so the broker keeps each one (its 16-event queue, filled and then dropping, and its 4 KiB replay buffer) forever.
func (b *broker) events(c *echo.Context) error {
	s := b.subscribe()
	return stream(c, s)
}

// stream writes the subscriber's events, flushed, until the client disconnects or a write fails.
func stream(c *echo.Context, s *subscriber) error {
	w := c.Response()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	if err := rc.Flush(); err != nil {
		return nil
	}
	for {
		select {
		case <-c.Request().Context().Done():
			return nil
		case ev := <-s.ch:
			s.replay = append(s.replay[:0], ev...)
			if _, err := fmt.Fprint(w, ev); err != nil {
				return nil
			}
			if err := rc.Flush(); err != nil {
				return nil
			}
		}
	}
}
