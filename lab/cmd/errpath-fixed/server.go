package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer serves CSV imports spooled to a temporary file, and reports behind a bearer token. Every branch cleans
// up, the error branches included.
func newServer(context.Context) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	s := &spools{open: map[int64]*os.File{}}
	a := &auditLog{outcomes: map[string]int{}}
	e.POST("/imports", importRows(s))
	e.GET("/reports/:id", report(a))
	return e
}

// spools registers every import's spool file while the import runs, so a shutdown could close them.
type spools struct {
	mu   sync.Mutex
	next int64
	open map[int64]*os.File
}

// start creates and registers a spool file; its name is unlinked at once, so only the descriptor holds it.
func (s *spools) start() (int64, *os.File, error) {
	f, err := os.CreateTemp("", "import-*.csv")
	if err != nil {
		return 0, nil, err
	}
	os.Remove(f.Name())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.open[s.next] = f
	return s.next, f, nil
}

// finish closes and unregisters a spool file.
func (s *spools) finish(id int64) {
	s.mu.Lock()
	f := s.open[id]
	delete(s.open, id)
	s.mu.Unlock()
	if f != nil {
		f.Close()
	}
}

type importRequest struct {
	Name string   `json:"name"`
	Rows []string `json:"rows"`
}

// FIX: finish is deferred right after the spool is registered, so the early returns for a body that does not bind
// or validate close and unregister it too.
func importRows(s *spools) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, spool, err := s.start()
		if err != nil {
			return err
		}
		defer s.finish(id)
		var req importRequest
		if err := c.Bind(&req); err != nil {
			return err
		}
		if req.Name == "" || len(req.Rows) == 0 {
			return echo.NewHTTPError(http.StatusBadRequest, "name and rows are required")
		}
		for _, row := range req.Rows {
			fmt.Fprintln(spool, row)
		}
		return c.JSON(http.StatusCreated, map[string]any{"import": req.Name, "rows": len(req.Rows)})
	}
}

// auditLog counts request outcomes; each request hands its outcome to an audit goroutine of its own.
type auditLog struct {
	mu       sync.Mutex
	outcomes map[string]int
}

func (a *auditLog) record(outcomes <-chan string) {
	o := <-outcomes
	a.mu.Lock()
	a.outcomes[o]++
	a.mu.Unlock()
}

var reports = map[string]string{"q3": "revenue up", "q4": "revenue flat"}

// FIX: the 401 branch hands the audit goroutine its outcome like every other branch, so it ends.
func report(a *auditLog) echo.HandlerFunc {
	return func(c echo.Context) error {
		outcome := make(chan string)
		go a.record(outcome)
		if c.Request().Header.Get("Authorization") != "Bearer lab-token" {
			outcome <- "unauthorized"
			return echo.NewHTTPError(http.StatusUnauthorized, "a valid bearer token is required")
		}
		body, ok := reports[strings.ToLower(c.Param("id"))]
		if !ok {
			outcome <- "not found"
			return echo.NewHTTPError(http.StatusNotFound, "no such report")
		}
		outcome <- "ok"
		return c.JSON(http.StatusOK, map[string]string{"report": c.Param("id"), "body": body})
	}
}
