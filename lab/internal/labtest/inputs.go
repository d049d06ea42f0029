package labtest

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// inputsChecked are the wrong inputs a route is proven against: those its expectations name, and those the same
// route of its twin names (the fixed twin must pass the rounds that find the leak).
func inputsChecked(cat Catalog, app App, r Route) []string {
	var out []string
	add := func(rt Route) {
		for _, e := range rt.Expect {
			if e.Input != "" && !slices.Contains(out, e.Input) {
				out = append(out, e.Input)
			}
		}
	}
	add(r)
	if app.Twin != nil {
		if twin, ok := cat.Find(*app.Twin); ok {
			for _, tr := range twin.Routes {
				if tr.Method == r.Method && tr.Path == r.Path {
					add(tr)
				}
			}
		}
	}
	return out
}

// inputRequest is the route's request with one wrong input, as the scanner sends it: an empty body, a truncated
// JSON body, the body as text/plain, no Authorization header, an invalid bearer token, or an unknown value in every
// path parameter.
func (h *harness) inputRequest(r Route, input string) *http.Request {
	path, body, contentType := r.Request.Path, "", ""
	if r.Request.Body != nil {
		body = *r.Request.Body
	}
	if r.Request.ContentType != nil {
		contentType = *r.Request.ContentType
	}
	headers := map[string]string{}
	for k, v := range r.Request.Headers {
		headers[k] = v
	}
	switch input {
	case "empty-body":
		body = ""
	case "malformed-body":
		body, contentType = `{"leakscan":`, "application/json"
	case "wrong-content-type":
		contentType = "text/plain"
	case "missing-auth":
		delete(headers, "Authorization")
	case "invalid-auth":
		headers["Authorization"] = "Bearer leakscan-invalid"
	case "unknown-path-param":
		path = pathWith(r.Path, r.Request.Path, "leakscan-unknown")
	default:
		h.t.Fatalf("unknown input %q", input)
	}
	req, err := http.NewRequestWithContext(context.Background(), r.Method, h.base+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return req
}

// sendInput runs n requests with the wrong input, 4 in flight, and returns the status the first one got; each must
// be rejected (4xx): an accepted one would be the happy path again.
func (h *harness) sendInput(t *testing.T, r Route, input string, n int) int {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	var mu sync.Mutex
	status := 0
	for i := 0; i < n; i++ {
		req := h.inputRequest(r, input)
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			resp, err := h.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mu.Lock()
			if status == 0 || resp.StatusCode < 400 || resp.StatusCode >= 500 {
				status = resp.StatusCode
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if status < 400 || status >= 500 {
		t.Fatalf("%s: %s %s answered %d, want a 4xx rejection", input, r.Method, r.Request.Path, status)
	}
	return status
}

// checkInput proves what n requests with one wrong input leave behind: for good with GOROUTINE_LEAK or FD_LEAK
// expected for that input, nothing otherwise (the goroutines come back, no descriptor or heap is retained).
func (h *harness) checkInput(t *testing.T, r Route, input string) {
	n := 200
	if testing.Short() {
		n = 100
	}
	h.sendInput(t, r, input, warmUp)
	g0, h0, f0 := settledGoroutines(), heapAfterGC(), openFDs()
	status := h.sendInput(t, r, input, n)
	if r.HasInput("GOROUTINE_LEAK", input) {
		waitPermanentWindow()
		excess := settledGoroutines() - g0
		t.Logf("measured: %d requests with %s (%d) -> goroutines %+d after %v", n, input, status, excess,
			permanentWindowDuration())
		if excess < int(leakFraction*float64(n)) {
			t.Errorf("GOROUTINE_LEAK with %s: only %d extra goroutines after %d requests", input, excess, n)
		}
	} else if !pollUntil(cleanDeadline, func() bool { return runtime.NumGoroutine()-g0 <= goroutineSlack }) {
		t.Errorf("%s: %d extra goroutines %v after %d requests", input, runtime.NumGoroutine()-g0, cleanDeadline, n)
	}
	fds := h.settledFDs(f0, r.HasInput("FD_LEAK", input), n)
	heap := heapAfterGC() - h0
	t.Logf("measured: %d requests with %s (%d) -> heap %+d B (%+d B/req), fds %+d", n, input, status, heap,
		heap/int64(n), fds)
	checkFDs(t, r.HasInput("FD_LEAK", input), fds, n)
	if !r.HasInput("GOROUTINE_LEAK", input) {
		checkHeap(t, "HEAP_GROWTH", r.HasInput("HEAP_GROWTH", input), heap, n)
	}
}
