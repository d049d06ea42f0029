#!/usr/bin/env bash
# Scan API benchmark: starts the packaged service on an embedded, throw-away PostgreSQL (workers off, so the queue
# only grows) and drives it from a separate process (bench/loadgen, open loop at a fixed rate):
#   1. GET /api/v1/scans/{id} at 500 req/s while 4 scans are queued: latency p50/p99;
#   2. POST /api/v1/scans at 500 req/s and at 1000 req/s: accepted submissions per second and latency.
# Prints a table and writes it to bench/results/scan-api.md. Targets: >= 500 submissions/s; GET p99 <= 20 ms.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh
leakscan_find_jdk
export JAVA_HOME

seconds=${BENCH_SECONDS:-15}
port=${BENCH_PORT:-18080}
key=lsk_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
base=http://127.0.0.1:$port
work=$(mktemp -d)
trap 'kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "building the service jar and the load generator..."
./mvnw -q -B -ntp -DskipTests package
jar=$(ls service/target/leakscan-service-*.jar | head -n 1)
(cd bench/loadgen && go build -o "$work/loadgen" .)

"$JAVA_HOME/bin/java" -jar "$jar" --server.port="$port" \
  --leakscan.embedded-postgres.data-directory= --leakscan.worker.enabled=false \
  --leakscan.bootstrap.api-key="$key" --logging.level.root=WARN > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 180); do
  curl -fs "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; echo "the service did not start" >&2; exit 1; }
  sleep 1
done
curl -fs "$base/actuator/health" >/dev/null || { echo "the service did not become healthy" >&2; exit 1; }

body='{"target":{"baseUrl":"http://127.0.0.1:9%d"},"endpoints":[{"method":"GET","path":"/users/42"}],"profile":"quick"}'
auth="Authorization: Bearer $key"
ids=()
for i in 1 2 3 4; do
  ids+=("$(curl -fs -X POST "$base/api/v1/scans" -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"target\":{\"baseUrl\":\"http://127.0.0.1:900$i\"}}" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')")
done
[ "${#ids[@]}" -eq 4 ] && [ -n "${ids[3]}" ] || { echo "could not queue the 4 scans" >&2; exit 1; }

run() { "$work/loadgen" "$@" -header "$auth" -duration "${seconds}s"; }
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$2"; }
count() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" <<<"$2"; }

# The JIT compiles for a minute or more on 2 cores; measuring before that measures the compiler.
warmup=${BENCH_WARMUP_SECONDS:-60}
echo "warm-up (${warmup} s of each request kind)..."
"$work/loadgen" -header "$auth" -duration "${warmup}s" -method GET -url "$base/api/v1/scans/${ids[0]}" -rate 300 >/dev/null
"$work/loadgen" -header "$auth" -duration "${warmup}s" -method POST -url "$base/api/v1/scans" -rate 300 \
  -body-template "$body" >/dev/null

echo "GET status at 500 req/s with 4 scans queued..."
get=$(run -method GET -url "$base/api/v1/scans/${ids[1]}" -rate 500)
echo "POST submissions at 500 req/s..."
post500=$(run -method POST -url "$base/api/v1/scans" -rate 500 -body-template "$body")
echo "POST submissions at 1000 req/s..."
post1000=$(run -method POST -url "$base/api/v1/scans" -rate 1000 -body-template "$body")

row() { # name json okStatus
  local ok; ok=$(count "$3" "$2"); ok=${ok:-0}
  printf '| %s | %s | %s | %.0f | %s | %s | %s |\n' "$1" "$(count requests "$2")" "$ok" \
    "$(awk -v n="$ok" -v s="$seconds" 'BEGIN{print n/s}')" "$(field p50Ms "$2")" "$(field p99Ms "$2")" "$(count errors "$2")"
}
table=$(cat <<TABLE
# Scan API benchmark

$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), ${seconds} s per run,
open-loop load from bench/loadgen in a separate process after a ${warmup} s warm-up per request kind,
embedded PostgreSQL 17, workers off.
Targets: >= 500 accepted submissions/s; GET status p99 <= 20 ms at 500 req/s while 4 scans are queued.

| run | sent | accepted (2xx) | accepted/s | p50 ms | p99 ms | client errors |
|---|---|---|---|---|---|---|
$(row "GET /api/v1/scans/{id} at 500/s, 4 queued" "$get" 200)
$(row "POST /api/v1/scans at 500/s" "$post500" 202)
$(row "POST /api/v1/scans at 1000/s" "$post1000" 202)
TABLE
)
mkdir -p bench/results
printf '%s\n' "$table" | tee bench/results/scan-api.md
