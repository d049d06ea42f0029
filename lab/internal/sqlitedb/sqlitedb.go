// Package sqlitedb creates the lab's real database: a temporary SQLite file (pure-Go driver modernc.org/sqlite)
// with a users table.
package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// User is a row of the users table.
type User struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Create makes a temp-file database with 100 users and returns its DSN; the file is removed when ctx ends.
func Create(ctx context.Context) (string, error) {
	dir, err := os.MkdirTemp("", "leakscan-lab-db-")
	if err != nil {
		return "", err
	}
	dsn := "file:" + filepath.Join(dir, "lab.db") + "?_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL)`); err != nil {
		return "", err
	}
	for i := 1; i <= 100; i++ {
		if _, err := db.Exec(`INSERT INTO users (id, name, email) VALUES (?, ?, ?)`,
			i, fmt.Sprintf("user-%d", i), fmt.Sprintf("user-%d@example.test", i)); err != nil {
			return "", err
		}
	}
	go func() {
		<-ctx.Done()
		os.RemoveAll(dir)
	}()
	return dsn, nil
}

// Query is the statement both routes run.
const Query = `SELECT id, name, email FROM users WHERE id = ?`

// NextQuery lists the users after an id, in id order, with their bio (4 KiB of text each, added by Open).
const NextQuery = `SELECT id, name, email, bio FROM users WHERE id > ? ORDER BY id`

// Profile is a user with the bio Open adds.
type Profile struct {
	User
	Bio string `json:"bio"`
}

// Open creates the database (see Create), gives every user a 4 KiB bio, and returns one shared pool on it, closed
// when ctx ends.
func Open(ctx context.Context) (*sql.DB, error) {
	dsn, err := Create(ctx)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec(`ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT ''`); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.Exec(`UPDATE users SET bio = hex(randomblob(2048))`); err != nil {
		db.Close()
		return nil, err
	}
	go func() {
		<-ctx.Done()
		db.Close()
	}()
	return db, nil
}
