// Command hostile is a telemetry endpoint that attacks its reader, for bench/hostile-telemetry.sh. It listens on
// -n loopback ports (one target per scan). Each telemetry path answers once with a real body (so discovery picks it
// and the sampler keeps reading it), then with an attack: 500 MB bodies generated while they are sent, a gzip bomb
// (1 GiB of zeros in about 1 MiB), a one-byte-a-second drip, garbage, and a million-goroutine dump.
package main

import (
	"bytes"
	"compress/gzip"
	"embed"
	"flag"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

//go:embed bodies/*.txt
var bodies embed.FS

const huge = 500_000_000

func body(name string) []byte {
	b, err := bodies.ReadFile("bodies/" + name)
	if err != nil {
		panic(err)
	}
	return b
}

// bomb is 64 gzip members of 16 MiB of zeros each: 1 GiB once decompressed.
func bomb() []byte {
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 16; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	return bytes.Repeat(member.Bytes(), 64)
}

type target struct {
	mu   sync.Mutex
	hits map[string]int
	bomb []byte
}

func (t *target) hit(key string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.hits[key]++
	return t.hits[key]
}

func repeat(w http.ResponseWriter, unit []byte, total int64, declared bool) {
	if declared {
		w.Header().Set("Content-Length", strconv.FormatInt(total, 10))
	}
	block := bytes.Repeat(unit, 64*1024/len(unit))
	for left := total; left > 0; left -= int64(len(block)) {
		n := int64(len(block))
		if left < n {
			n = left
		}
		if _, err := w.Write(block[:n]); err != nil {
			return // the reader hung up
		}
	}
}

func drip(w http.ResponseWriter, r *http.Request, text string) {
	f, _ := w.(http.Flusher)
	for i := 0; i < len(text); i++ {
		if _, err := w.Write([]byte{text[i]}); err != nil {
			return
		}
		if f != nil {
			f.Flush()
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func millionGoroutines(w http.ResponseWriter) {
	for i := 1; i <= 1_000_000; i++ {
		if _, err := fmt.Fprintf(w, "goroutine %d [chan receive, 5 minutes]:\nmain.leak()\n\t/app/main.go:42 +0x1d\n"+
			"created by main.handler in goroutine 1\n\t/app/main.go:40 +0x2e\n\n", i); err != nil {
			return
		}
	}
}

func (t *target) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path + "?" + r.URL.RawQuery
	n := t.hit(key)
	switch key {
	case "/metrics?":
		switch {
		case n == 1:
			w.Write(body("metrics.txt"))
		case n%2 == 0:
			repeat(w, []byte("go_goroutines 7\n"), huge, false)
		default:
			drip(w, r, "go_goroutines 7\n")
		}
	case "/debug/pprof/goroutine?debug=1":
		if n == 1 {
			w.Write(body("goroutine-debug1.txt"))
			return
		}
		w.Write([]byte("goroutine profile: total 1000000\n3 @ 0x1\n#\t0x1\tmain.leak+0x1\t/app/main.go:42\n\n"))
	case "/debug/pprof/goroutine?debug=2":
		if n == 1 {
			w.Write(body("goroutine-debug2.txt"))
			return
		}
		millionGoroutines(w)
	case "/debug/pprof/heap?debug=1&gc=1":
		if n == 1 {
			w.Write(body("heap-debug1.txt"))
			return
		}
		repeat(w, []byte("# runtime.MemStats\n"), huge, n%2 == 0)
	case "/debug/pprof/goroutine?":
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(t.bomb)
	case "/debug/vars?":
		junk := make([]byte, 64*1024)
		rand.New(rand.NewSource(int64(n))).Read(junk)
		junk[0] = '{'
		w.Write(junk)
	case "/health/memory?":
		drip(w, r, `{"HeapAlloc":1}`)
	case "/debug/pprof/goroutineleak?debug=1":
		repeat(w, []byte("goroutineleak profile: total 1\n"), huge, true)
	default:
		w.Write([]byte("ok\n"))
	}
}

func main() {
	count := flag.Int("n", 4, "loopback targets (ports) to serve")
	flag.Parse()
	b := bomb()
	for i := 0; i < *count; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("listening on http://%s\n", ln.Addr())
		go http.Serve(ln, &target{hits: map[string]int{}, bomb: b})
	}
	select {}
}
