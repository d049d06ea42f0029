// Package labtest reads lab/catalog.json and proves, in-process, that an app behaves as the catalog says.
package labtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Catalog is lab/catalog.json (schemaVersion 1). The README documents every field.
type Catalog struct {
	SchemaVersion int   `json:"schemaVersion"`
	Apps          []App `json:"apps"`
}

// App is one folder under lab/cmd.
type App struct {
	Name        string      `json:"name"`
	Echo        int         `json:"echo"`
	Twin        *string     `json:"twin"`
	Description string      `json:"description"`
	Telemetry   []Telemetry `json:"telemetry"`
	// TelemetryBaseURL says where the telemetry endpoints are served: "" (absent) on the app's own base URL,
	// "admin" only on its admin listener (-admin-addr, announced as "admin on http://HOST:PORT").
	TelemetryBaseURL string  `json:"telemetryBaseUrl,omitempty"`
	ExpectedVerdict  string  `json:"expectedVerdict"`
	Routes           []Route `json:"routes"`
}

// Telemetry is one telemetry endpoint an app exposes.
type Telemetry struct {
	Kind string `json:"kind"`
	Path string `json:"path"`
}

// Route is one registered Echo route and what a correct scan reports for it.
type Route struct {
	Method    string        `json:"method"`
	Path      string        `json:"path"`
	Request   Request       `json:"request"`
	Streaming bool          `json:"streaming"`
	Expect    []Expectation `json:"expect"`
	Note      string        `json:"note"`
}

// Request is a concrete request a scanner sends to exercise a route.
type Request struct {
	Path        string            `json:"path"`
	Body        *string           `json:"body"`
	ContentType *string           `json:"contentType"`
	Headers     map[string]string `json:"headers"`
}

// Expectation is one finding a correct scan reports for a route. With Input, the leak is on an error path: only
// requests with that wrong input (one of Inputs) leak, and the route's own request does not.
type Expectation struct {
	Kind  string `json:"kind"`
	Scope string `json:"scope"`
	Input string `json:"input,omitempty"`
}

// Finding kinds, scopes and verdicts allowed in the catalog.
var (
	Kinds          = []string{"GOROUTINE_LEAK", "LINGERING_GOROUTINES", "ABORT_IGNORED", "HEAP_GROWTH", "KEY_CARDINALITY_GROWTH", "FD_LEAK"}
	Scopes         = []string{"HANDLER", "ROUTE_GROUP", "MIDDLEWARE", "APPLICATION"}
	Verdicts       = []string{"LEAKS_FOUND", "CLEAN", "INCONCLUSIVE"}
	TelemetryKinds = []string{"pprof", "pprof-contrib", "expvar", "prometheus", "memory-json"}
	// Inputs are the wrong inputs a scan with --echo-specific sends each endpoint (Expectation.Input), named as the
	// scanner's report names them.
	Inputs = []string{"empty-body", "malformed-body", "wrong-content-type", "missing-auth", "invalid-auth",
		"unknown-path-param"}
	// TelemetryBaseURLs are the allowed values of App.TelemetryBaseURL.
	TelemetryBaseURLs = []string{"", "admin"}
)

// Has reports whether the route's own request leaks with a finding of kind (error-path expectations aside).
func (r Route) Has(kind string) bool {
	return r.HasInput(kind, "")
}

// HasInput reports whether requests with the wrong input leak with a finding of kind ("" is the route's own request).
func (r Route) HasInput(kind, input string) bool {
	for _, e := range r.Expect {
		if e.Kind == kind && e.Input == input {
			return true
		}
	}
	return false
}

// LabDir finds the lab module root (the folder holding catalog.json) by walking up from the working directory.
func LabDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "catalog.json")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("catalog.json not found above the working directory")
		}
		dir = parent
	}
}

// Load reads and decodes catalog.json, rejecting unknown fields.
func Load() (Catalog, error) {
	var c Catalog
	dir, err := LabDir()
	if err != nil {
		return c, err
	}
	f, err := os.Open(filepath.Join(dir, "catalog.json"))
	if err != nil {
		return c, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("catalog.json: %w", err)
	}
	return c, nil
}

// Find returns the app called name.
func (c Catalog) Find(name string) (App, bool) {
	for _, a := range c.Apps {
		if a.Name == name {
			return a, true
		}
	}
	return App{}, false
}
