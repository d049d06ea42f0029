package main

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/sqlitedb"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer looks users up in a real SQLite file through one shared pool, under the server's long-lived context
// (so shutting down cancels queries in flight).
func newServer(ctx context.Context) *echo.Echo {
	db, err := sqlitedb.Open(ctx)
	if err != nil {
		panic(err)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus")
	e.GET("/users/:id/next", nextUser(ctx, db))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}

// LEAK (GOROUTINE_LEAK + FD_LEAK + HEAP_GROWTH, HANDLER): the handler returns on the first row without
// rows.Close(). The Rows keep their connection busy until their context ends, and the server's context only ends at
// shutdown: per request database/sql's goroutine waiting on that context, a new pool connection with its own file
// descriptor on the database file, and the Rows with the last row they read (its 4 KiB bio) stay.
func nextUser(ctx context.Context, db *sql.DB) echo.HandlerFunc {
	return func(c echo.Context) error {
		rows, err := db.QueryContext(ctx, sqlitedb.NextQuery, c.Param("id"))
		if err != nil {
			return err
		}
		for rows.Next() {
			var u sqlitedb.Profile
			if err := rows.Scan(&u.ID, &u.Name, &u.Email, &u.Bio); err != nil {
				return err
			}
			return c.JSON(http.StatusOK, u)
		}
		return echo.NewHTTPError(http.StatusNotFound, "no user after that id")
	}
}
