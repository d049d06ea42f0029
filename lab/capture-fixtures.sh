#!/usr/bin/env bash
# Builds lab apps, drives a little traffic and saves their real telemetry output as test fixtures for the Java
# telemetry parsers, under engine/src/test/resources/fixtures/go/ (relative to the repository root).
# Usage: lab/capture-fixtures.sh            (needs go and curl; takes about half a minute)
set -euo pipefail

LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$LAB")"
OUT="$ROOT/engine/src/test/resources/fixtures/go"
BIN="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$BIN"
}
trap cleanup EXIT
mkdir -p "$OUT"
cd "$LAB"

build() { # build NAME [ENV...]
  local name="$1"; shift
  env "$@" go build -o "$BIN/$name" "./cmd/$name"
}

# start NAME [BINARY]: runs the app, waits for its "listening on http://..." line, sets URL.
start() {
  local name="$1" bin="${2:-$1}" log="$BIN/$1.out"
  "$BIN/$bin" -addr 127.0.0.1:0 >"$log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 150); do
    if head -n1 "$log" | grep -q '^listening on http://'; then
      URL="$(head -n1 "$log" | sed 's/^listening on //')"
      return
    fi
    sleep 0.1
  done
  echo "$name did not announce its address" >&2
  cat "$log" >&2
  exit 1
}

hit() { # hit N URL [curl args...]: N sequential requests, bodies discarded
  local n="$1" url="$2"; shift 2
  for _ in $(seq 1 "$n"); do curl -sf -o /dev/null "$@" "$url"; done
}

get() { curl -sf "$@"; }
raw() { curl -s -i "$@"; } # status line, headers and body

echo "building lab apps"
for app in brief-middleware-leaky heap-slice-leaky chan-block-leaky http-client-leaky xff-limiter-leaky; do build "$app"; done
build admin-group-leaky GOEXPERIMENT=goroutineleakprofile
mv "$BIN/admin-group-leaky" "$BIN/admin-group-leaky-leakprofile"

echo "brief-middleware-leaky (Echo v4, net/http/pprof via echo.WrapHandler, /health/memory)"
start brief-middleware-leaky
hit 20 "$URL/users/42"
get "$URL/debug/pprof/goroutine?debug=1" >"$OUT/goroutine-debug1-brief-middleware-leaky.txt"
get "$URL/debug/pprof/goroutine?debug=2" >"$OUT/goroutine-debug2-brief-middleware-leaky.txt"
get "$URL/debug/pprof/goroutine" >"$OUT/goroutine-debug0-brief-middleware-leaky.pb.gz"
get "$URL/health/memory" >"$OUT/health-memory-brief-middleware-leaky.json"
raw "$URL/no-such-route" >"$OUT/echo4-404-response.txt"
raw -X POST "$URL/hello" >"$OUT/echo4-405-response.txt"

echo "heap-slice-leaky (Echo v5, pprof, expvar, /health/memory)"
start heap-slice-leaky
hit 200 "$URL/reports/7"
get "$URL/debug/pprof/heap?debug=1&gc=1" >"$OUT/heap-debug1-gc1-heap-slice-leaky.txt"
get "$URL/debug/pprof/heap?gc=1" >"$OUT/heap-debug0-heap-slice-leaky.pb.gz"
get "$URL/debug/vars" >"$OUT/expvar-heap-slice-leaky.json"
get "$URL/health/memory" >"$OUT/health-memory-heap-slice-leaky.json"
raw "$URL/no-such-route" >"$OUT/echo5-404-response.txt"
raw -X POST "$URL/ping" >"$OUT/echo5-405-response.txt"

echo "chan-block-leaky (echo-contrib pprof helper, expvar) after 500 leaked requests"
start chan-block-leaky
hit 500 "$URL/quotes/ACME"
get "$URL/debug/pprof/goroutine?debug=1" >"$OUT/goroutine-debug1-chan-block-leaky-500-requests.txt"
get "$URL/debug/pprof/goroutine?debug=2" >"$OUT/goroutine-debug2-chan-block-leaky-500-requests.txt"
get "$URL/debug/vars" >"$OUT/expvar-chan-block-leaky.json"

echo "http-client-leaky (client_golang /metrics with process collector)"
start http-client-leaky
hit 50 "$URL/weather/oslo"
get "$URL/metrics" >"$OUT/metrics-text-http-client-leaky.txt"
get -H 'Accept: application/openmetrics-text; version=1.0.0; charset=utf-8' "$URL/metrics" \
  >"$OUT/metrics-openmetrics-http-client-leaky.txt"

echo "xff-limiter-leaky (echoprometheus middleware and handler)"
start xff-limiter-leaky
for i in $(seq 1 30); do curl -sf -o /dev/null -H "X-Forwarded-For: 10.0.0.$i" "$URL/api/items/$i"; done
hit 5 "$URL/api/search?q=x"
get "$URL/metrics" >"$OUT/metrics-echoprometheus-xff-limiter-leaky.txt"

echo "admin-group-leaky built with GOEXPERIMENT=goroutineleakprofile"
start admin-group-leaky admin-group-leaky-leakprofile
hit 50 "$URL/admin/stats"
hit 10 "$URL/api/items"
# The leak profile is computed by a GC cycle that proves the blocked goroutines unreachable.
if ! get "$URL/debug/pprof/goroutineleak?debug=1" >"$OUT/goroutineleak-debug1-admin-group-leaky.txt"; then
  echo "goroutineleak profile not served" >&2
  rm -f "$OUT/goroutineleak-debug1-admin-group-leaky.txt"
fi
get "$URL/debug/pprof/goroutineleak?debug=2" >"$OUT/goroutineleak-debug2-admin-group-leaky.txt" || true
get "$URL/debug/pprof/goroutine?debug=1" >"$OUT/goroutine-debug1-admin-group-leaky.txt"
get "$URL/debug/pprof/" >"$OUT/pprof-index-goroutineleakprofile-admin-group-leaky.html"

{
  echo "Captured by lab/capture-fixtures.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  go version
  echo "GOOS/GOARCH: $(go env GOOS)/$(go env GOARCH)"
  go list -m github.com/labstack/echo/v4 github.com/labstack/echo/v5 github.com/labstack/echo-contrib \
    github.com/prometheus/client_golang modernc.org/sqlite
  echo "goroutineleak fixtures: built with GOEXPERIMENT=goroutineleakprofile"
} >"$OUT/VERSIONS.txt"
echo "fixtures written to $OUT"
ls -la "$OUT"
