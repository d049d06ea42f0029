package main

import (
	"context"
	"net/http"
	"testing"

	"github.com/leakscan/lab/internal/labtest"
)

func TestCatalog(t *testing.T) {
	labtest.Verify(t, "leakprofile-fixed", func(ctx context.Context) http.Handler { return newServer(ctx) })
	if p := labtest.FetchLeakProfile(t, labtest.Serve(t, newServer(context.Background()))); p.Total != 0 {
		t.Errorf("goroutineleak lists %d goroutines after the catalog's traffic: %v", p.Total, p.ByFunc)
	}
}
