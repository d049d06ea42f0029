// Command gc-series records what an app's expvar or Prometheus telemetry says about its heap while it is driven in
// rounds of requests, as the analysis fixtures of Leakscan's GC-aware heap signal (no forced GC). It samples every
// -every on its own, writes series.jsonl, rounds.jsonl and meta.json into -out, and stops.
//
//	gc-series -base http://127.0.0.1:8081 -source expvar -out DIR -endpoint 'GET /healthz /healthz' \
//	  -endpoint 'GET /sessions/:id /sessions/42' -rounds 5 -n 400 -rate 200 -conc 16 -settle 1s
//
// In a path, {i} becomes a number that is new for every request (distinct keys).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type endpoints []string

func (e *endpoints) String() string     { return strings.Join(*e, ", ") }
func (e *endpoints) Set(v string) error { *e = append(*e, v); return nil }

var (
	base     = flag.String("base", "", "the app's base URL")
	source   = flag.String("source", "expvar", "expvar (/debug/vars) or metrics (/metrics)")
	out      = flag.String("out", "", "directory to write into")
	rounds   = flag.Int("rounds", 5, "rounds per endpoint")
	n        = flag.Int("n", 400, "requests per round")
	rate     = flag.Float64("rate", 200, "requests per second")
	conc     = flag.Int("conc", 16, "requests in flight at most")
	settle   = flag.Duration("settle", time.Second, "wait after each round")
	baseline = flag.Duration("baseline", 5*time.Second, "sampling before the first round")
	every    = flag.Duration("every", 250*time.Millisecond, "sampling interval")
	body     = flag.String("body", "", "request body (POST endpoints)")
	ctype    = flag.String("content-type", "application/json", "content type of -body")
	note     = flag.String("note", "", "free text for meta.json")
)

// seq numbers requests across rounds: a path's {i} becomes a fresh key per request.
var seq atomic.Int64

type recorder struct {
	mu       sync.Mutex
	t0       time.Time
	phase    string
	endpoint string
	series   *os.File
}

func main() {
	var eps endpoints
	flag.Var(&eps, "endpoint", "'METHOD ROUTE PATH', repeatable, probed in order")
	flag.Parse()
	if *base == "" || *out == "" || len(eps) == 0 {
		log.Fatal("need -base, -out and at least one -endpoint")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	series, err := os.Create(filepath.Join(*out, "series.jsonl"))
	if err != nil {
		log.Fatal(err)
	}
	defer series.Close()
	roundsOut, err := os.Create(filepath.Join(*out, "rounds.jsonl"))
	if err != nil {
		log.Fatal(err)
	}
	defer roundsOut.Close()
	rec := &recorder{t0: time.Now(), phase: "baseline", series: series}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { defer close(done); rec.sample(stop) }()
	time.Sleep(*baseline)
	for _, ep := range eps {
		f := strings.Fields(ep)
		if len(f) != 3 {
			log.Fatalf("bad -endpoint %q", ep)
		}
		name := f[0] + " " + f[1]
		for r := 1; r <= *rounds; r++ {
			rec.set("load", name)
			start := rec.ms()
			lat, errs := drive(f[0], *base+f[2])
			end := rec.ms()
			rec.set("settle", name)
			time.Sleep(*settle)
			settleEnd := rec.ms()
			sort.Float64s(lat)
			line, _ := json.Marshal(map[string]any{"endpoint": name, "kind": "load", "round": r, "startMs": start,
				"endMs": end, "settleEndMs": settleEnd, "completed": len(lat), "aborted": 0, "errors": errs,
				"p50Ms": pct(lat, 0.5), "p95Ms": pct(lat, 0.95), "p99Ms": pct(lat, 0.99), "keyHeader": ""})
			fmt.Fprintln(roundsOut, string(line))
		}
	}
	close(stop)
	<-done
	goroutines := "none"
	if *source == "metrics" {
		goroutines = "prometheus"
	}
	meta, _ := json.Marshal(map[string]any{"source": *source, "heapSource": *source, "goroutineSource": goroutines,
		"goroutineleakServed": false, "go": runtime.Version(), "recordedAt": time.Now().UTC().Format(time.RFC3339),
		"sampleEverySeconds": every.Seconds(), "rounds": *rounds, "requestsPerRound": *n, "rate": *rate, "concurrency": *conc,
		"settleSeconds": settle.Seconds(), "note": *note})
	if err := os.WriteFile(filepath.Join(*out, "meta.json"), append(meta, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

func (r *recorder) set(phase, endpoint string) {
	r.mu.Lock()
	r.phase, r.endpoint = phase, endpoint
	r.mu.Unlock()
}

func (r *recorder) ms() int64 { return time.Since(r.t0).Milliseconds() }

// drive sends -n requests at -rate with at most -conc in flight, each on its own connection (as the scanner does).
func drive(method, url string) ([]float64, int) {
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var lat []float64
	errs := 0
	sem := make(chan struct{}, *conc)
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Duration(float64(time.Second) / *rate))
	defer tick.Stop()
	for i := 0; i < *n; i++ {
		<-tick.C
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			var rd io.Reader
			if *body != "" {
				rd = strings.NewReader(*body)
			}
			req, _ := http.NewRequest(method, strings.ReplaceAll(url, "{i}", strconv.Itoa(int(seq.Add(1)))), rd)
			if *body != "" {
				req.Header.Set("Content-Type", *ctype)
			}
			t := time.Now()
			resp, err := client.Do(req)
			ok := err == nil && resp.StatusCode < 400
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			mu.Lock()
			if ok {
				lat = append(lat, float64(time.Since(t).Microseconds())/1000)
			} else {
				errs++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return lat, errs
}

func pct(s []float64, q float64) float64 {
	if len(s) == 0 {
		return 0
	}
	return s[int(q*float64(len(s)-1))]
}

// sample reads the telemetry every -every until stop, one JSON line per reading.
func (r *recorder) sample(stop chan struct{}) {
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-stop:
			return
		default:
		}
		t := r.ms()
		var v map[string]float64
		var err error
		if *source == "expvar" {
			v, err = expvar(client)
		} else {
			v, err = metrics(client)
		}
		r.mu.Lock()
		line := map[string]any{"tMs": t, "phase": r.phase, "endpoint": r.endpoint}
		r.mu.Unlock()
		if err == nil {
			for k, x := range v {
				line[k] = x
			}
		}
		b, _ := json.Marshal(line)
		fmt.Fprintln(r.series, string(b))
		select {
		case <-stop:
			return
		case <-time.After(*every):
		}
	}
}

func expvar(c *http.Client) (map[string]float64, error) {
	resp, err := c.Get(*base + "/debug/vars")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var vars struct {
		Memstats map[string]any `json:"memstats"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&vars); err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for k, name := range map[string]string{"HeapAlloc": "heapAllocBytes", "HeapInuse": "heapInuseBytes",
		"HeapObjects": "heapObjects", "NumGC": "gcCount", "NextGC": "heapGoalBytes"} {
		if x, ok := vars.Memstats[k].(float64); ok {
			out[name] = x
		}
	}
	return out, nil
}

func metrics(c *http.Client) (map[string]float64, error) {
	resp, err := c.Get(*base + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	names := map[string]string{"go_memstats_heap_alloc_bytes": "heapAllocBytes", "go_memstats_heap_inuse_bytes": "heapInuseBytes",
		"go_memstats_heap_objects": "heapObjects", "go_gc_duration_seconds_count": "gcCount",
		"go_gc_cycles_total_gc_cycles_total": "gcCount", "go_memstats_next_gc_bytes": "heapGoalBytes",
		"go_gc_heap_goal_bytes": "heapGoalBytes", "go_gc_heap_live_bytes": "heapLiveBytes",
		"go_gc_gogc_percent": "gogcPercent", "go_gc_gomemlimit_bytes": "gomemlimitBytes",
		"go_goroutines": "goroutines", "process_open_fds": "openFds"}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if k, ok := names[f[0]]; ok {
			if x, err := strconv.ParseFloat(f[1], 64); err == nil {
				if _, seen := out[k]; !seen {
					out[k] = x
				}
			}
		}
	}
	return out, sc.Err()
}
