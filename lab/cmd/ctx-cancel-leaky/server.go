package main

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer runs jobs under the server's own long-lived context, so shutting the server down cancels them.
func newServer(ctx context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.POST("/jobs/:name", runJob(ctx))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

type traceKey struct{}

// trace is a job's request-scoped trace: its attributes are rendered into a 4 KiB buffer up front.
type trace struct {
	name  string
	attrs []byte
}

// job runs under its own cancellable child of the server context; cancel is kept to abort it.
type job struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (j *job) run() (int, error) {
	t := j.ctx.Value(traceKey{}).(*trace)
	if err := j.ctx.Err(); err != nil {
		j.cancel() // abort: the only call of cancel
		return 0, err
	}
	return len(t.attrs), nil
}

// LEAK (HEAP_GROWTH, HANDLER): every job's context is a WithCancel child of the server's context, and cancel is
// only called when a job aborts. A child that is never cancelled stays in its parent's children set until the
// parent ends, so each request keeps its context, and the trace value it carries, for the server's lifetime.
func runJob(server context.Context) echo.HandlerFunc {
	return func(c echo.Context) error {
		t := &trace{name: c.Param("name"), attrs: make([]byte, 4<<10)}
		ctx, cancel := context.WithCancel(context.WithValue(server, traceKey{}, t))
		j := &job{ctx: ctx, cancel: cancel}
		n, err := j.run()
		if err != nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable, err.Error())
		}
		return c.JSON(http.StatusOK, map[string]any{"job": t.name, "traced": n})
	}
}
