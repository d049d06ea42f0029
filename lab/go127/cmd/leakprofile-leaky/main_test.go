package main

import (
	"context"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/leakscan/lab/internal/labtest"
)

func TestCatalog(t *testing.T) {
	labtest.Verify(t, "leakprofile-leaky", func(ctx context.Context) http.Handler { return newServer(ctx) })
}

// TestGoroutineLeakProfile pins what Go 1.27's goroutineleak profile says about each leak: every goroutine blocked
// on a channel only it can reach, whether or not it captured the Echo context, and none of those blocked on the
// server's audit channel and mutex, which live code still reaches.
func TestGoroutineLeakProfile(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	base := labtest.Serve(t, newServer(ctx))
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	before := labtest.FetchLeakProfile(t, base)
	g0 := runtime.NumGoroutine()
	const n = 50
	for i := 0; i < n; i++ {
		for _, r := range [][2]string{{"GET", "/quotes/ACME"}, {"GET", "/rates/USD"}, {"PUT", "/stock/SKU-1"}} {
			req, _ := http.NewRequest(r[0], base+r[1], nil)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
	}
	const want = 3*n - 5 // goroutines of earlier tests may end meanwhile
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine()-g0 < want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if extra := runtime.NumGoroutine() - g0; extra < want {
		t.Fatalf("only %d more goroutines after %d requests to each leaky route", extra, n)
	}
	// the last lookups may still be in their 25 ms sleep: poll until they block
	var after labtest.LeakProfile
	got := func(fn string) int { return after.ByFunc[fn] - before.ByFunc[fn] }
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		after = labtest.FetchLeakProfile(t, base)
		if got("quote.func1") >= n && got("rate.func1") >= n || time.Now().After(deadline) {
			break
		}
	}
	t.Logf("goroutineleak: %d quote (captures the Echo context), %d rate (captures nothing), %d flush (reachable channel and mutex) of %d each",
		got("quote.func1"), got("rate.func1"), got("(*stock).flush"), n)
	if got("quote.func1") != n || got("rate.func1") != n {
		t.Errorf("goroutineleak lists %d quote and %d rate goroutines, want %d each", got("quote.func1"), got("rate.func1"), n)
	}
	if got("(*stock).flush") != 0 {
		t.Errorf("goroutineleak lists %d flush goroutines; their channel is reachable, so it should list none", got("(*stock).flush"))
	}
}
