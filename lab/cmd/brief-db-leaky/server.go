package main

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/sqlitedb"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer reproduces the brief's per-request sql.DB, on a real SQLite file, plus the variant that really leaks.
func newServer(ctx context.Context) *echo.Echo {
	dsn, err := sqlitedb.Create(ctx)
	if err != nil {
		panic(err)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus", "memory-json")
	e.GET("/users/:id", getUser(dsn))
	e.GET("/profiles/:id", getProfile(dsn))
	return e
}

// getUser is the brief's handler: it opens a pool per request and closes it on return.
// NOT A RETAINED LEAK (measured): Close stops database/sql's connectionOpener goroutine and closes the SQLite
// file, so nothing outlives the request; the cost is churn (a new pool, connection and file open per request),
// which shows as latency and allocation rate, not as retained goroutines, heap or fds.
func getUser(dsn string) echo.HandlerFunc {
	return func(c echo.Context) error {
		db, _ := sql.Open("sqlite", dsn)
		defer db.Close() // Problematic: closing shared pool
		var user sqlitedb.User
		db.QueryRow(sqlitedb.Query, c.Param("id")).Scan(&user.ID, &user.Name, &user.Email)
		return c.JSON(http.StatusOK, user)
	}
}

// getProfile is the same handler with the Close forgotten, the way the pattern really leaks in services.
// LEAK (GOROUTINE_LEAK + FD_LEAK, HANDLER): every sql.Open starts a connectionOpener goroutine that waits for the
// pool to close, and the query leaves an idle connection holding the SQLite file open; nothing closes either.
func getProfile(dsn string) echo.HandlerFunc {
	return func(c echo.Context) error {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return err
		}
		var user sqlitedb.User
		if err := db.QueryRowContext(c.Request().Context(), sqlitedb.Query, c.Param("id")).
			Scan(&user.ID, &user.Name, &user.Email); err != nil {
			return echo.NewHTTPError(http.StatusNotFound, "User not found")
		}
		return c.JSON(http.StatusOK, map[string]any{"user": user, "bio": "profile of " + user.Name})
	}
}
