package main

import (
	"context"
	"database/sql"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/sqlitedb"
	"github.com/leakscan/lab/internal/telemetry"
)

// newServer is brief-db-leaky with the brief's remediation: one shared, configured pool.
// FIX: the pool is opened once at start, sized (SetMaxOpenConns etc.), shared by every handler and closed only
// when the server stops; handlers use QueryRowContext so a cancelled request releases its connection.
func newServer(ctx context.Context) *echo.Echo {
	dsn, err := sqlitedb.Create(ctx)
	if err != nil {
		panic(err)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		panic(err)
	}
	// Configure pool size for Echo's typical load
	db.SetMaxOpenConns(25)
	db.SetMaxIdleConns(5)
	db.SetConnMaxLifetime(5 * time.Minute)
	go func() {
		<-ctx.Done()
		db.Close()
	}()
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	telemetry.Mount(e, telemetry.NewRegistry(), "pprof", "prometheus", "memory-json")
	e.GET("/users/:id", getUser(db))
	e.GET("/profiles/:id", getProfile(db))
	return e
}

func lookup(c echo.Context, db *sql.DB) (sqlitedb.User, error) {
	var user sqlitedb.User
	err := db.QueryRowContext(c.Request().Context(), sqlitedb.Query, c.Param("id")).
		Scan(&user.ID, &user.Name, &user.Email)
	return user, err
}

// getUser is the brief's "Database connection pooling with Echo" handler.
func getUser(db *sql.DB) echo.HandlerFunc {
	return func(c echo.Context) error {
		user, err := lookup(c, db)
		if err != nil {
			return echo.NewHTTPError(http.StatusNotFound, "User not found")
		}
		return c.JSON(http.StatusOK, user)
	}
}

func getProfile(db *sql.DB) echo.HandlerFunc {
	return func(c echo.Context) error {
		user, err := lookup(c, db)
		if err != nil {
			return echo.NewHTTPError(http.StatusNotFound, "User not found")
		}
		return c.JSON(http.StatusOK, map[string]any{"user": user, "bio": "profile of " + user.Name})
	}
}
