package main

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer has a public /api group and an /admin group with an audit middleware.
func newServer(_ context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, nil, "pprof", "expvar")
	api := e.Group("/api")
	api.GET("/items", listItems)
	api.GET("/items/:id", getItem)
	admin := e.Group("/admin", auditSession)
	admin.GET("/stats", stats)
	admin.GET("/users", users)
	return e
}

// auditSession opens an audit session per admin request and flushes it when the session ends.
// FIX: the middleware closes session.done when the handler returns, so the flusher runs and exits.
func auditSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s := &session{path: c.Path(), done: make(chan struct{})}
		go s.flushWhenDone()
		defer close(s.done)
		return next(c)
	}
}

type session struct {
	path string
	done chan struct{}
}

func (s *session) flushWhenDone() {
	<-s.done
	_ = s.path // write the audit record
}

func listItems(c echo.Context) error {
	return c.JSON(http.StatusOK, []map[string]string{{"id": "1"}, {"id": "2"}})
}

func getItem(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id")})
}

func stats(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]int{"users": 2, "items": 2})
}

func users(c echo.Context) error { return c.JSON(http.StatusOK, []string{"ann", "bob"}) }
