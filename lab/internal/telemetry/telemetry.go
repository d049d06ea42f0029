// Package telemetry builds the telemetry endpoints lab apps expose, as plain http.Handlers (so Echo v4 and v5 apps
// can both mount them with echo.WrapHandler) plus the brief's /health/memory handler for Echo v4.
package telemetry

import (
	"expvar"
	"net/http"
	"net/http/pprof"
	"runtime"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// PprofPath is the route pattern apps mount Pprof under.
const PprofPath = "/debug/pprof/*"

// Pprof serves net/http/pprof's index and every named profile (goroutine, heap, allocs, ...) under /debug/pprof/.
// It uses its own mux, not http.DefaultServeMux, so nothing else registered globally leaks out through it.
func Pprof() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// Expvar serves the standard /debug/vars JSON (cmdline and memstats).
func Expvar() http.Handler { return expvar.Handler() }

// NewRegistry returns a Prometheus registry with the Go and process collectors, so go_goroutines,
// go_memstats_*, process_open_fds and process_start_time_seconds exist. Each server gets its own registry so
// several servers can live in one test process.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Prometheus serves reg in the text format, or OpenMetrics when the client asks for it.
func Prometheus(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true})
}

// MemorySnapshot is the brief's /health/memory body: runtime.GC() first, then four MemStats fields.
func MemorySnapshot() map[string]uint64 {
	runtime.GC() // Force garbage collection
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return map[string]uint64{
		"Alloc":      m.Alloc,
		"TotalAlloc": m.TotalAlloc,
		"HeapAlloc":  m.HeapAlloc,
		"HeapSys":    m.HeapSys,
	}
}

// MemoryJSON is the brief's /health/memory handler for Echo v4.
func MemoryJSON(c echo.Context) error {
	return c.JSON(http.StatusOK, MemorySnapshot())
}

// Mount registers the named telemetry kinds on an Echo v4 server: "pprof", "expvar", "memory-json" and
// "prometheus" (reg must be non-nil for the latter).
func Mount(e *echo.Echo, reg *prometheus.Registry, kinds ...string) {
	for _, k := range kinds {
		switch k {
		case "pprof":
			e.Any(PprofPath, echo.WrapHandler(Pprof()))
		case "expvar":
			e.GET("/debug/vars", echo.WrapHandler(Expvar()))
		case "memory-json":
			e.GET("/health/memory", MemoryJSON)
		case "prometheus":
			e.GET("/metrics", echo.WrapHandler(Prometheus(reg)))
		default:
			panic("telemetry: unknown kind " + k)
		}
	}
}
