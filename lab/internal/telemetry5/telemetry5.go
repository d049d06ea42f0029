// Package telemetry5 mounts the lab's telemetry endpoints on Echo v5 servers.
package telemetry5

import (
	"net/http"

	"github.com/labstack/echo/v5"
	"github.com/leakscan/lab/internal/telemetry"
	"github.com/prometheus/client_golang/prometheus"
)

// MemoryJSON is the brief's /health/memory handler, on Echo v5's *echo.Context.
func MemoryJSON(c *echo.Context) error {
	return c.JSON(http.StatusOK, telemetry.MemorySnapshot())
}

// Mount is telemetry.Mount for Echo v5.
func Mount(e *echo.Echo, reg *prometheus.Registry, kinds ...string) {
	for _, k := range kinds {
		switch k {
		case "pprof":
			e.Any(telemetry.PprofPath, echo.WrapHandler(telemetry.Pprof()))
		case "expvar":
			e.GET("/debug/vars", echo.WrapHandler(telemetry.Expvar()))
		case "memory-json":
			e.GET("/health/memory", MemoryJSON)
		case "prometheus":
			e.GET("/metrics", echo.WrapHandler(telemetry.Prometheus(reg)))
		default:
			panic("telemetry5: unknown kind " + k)
		}
	}
}
