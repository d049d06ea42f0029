package telemetry

import (
	"expvar"
	"net/http"
	"net/http/pprof"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// AdminRoute is one telemetry route of an admin listener, as a plain http.Handler (Echo v4 and v5 wrap it alike).
type AdminRoute struct {
	Path    string
	Handler http.Handler
}

// AdminRoutes are what an admin listener serves, registered one by one rather than serving http.DefaultServeMux, so
// whatever else a library registered there stays off the listener.
func AdminRoutes() []AdminRoute {
	return []AdminRoute{
		{"/debug/pprof/*", http.HandlerFunc(pprof.Index)}, // index and every named profile
		{"/debug/pprof/cmdline", http.HandlerFunc(pprof.Cmdline)},
		{"/debug/pprof/profile", http.HandlerFunc(pprof.Profile)},
		{"/debug/pprof/symbol", http.HandlerFunc(pprof.Symbol)},
		{"/debug/pprof/trace", http.HandlerFunc(pprof.Trace)},
		{"/debug/vars", expvar.Handler()},
		{"/metrics", promhttp.Handler()}, // Go and process collectors: go_goroutines, process_open_fds
	}
}

// NewAdmin is an admin listener's Echo v4: pprof, expvar and Prometheus (AdminRoutes), for an app to serve on its
// -admin-addr (loopback by default), never on the API's port. This is the block docs/prepare-echo.md quotes for
// Echo v4.
func NewAdmin() *echo.Echo {
	admin := echo.New()
	admin.HideBanner, admin.HidePort = true, true
	for _, r := range AdminRoutes() {
		admin.GET(r.Path, echo.WrapHandler(r.Handler))
	}
	return admin
}
