package labtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Thresholds. The catalog's kinds mean exactly these measurements (see README "What the kinds mean").
const (
	leakFraction     = 0.8  // a per-request leak retains at least 0.8 of one goroutine or fd per request
	heapLeakPerReq   = 2048 // HEAP_GROWTH / KEY_CARDINALITY_GROWTH: at least 2 KiB retained per request after GC
	heapCleanPerReq  = 1536 // clean: under 1.5 KiB per request (goroutine descriptors of a goroutine leak stay below)
	goroutineSlack   = 8    // clean: at most this many extra goroutines after settle
	fdSlack          = 4    // clean: at most this many extra fds
	lingerDeadline   = 9 * time.Second
	cleanDeadline    = 3 * time.Second
	permanentWindow  = 6 * time.Second // longer than the longest lingering goroutine (5 s) in the lab
	shortPermanent   = 2 * time.Second
	inFlightDeadline = 3 * time.Second
	warmUp           = 50 // requests before the heap baseline: fills pools and small rings (heap-slice-fixed keeps 32)
)

// Measurement is what one phase of requests did to the process.
type Measurement struct {
	Goroutines int // excess goroutines
	HeapBytes  int64
	FDs        int
}

// Option adds to what Verify serves.
type Option func(*options)

type options struct {
	newAdmin func(ctx context.Context) http.Handler
}

// Admin serves newAdmin on a second loopback listener, as the app's -admin-addr; required for (and only for) apps
// whose catalog entry has telemetryBaseUrl "admin".
func Admin(newAdmin func(ctx context.Context) http.Handler) Option {
	return func(o *options) { o.newAdmin = newAdmin }
}

// Verify starts the app built by newServer on a loopback port and checks every catalog route of the app named name.
func Verify(t *testing.T, name string, newServer func(ctx context.Context) http.Handler, opts ...Option) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	app, ok := cat.Find(name)
	if !ok {
		t.Fatalf("app %q is not in catalog.json", name)
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if (app.TelemetryBaseURL == "admin") != (o.newAdmin != nil) {
		t.Fatalf("%s: telemetryBaseUrl %q in catalog.json, but the test serves an admin listener: %v", name,
			app.TelemetryBaseURL, o.newAdmin != nil)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	base := listen(t, newServer(ctx))
	h := &harness{t: t, base: base, telemetryBase: base,
		client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}
	if o.newAdmin != nil {
		h.telemetryBase = listen(t, o.newAdmin(ctx))
	}

	t.Run("telemetry", func(t *testing.T) { h.checkTelemetry(t, app) })
	for _, r := range app.Routes {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			h.t = t
			if r.Streaming {
				h.checkStreaming(t, r)
			} else {
				h.checkRoute(t, r)
				if abortChecked(cat, app, r) {
					h.checkCancelled(t, r)
				}
				for _, input := range inputsChecked(cat, app, r) {
					t.Run(input, func(t *testing.T) { h.checkInput(t, r, input) })
				}
			}
		})
	}
}

type harness struct {
	t             *testing.T
	base          string
	telemetryBase string // base, or the admin listener's base URL
	client        *http.Client
	keys          int // distinct keys used so far, so every phase and route gets fresh ones
}

// listen serves h on a loopback port until the test ends and returns its base URL.
func listen(t *testing.T, h http.Handler) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() }) // not Shutdown: leaky streaming handlers never return
	return "http://" + ln.Addr().String()
}

func (h *harness) newRequest(ctx context.Context, r Route, path string, xff string) *http.Request {
	var body io.Reader
	if r.Request.Body != nil {
		body = strings.NewReader(*r.Request.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, h.base+path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	if r.Request.ContentType != nil {
		req.Header.Set("Content-Type", *r.Request.ContentType)
	}
	for k, v := range r.Request.Headers {
		req.Header.Set(k, v)
	}
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	return req
}

// send runs n complete requests with up to 4 in flight; distinct gives every request its own client-controlled key
// (X-Forwarded-For and the route's path parameters), offset keeps keys of different phases apart.
func (h *harness) send(t *testing.T, r Route, n int, distinct bool, offset int) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	var mu sync.Mutex
	var firstErr error
	for i := 0; i < n; i++ {
		path, xff := r.Request.Path, ""
		if distinct {
			k := offset + i
			path = distinctPath(r.Path, r.Request.Path, 100000+k)
			xff = fmt.Sprintf("10.%d.%d.%d", (k>>16)&255, (k>>8)&255, k&255)
		}
		req := h.newRequest(context.Background(), r, path, xff)
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			resp, err := h.client.Do(req)
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if !distinct && (resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed) {
					err = fmt.Errorf("%s %s: status %d: route not registered?", req.Method, req.URL.Path, resp.StatusCode)
				}
			}
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
}

var paramSegment = regexp.MustCompile(`^[:*]`)

// distinctPath replaces the segments of the concrete request that are parameters in the route pattern with key.
func distinctPath(pattern, concrete string, key int) string {
	return pathWith(pattern, concrete, fmt.Sprint(key))
}

// pathWith replaces the segments of the concrete request that are parameters in the route pattern with value.
func pathWith(pattern, concrete, value string) string {
	ps, cs := strings.Split(pattern, "/"), strings.Split(concrete, "/")
	if len(ps) != len(cs) {
		return concrete
	}
	for i, p := range ps {
		if paramSegment.MatchString(p) {
			cs[i] = value
		}
	}
	return strings.Join(cs, "/")
}

func (h *harness) checkRoute(t *testing.T, r Route) {
	n := 200
	if testing.Short() {
		n = 100
	}
	// On a route that answers, ABORT_IGNORED with GOROUTINE_LEAK means the cancelled requests leak for good
	// (checkCancelled); the completed ones must then leave nothing.
	lingering, permanent := r.Has("LINGERING_GOROUTINES"), r.Has("GOROUTINE_LEAK") && !r.Has("ABORT_IGNORED")

	// Warm-up (pools, lazy init, ring buffers), then one phase of n identical requests measured three ways.
	g0 := settledGoroutines()
	h.send(t, r, warmUp, false, 0)
	h1, f1 := heapAfterGC(), openFDs()
	h.send(t, r, n, false, 0)
	excess := runtime.NumGoroutine() - g0
	switch {
	case lingering:
		if excess < int(leakFraction*float64(n)) {
			t.Errorf("LINGERING_GOROUTINES: only %d extra goroutines right after %d requests", excess, n)
		}
		start := time.Now()
		if !pollUntil(lingerDeadline, func() bool { return runtime.NumGoroutine()-g0 <= goroutineSlack }) {
			t.Errorf("LINGERING_GOROUTINES: %d extra goroutines still there after %v", runtime.NumGoroutine()-g0, lingerDeadline)
		}
		t.Logf("measured: %d requests -> +%d goroutines right after, back to baseline after %v", n, excess, time.Since(start).Round(100*time.Millisecond))
	case permanent:
		waitPermanentWindow()
		excess = settledGoroutines() - g0
		t.Logf("measured: %d+%d requests -> +%d goroutines after %v", warmUp, n, excess, permanentWindowDuration())
		if excess < int(leakFraction*float64(n)) {
			t.Errorf("GOROUTINE_LEAK: only %d extra goroutines after %d requests", excess, n)
		}
	default:
		ok := pollUntil(cleanDeadline, func() bool { return runtime.NumGoroutine()-g0 <= goroutineSlack })
		t.Logf("measured: %d requests -> +%d goroutines right after, +%d settled", n, excess, runtime.NumGoroutine()-g0)
		if !ok {
			t.Errorf("clean route keeps %d extra goroutines after %d requests", runtime.NumGoroutine()-g0, n)
		}
	}
	fds := h.settledFDs(f1, r.Has("FD_LEAK"), n)
	heap := heapAfterGC() - h1
	t.Logf("measured: %d identical requests -> heap %+d B (%+d B/req), fds %+d", n, heap, heap/int64(n), fds)
	checkHeap(t, "HEAP_GROWTH", r.Has("HEAP_GROWTH"), heap, n)
	checkFDs(t, r.Has("FD_LEAK"), fds, n)

	// Phase C: key cardinality. Warm up with n distinct keys (caches fill), then measure n more distinct keys.
	if lingering {
		return // the middleware's lingering goroutines are the whole story; 5 s more per route proves nothing new
	}
	h.send(t, r, n, true, h.keys)
	g2, h2 := runtime.NumGoroutine(), heapAfterGC()
	h.send(t, r, n, true, h.keys+n)
	h.keys += 2 * n
	if !permanent {
		pollUntil(cleanDeadline, func() bool { return runtime.NumGoroutine()-g2 <= goroutineSlack })
	}
	distinctHeap := heapAfterGC() - h2
	t.Logf("measured: %d distinct keys (after %d warm-up keys) -> heap %+d B (%+d B/req)", n, n, distinctHeap, distinctHeap/int64(n))
	if r.Has("HEAP_GROWTH") {
		return // grows anyway; the distinct-key phase cannot tell the two apart
	}
	checkHeap(t, "KEY_CARDINALITY_GROWTH", r.Has("KEY_CARDINALITY_GROWTH"), distinctHeap, n)
}

// checkStreaming aborts n in-flight requests twice. Round 1 checks what the goroutines do after the abort; round
// 2 measures heap and fds (round 1 is its warm-up: Go keeps goroutine descriptors once created, so the first burst
// of in-flight goroutines raises the heap for good without anything leaking).
func (h *harness) checkStreaming(t *testing.T, r Route) {
	n := 40
	if testing.Short() {
		n = 20
	}
	ignored := r.Has("ABORT_IGNORED") || r.Has("GOROUTINE_LEAK")
	g0 := settledGoroutines()
	h.abortRound(t, r, n, g0)
	var excess int
	if ignored {
		waitPermanentWindow()
		excess = settledGoroutines() - g0
		if excess < int(leakFraction*float64(n)) {
			t.Errorf("ABORT_IGNORED/GOROUTINE_LEAK: only %d extra goroutines after %d aborted requests", excess, n)
		}
		t.Logf("measured: %d aborted requests -> goroutines %+d after %v", n, excess, permanentWindowDuration())
	} else {
		start := time.Now()
		if !pollUntil(cleanDeadline, func() bool { return runtime.NumGoroutine()-g0 <= goroutineSlack }) {
			t.Errorf("%d extra goroutines %v after %d aborted requests", runtime.NumGoroutine()-g0, cleanDeadline, n)
		}
		t.Logf("measured: %d aborted requests -> goroutines back to baseline %v after the abort", n, time.Since(start).Round(10*time.Millisecond))
	}

	g1, h1, f1 := settledGoroutines(), heapAfterGC(), openFDs()
	h.abortRound(t, r, n, g1)
	if !ignored {
		pollUntil(cleanDeadline, func() bool { return runtime.NumGoroutine()-g1 <= goroutineSlack })
	}
	fds := h.settledFDs(f1, r.Has("FD_LEAK"), n)
	heap := heapAfterGC() - h1
	t.Logf("measured: %d more aborted requests -> heap %+d B (%+d B/req), fds %+d", n, heap, heap/int64(n), fds)
	checkHeap(t, "HEAP_GROWTH", r.Has("HEAP_GROWTH"), heap, n)
	checkFDs(t, r.Has("FD_LEAK"), fds, n)
}

// abortChecked reports whether a route that answers gets the cancelled-requests check: it expects ABORT_IGNORED,
// or the same route of its twin does (the fixed twin must pass the probe that finds the leak).
func abortChecked(cat Catalog, app App, r Route) bool {
	if r.Has("ABORT_IGNORED") {
		return true
	}
	if app.Twin == nil {
		return false
	}
	twin, ok := cat.Find(*app.Twin)
	if !ok {
		return false
	}
	for _, tr := range twin.Routes {
		if tr.Method == r.Method && tr.Path == r.Path && tr.Has("ABORT_IGNORED") {
			return true
		}
	}
	return false
}

// checkCancelled cuts n requests to a route that answers, while its handler runs (completed requests were checked
// clean by checkRoute): with ABORT_IGNORED each cancelled request must leave goroutines behind for good, otherwise
// the count must come back.
func (h *harness) checkCancelled(t *testing.T, r Route) {
	n := 40
	if testing.Short() {
		n = 20
	}
	g0 := settledGoroutines()
	h.abortRound(t, r, n, g0)
	if r.Has("ABORT_IGNORED") {
		waitPermanentWindow()
		excess := settledGoroutines() - g0
		t.Logf("measured: %d cancelled requests -> goroutines %+d after %v", n, excess, permanentWindowDuration())
		if excess < int(leakFraction*float64(n)) {
			t.Errorf("ABORT_IGNORED: only %d extra goroutines after %d cancelled requests", excess, n)
		}
		return
	}
	start := time.Now()
	if !pollUntil(cleanDeadline, func() bool { return runtime.NumGoroutine()-g0 <= goroutineSlack }) {
		t.Errorf("%d extra goroutines %v after %d cancelled requests", runtime.NumGoroutine()-g0, cleanDeadline, n)
	}
	t.Logf("measured: %d cancelled requests -> goroutines back to baseline %v after the cut", n, time.Since(start).Round(10*time.Millisecond))
}

// abortRound starts n requests, waits until they are all in flight, then cuts every connection.
func (h *harness) abortRound(t *testing.T, r Route, n, g0 int) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		req := h.newRequest(ctx, r, r.Request.Path, "")
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := h.client.Do(req)
			if err == nil {
				io.Copy(io.Discard, resp.Body) // until the abort
				resp.Body.Close()
			}
		}()
	}
	// Each in-flight request holds several goroutines (client, server connection, handler): wait until all are in.
	inFlight := pollUntil(inFlightDeadline, func() bool { return runtime.NumGoroutine()-g0 >= 3*n })
	time.Sleep(200 * time.Millisecond) // let every handler run a little before the abort
	cancel()
	wg.Wait()
	if !inFlight {
		t.Fatalf("only %d extra goroutines with %d requests in flight", runtime.NumGoroutine()-g0, n)
	}
}

func (h *harness) checkTelemetry(t *testing.T, app App) {
	probe := map[string]string{
		"pprof": "goroutine?debug=1", "pprof-contrib": "goroutine?debug=1",
	}
	served := map[string]bool{}
	for _, tel := range app.Telemetry {
		url := h.telemetryBase + tel.Path + probe[tel.Kind]
		served[tel.Path] = true
		resp, err := h.client.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(b) == 0 {
			t.Errorf("%s %s: status %d, %d bytes", tel.Kind, url, resp.StatusCode, len(b))
		}
		if tel.Kind == "prometheus" && !strings.Contains(string(b), "process_open_fds") {
			t.Errorf("%s has no process_open_fds", url)
		}
	}
	for _, p := range []string{"/debug/pprof/", "/debug/vars", "/metrics", "/health/memory"} {
		var bases []string
		if h.telemetryBase != h.base {
			bases = append(bases, h.base) // telemetry placed on the admin listener is not on the API's too
		}
		if !served[p] {
			bases = append(bases, h.telemetryBase)
		}
		for _, base := range bases {
			resp, err := h.client.Get(base + p)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				t.Errorf("%s%s answers 200 but the catalog does not list it there", base, p)
			}
		}
	}
}

func (h *harness) settledFDs(f0 int, leak bool, n int) int {
	if leak {
		pollUntil(cleanDeadline, func() bool { return openFDs()-f0 >= int(leakFraction*float64(n)) })
	} else {
		pollUntil(cleanDeadline, func() bool { return openFDs()-f0 <= fdSlack })
	}
	return openFDs() - f0
}

func checkHeap(t *testing.T, kind string, want bool, delta int64, n int) {
	perReq := delta / int64(n)
	switch {
	case want && perReq < heapLeakPerReq:
		t.Errorf("%s expected, but only %d B/request retained (need >= %d)", kind, perReq, heapLeakPerReq)
	case !want && perReq >= heapCleanPerReq:
		t.Errorf("no %s expected, but %d B/request retained (clean means < %d)", kind, perReq, heapCleanPerReq)
	}
}

func checkFDs(t *testing.T, want bool, delta, n int) {
	switch {
	case want && delta < int(leakFraction*float64(n)):
		t.Errorf("FD_LEAK expected, but only %d more fds after %d requests", delta, n)
	case !want && delta > fdSlack:
		t.Errorf("no FD_LEAK expected, but %d more fds after %d requests", delta, n)
	}
}

func permanentWindowDuration() time.Duration {
	if testing.Short() {
		return shortPermanent
	}
	return permanentWindow
}

// waitPermanentWindow outwaits any lingering goroutine, so what remains is permanent. It is the one deliberate
// wait: there is nothing to poll for when the claim is that something never ends.
func waitPermanentWindow() { time.Sleep(permanentWindowDuration()) }

// settledGoroutines polls until the goroutine count has not changed for 300 ms (at most 3 s).
func settledGoroutines() int {
	last, since := runtime.NumGoroutine(), time.Now()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) && time.Since(since) < 300*time.Millisecond {
		time.Sleep(20 * time.Millisecond)
		if g := runtime.NumGoroutine(); g != last {
			last, since = g, time.Now()
		}
	}
	return last
}

func pollUntil(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func heapAfterGC() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

func openFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0 // not Linux: fd checks become vacuous
		}
		panic(err)
	}
	return len(ents)
}
