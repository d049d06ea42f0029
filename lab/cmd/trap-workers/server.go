package main

import (
	"context"
	"crypto/sha256"
	"net/http"
	"sync/atomic"

	"github.com/labstack/echo-contrib/pprof"
	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// workers is the size of the pool started at boot.
const workers = 8

// newServer accepts jobs into a queue drained by a fixed pool of workers. CLEAN (a trap): the pool's goroutines
// exist from boot and their number never changes with traffic.
func newServer(ctx context.Context) *echo.Echo {
	q := &queue{jobs: make(chan []byte, 256)}
	for i := 0; i < workers; i++ {
		go q.work(ctx)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	pprof.Register(e)
	telemetry.Mount(e, telemetry.NewRegistry(), "prometheus")
	e.POST("/jobs", q.enqueue)
	e.GET("/jobs/stats", q.stats)
	return e
}

type queue struct {
	jobs      chan []byte
	processed atomic.Int64
}

func (q *queue) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-q.jobs:
			sha256.Sum256(job)
			q.processed.Add(1)
		}
	}
}

type jobRequest struct {
	Payload string `json:"payload"`
}

func (q *queue) enqueue(c echo.Context) error {
	var req jobRequest
	if err := c.Bind(&req); err != nil {
		return err
	}
	select {
	case q.jobs <- []byte(req.Payload):
		return c.JSON(http.StatusAccepted, map[string]string{"status": "queued"})
	case <-c.Request().Context().Done():
		return c.Request().Context().Err()
	}
}

func (q *queue) stats(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"workers": workers, "processed": q.processed.Load(), "queued": len(q.jobs)})
}
