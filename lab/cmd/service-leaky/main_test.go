package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/leakscan/lab/internal/labtest"
	"gopkg.in/yaml.v2"
)

func TestCatalog(t *testing.T) {
	labtest.Verify(t, "service-leaky", func(ctx context.Context) http.Handler { return newServer(ctx) })
}

// TestLeaksNeedAValidBody proves that a scanner sending no body, an invalid body or no token gets 400 or 401 and
// never reaches the leaky code: the goroutine count stays flat and the report archive stays empty.
func TestLeaksNeedAValidBody(t *testing.T) {
	srv := httptest.NewServer(newServer(t.Context()))
	defer srv.Close()
	do := func(method, path, body string, header ...string) int {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	before := runtime.NumGoroutine()
	for _, c := range []struct {
		method, path, body string
		header             []string
		want               int
	}{
		{"POST", "/api/v1/orders", "", nil, 400},
		{"POST", "/api/v1/orders", `{"customerId":1}`, nil, 400},
		{"POST", "/api/v1/orders", `{"customerId":1,"reference":"r","items":[],"shipping":{"street":"s","city":"c","postalCode":"1","country":"US"}}`, nil, 400},
		{"POST", "/api/v1/orders", `{"customerId":"one"}`, nil, 400},
		{"POST", "/api/v1/admin/reports", `{"kind":"sales","days":1}`, nil, 401},
		{"POST", "/api/v1/admin/reports", `{"kind":"sales","days":1}`, []string{"Authorization", "Bearer wrong"}, 401},
		{"POST", "/api/v1/admin/reports", `{"kind":"weather","days":1}`, []string{"Authorization", "Bearer lab-token"}, 400},
		{"POST", "/api/v1/admin/reports", `{"kind":"sales"}`, []string{"Authorization", "Bearer lab-token"}, 400},
		{"GET", "/api/v1/admin/stats", "", nil, 401},
	} {
		for range 20 {
			if got := do(c.method, c.path, c.body, c.header...); got != c.want {
				t.Fatalf("%s %s %s: status %d, want %d", c.method, c.path, c.body, got, c.want)
			}
		}
	}
	time.Sleep(2 * reservationLatency) // a started reservation would now be parked on its send
	if extra := runtime.NumGoroutine() - before; extra > 4 {
		t.Errorf("%d more goroutines after 180 rejected requests", extra)
	}
	if got := do("GET", "/api/v1/admin/reports/r-1", "", "Authorization", "Bearer lab-token"); got != 404 {
		t.Errorf("a rejected report request was archived: GET r-1 answered %d", got)
	}
	order := `{"customerId":1,"reference":"web-1","items":[{"sku":"SKU-1001","quantity":2}],"shipping":{"street":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"}}`
	if got := do("POST", "/api/v1/orders", order); got != http.StatusAccepted {
		t.Errorf("valid order: status %d, want 202", got)
	}
}

// TestSwaggerDocDescribesEveryAPIRoute checks /swagger/doc.json against the routes Echo registered under /api/v1.
func TestSwaggerDocDescribesEveryAPIRoute(t *testing.T) {
	e := newServer(t.Context())
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/swagger/doc.json", nil))
	var doc struct {
		Swagger  string                    `json:"swagger"`
		BasePath string                    `json:"basePath"`
		Paths    map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc.Swagger != "2.0" || doc.BasePath != "/api/v1" {
		t.Fatalf("doc.json: %v, swagger %q, basePath %q", err, doc.Swagger, doc.BasePath)
	}
	checkDescribed(t, e, "/swagger/doc.json", doc.Paths)
}

// TestOpenAPIDescribesEveryAPIRoute checks openapi.yaml (OpenAPI 3.1, servers /api/v1) the same way.
func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	b, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                    `yaml:"openapi"`
		Servers []struct{ URL string }    `yaml:"servers"`
		Paths   map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil || doc.OpenAPI != "3.1.0" || len(doc.Servers) != 1 ||
		doc.Servers[0].URL != "/api/v1" {
		t.Fatalf("openapi.yaml: %v, openapi %q, servers %+v", err, doc.OpenAPI, doc.Servers)
	}
	for _, ops := range doc.Paths {
		delete(ops, "parameters") // path-level parameters, not an operation
	}
	checkDescribed(t, newServer(t.Context()), "openapi.yaml", doc.Paths)
}

// checkDescribed compares a description's operations (paths relative to /api/v1) with the routes Echo registered.
func checkDescribed(t *testing.T, e *echo.Echo, name string, paths map[string]map[string]any) {
	described := map[string]bool{}
	for p, ops := range paths {
		for m := range ops {
			described[strings.ToUpper(m)+" "+echoPath("/api/v1"+p)] = true
		}
	}
	registered := map[string]bool{}
	for _, r := range e.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") && !strings.HasPrefix(r.Method, "echo_route_") && !strings.HasSuffix(r.Path, "*") {
			registered[r.Method+" "+r.Path] = true
		}
	}
	for k := range registered {
		if !described[k] {
			t.Errorf("route %s is not in %s", k, name)
		}
	}
	for k := range described {
		if !registered[k] {
			t.Errorf("%s describes %s, which is not registered", name, k)
		}
	}
	if len(described) < 25 {
		t.Errorf("%d operations described, want at least 25", len(described))
	}
}

// echoPath turns /users/{id} into /users/:id.
func echoPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			parts[i] = ":" + s[1:len(s)-1]
		}
	}
	return strings.Join(parts, "/")
}
