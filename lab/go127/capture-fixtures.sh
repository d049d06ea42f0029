#!/usr/bin/env bash
# Builds the Go 1.27 lab app leakprofile-leaky, leaks goroutines through each of its leaky routes, and saves its real
# goroutineleak and goroutine profiles as test fixtures for the Java parsers, under
# engine/src/test/resources/fixtures/go/go1.27/ (relative to the repository root).
# Usage: lab/go127/capture-fixtures.sh      (needs go and curl; fetches Go 1.27.3 from the module proxy if missing)
set -euo pipefail
export GOTOOLCHAIN=go1.27.3

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$(dirname "$HERE")")"
OUT="$ROOT/engine/src/test/resources/fixtures/go/go1.27"
BIN="$(mktemp -d)"
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$BIN"
}
trap cleanup EXIT
mkdir -p "$OUT"
cd "$HERE"

echo "building leakprofile-leaky with $(go version)"
# -trimpath: stacks name files by module path, as in a release build, not by this checkout's location
go build -trimpath -o "$BIN/leakprofile-leaky" ./cmd/leakprofile-leaky
"$BIN/leakprofile-leaky" -addr 127.0.0.1:0 >"$BIN/out" 2>&1 &
PID=$!
for _ in $(seq 1 150); do
  head -n1 "$BIN/out" | grep -q '^listening on http://' && break
  sleep 0.1
done
URL="$(head -n1 "$BIN/out" | sed 's/^listening on //')"
[ -n "$URL" ] || { cat "$BIN/out" >&2; exit 1; }

hit() { # hit N METHOD PATH: N sequential requests, bodies discarded
  for _ in $(seq 1 "$1"); do curl -sf -o /dev/null -X "$2" "$URL$3"; done
}
get() { curl -sf "$@"; }

# 40 lookups blocked on a channel only they reach (quote captures the Echo context, rate nothing), and 30 flushes
# blocked on the server's audit channel and its mutex, which the server still reaches.
hit 40 GET /quotes/ACME
hit 40 GET /rates/USD
hit 30 PUT /stock/SKU-1
hit 5 GET /healthz
sleep 0.5 # the last lookups end their 25 ms sleep and block

get "$URL/debug/pprof/goroutineleak?debug=1" >"$OUT/goroutineleak-debug1-leakprofile-leaky.txt"
get "$URL/debug/pprof/goroutineleak?debug=2" >"$OUT/goroutineleak-debug2-leakprofile-leaky.txt"
get "$URL/debug/pprof/goroutineleak" >"$OUT/goroutineleak-debug0-leakprofile-leaky.pb.gz"
get "$URL/debug/pprof/goroutine?debug=1" >"$OUT/goroutine-debug1-leakprofile-leaky.txt"
get "$URL/debug/pprof/goroutine?debug=2" >"$OUT/goroutine-debug2-leakprofile-leaky.txt"
get "$URL/debug/pprof/" >"$OUT/pprof-index-leakprofile-leaky.html"

{
  echo "Captured by lab/go127/capture-fixtures.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  go version
  echo "GOOS/GOARCH: $(go env GOOS)/$(go env GOARCH)"
  go list -m github.com/labstack/echo/v4 github.com/prometheus/client_golang
  echo "App: lab/go127/cmd/leakprofile-leaky (go build -trimpath; Go 1.27 serves goroutineleak without a GOEXPERIMENT)"
  echo "Traffic: 40 x GET /quotes/ACME, 40 x GET /rates/USD, 30 x PUT /stock/SKU-1, 5 x GET /healthz"
  echo "Leaked: 40 main.quote.func1 and 40 main.rate.func1 (chan send, channel unreachable: listed by goroutineleak),"
  echo "        30 main.(*stock).flush (1 chan send + 29 sync.Mutex.Lock, reachable from the server: not listed)"
} >"$OUT/VERSIONS.txt"
echo "fixtures written to $OUT"
ls -la "$OUT"
