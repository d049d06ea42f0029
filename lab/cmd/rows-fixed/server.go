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

// FIXED: defer rows.Close() returns the connection to the pool on every return path, the early one included.
func nextUser(ctx context.Context, db *sql.DB) echo.HandlerFunc {
	return func(c echo.Context) error {
		rows, err := db.QueryContext(ctx, sqlitedb.NextQuery, c.Param("id"))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u sqlitedb.Profile
			if err := rows.Scan(&u.ID, &u.Name, &u.Email, &u.Bio); err != nil {
				return err
			}
			return c.JSON(http.StatusOK, u)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return echo.NewHTTPError(http.StatusNotFound, "no user after that id")
	}
}
