package labtest

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Serve serves h on a loopback port until the test ends and returns its base URL.
func Serve(t *testing.T, h http.Handler) string { return listen(t, h) }

// LeakProfile is a parsed /debug/pprof/goroutineleak?debug=1 (Go 1.27, or Go 1.26 with
// GOEXPERIMENT=goroutineleakprofile): the goroutines the garbage collector proved can never wake.
type LeakProfile struct {
	Total int
	// ByFunc counts goroutines by the first frame of their stack in the app's main package (named "main." in a
	// binary, by its import path in a test), keyed by the function's name without its package: "quote.func1".
	ByFunc map[string]int
}

// FetchLeakProfile reads base's goroutineleak profile; the test fails when it is not served.
func FetchLeakProfile(t *testing.T, base string) LeakProfile {
	t.Helper()
	resp, err := http.Get(base + "/debug/pprof/goroutineleak?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("goroutineleak profile: status %d", resp.StatusCode)
	}
	p, err := parseLeakProfile(bufio.NewScanner(resp.Body))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func parseLeakProfile(sc *bufio.Scanner) (LeakProfile, error) {
	p := LeakProfile{ByFunc: map[string]int{}}
	if !sc.Scan() {
		return p, fmt.Errorf("goroutineleak profile: empty body")
	}
	total, ok := strings.CutPrefix(sc.Text(), "goroutineleak profile: total ")
	if !ok {
		return p, fmt.Errorf("goroutineleak profile: header %q", sc.Text())
	}
	var err error
	if p.Total, err = strconv.Atoi(total); err != nil {
		return p, err
	}
	count, counted := 0, true
	for sc.Scan() {
		line := sc.Text()
		if n, _, found := strings.Cut(line, " @ "); found {
			if count, err = strconv.Atoi(n); err != nil {
				return p, fmt.Errorf("goroutineleak profile: %q", line)
			}
			counted = false
			continue
		}
		// "#\t0x93e1f4\tmain.quote.func1+0x74\t/path/server.go:27"
		fields := strings.Split(line, "\t")
		if counted || len(fields) < 3 || fields[0] != "#" {
			continue
		}
		fn, _, _ := strings.Cut(fields[2], "+")
		if strings.HasPrefix(fn, "main.") || strings.Contains(fn, "/cmd/") {
			_, name, _ := strings.Cut(fn[strings.LastIndex(fn, "/")+1:], ".")
			p.ByFunc[name] += count
			counted = true
		}
	}
	return p, sc.Err()
}
