package main

import (
	"context"
	"net/http"
	"testing"

	"github.com/leakscan/lab/internal/labtest"
)

func TestCatalog(t *testing.T) {
	labtest.Verify(t, "errpath-fixed", func(ctx context.Context) http.Handler { return newServer(ctx) })
}
