// loadgen sends HTTP requests at a fixed rate (open loop: a slow server does not slow the sender down, so latency
// is measured honestly) and prints throughput and latency percentiles as one JSON line.
//
//	loadgen -method POST -url http://127.0.0.1:8080/api/v1/scans -rate 500 -duration 10s \
//	        -header 'Authorization: Bearer KEY' -body-template '{"target":{"baseUrl":"http://127.0.0.1:9/%d"}}'
//
// With -plan, request n takes line n of the file (cycling), "TOKEN URL [BODY]": a bearer token, a URL and optionally a
// body for it (the rest of the line), so one run spreads over many tenants and resources; -requests stops after that
// many requests even before -duration ends.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type headers []string

func (h *headers) String() string     { return strings.Join(*h, ", ") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

type result struct {
	Requests   int64            `json:"requests"`
	Errors     int64            `json:"errors"`
	Statuses   map[string]int64 `json:"statuses"`
	Seconds    float64          `json:"seconds"`
	Throughput float64          `json:"throughputPerSecond"`
	P50Ms      float64          `json:"p50Ms"`
	P90Ms      float64          `json:"p90Ms"`
	P99Ms      float64          `json:"p99Ms"`
	P999Ms     float64          `json:"p999Ms"`
	MaxMs      float64          `json:"maxMs"`
}

func main() {
	method := flag.String("method", "GET", "HTTP method")
	url := flag.String("url", "", "URL (a %d in it is replaced by the request number)")
	rate := flag.Int("rate", 100, "requests per second")
	duration := flag.Duration("duration", 10*time.Second, "how long to send")
	bodyTemplate := flag.String("body-template", "", "request body (a %d in it is replaced by the request number)")
	maxInFlight := flag.Int("max-in-flight", 256, "requests in flight at most; beyond that a send is counted as an error")
	planFile := flag.String("plan", "", "file of 'TOKEN URL [BODY]' lines; request n uses line n (cycling) instead of -url")
	limit := flag.Int("requests", 0, "stop after this many requests (0: send for the whole -duration)")
	var hs headers
	flag.Var(&hs, "header", "request header 'Name: value' (repeatable)")
	flag.Parse()
	plan, err := readPlan(*planFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	if (*url == "" && plan == nil) || *rate <= 0 {
		fmt.Fprintln(os.Stderr, "loadgen: -url or -plan, and a positive -rate, are required")
		os.Exit(2)
	}

	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: *maxInFlight, MaxConnsPerHost: *maxInFlight},
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		statuses  = map[string]int64{}
		errs      atomic.Int64
		inFlight  atomic.Int64
		wg        sync.WaitGroup
	)
	interval := time.Second / time.Duration(*rate)
	start := time.Now()
	deadline := start.Add(*duration)
	n := 0
	for next := start; next.Before(deadline) && (*limit == 0 || n < *limit); next = next.Add(interval) {
		time.Sleep(time.Until(next))
		n++
		if inFlight.Load() >= int64(*maxInFlight) {
			errs.Add(1)
			continue
		}
		inFlight.Add(1)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer inFlight.Add(-1)
			target, token, template := *url, "", *bodyTemplate
			if plan != nil {
				line := plan[(i-1)%len(plan)]
				token, target = line[0], line[1]
				if line[2] != "" {
					template = line[2]
				}
			}
			target = strings.ReplaceAll(target, "%d", fmt.Sprint(i))
			var body io.Reader
			if template != "" {
				body = bytes.NewBufferString(strings.ReplaceAll(template, "%d", fmt.Sprint(i)))
			}
			req, err := http.NewRequest(*method, target, body)
			if err != nil {
				errs.Add(1)
				return
			}
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			for _, h := range hs {
				if name, value, ok := strings.Cut(h, ":"); ok {
					req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
				}
			}
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				errs.Add(1)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			elapsed := time.Since(t0)
			mu.Lock()
			latencies = append(latencies, elapsed)
			statuses[fmt.Sprint(resp.StatusCode)]++
			mu.Unlock()
		}(n)
	}
	wg.Wait()
	took := time.Since(start).Seconds()

	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		i := int(p * float64(len(latencies)-1))
		return float64(latencies[i].Microseconds()) / 1000
	}
	r := result{
		Requests: int64(n), Errors: errs.Load(), Statuses: statuses, Seconds: took,
		Throughput: float64(len(latencies)) / took,
		P50Ms:      pct(0.50), P90Ms: pct(0.90), P99Ms: pct(0.99), P999Ms: pct(0.999), MaxMs: pct(1.0),
	}
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
}

// readPlan reads "TOKEN URL [BODY]" lines; nil when no file is named.
func readPlan(path string) ([][3]string, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var plan [][3]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		token, rest, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		url, body, _ := strings.Cut(strings.TrimSpace(rest), " ")
		if !ok || token == "" || url == "" {
			return nil, fmt.Errorf("%s:%d: expected 'TOKEN URL [BODY]'", path, n)
		}
		plan = append(plan, [3]string{token, url, strings.TrimSpace(body)})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(plan) == 0 {
		return nil, fmt.Errorf("%s: no 'TOKEN URL [BODY]' lines", path)
	}
	return plan, nil
}
