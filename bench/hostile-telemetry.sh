#!/usr/bin/env bash
# Hostile-telemetry memory benchmark (issue 17, defect 2): starts the packaged service on a throw-away embedded
# PostgreSQL with its default JVM settings and worker pool, and bench/hostile (one loopback target per worker, whose
# telemetry answers once truthfully, then with 500 MB bodies, a gzip bomb, a 1 byte/s drip, garbage and a
# million-goroutine dump). All workers scan at once; the service's VmRSS is sampled from /proc every 0.5 s.
# Prints the idle and peak RSS and each scan's outcome. BENCH_JAR picks a jar (default: build this checkout).
# Target: peak RSS under 600 MB.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh
leakscan_find_jdk
export JAVA_HOME

workers=${BENCH_WORKERS:-4}
limit=${BENCH_SECONDS:-240}
port=${BENCH_PORT:-18081}
key=lsk_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
base=http://127.0.0.1:$port
work=$(mktemp -d)
app_pid=""
hostile_pid=""
cleanup() {
  for p in $app_pid $hostile_pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

jar=${BENCH_JAR:-}
if [ -z "$jar" ]; then
  echo "building the service jar..."
  ./mvnw -q -B -ntp -DskipTests package
  jar=$(ls service/target/leakscan-service-*.jar | head -n 1)
fi
(cd bench/hostile && go build -o "$work/hostile" .)

"$work/hostile" -n "$workers" > "$work/hostile.out" 2>&1 &
hostile_pid=$!
for _ in $(seq 1 50); do [ "$(grep -c listening "$work/hostile.out" || true)" -ge "$workers" ] && break; sleep 0.2; done
mapfile -t targets < <(sed -n 's/^listening on //p' "$work/hostile.out")
[ "${#targets[@]}" -eq "$workers" ] || { echo "the hostile server did not start" >&2; exit 1; }

"$JAVA_HOME/bin/java" -jar "$jar" --server.port="$port" \
  --leakscan.embedded-postgres.data-directory= --leakscan.worker.pool-size="$workers" \
  --leakscan.bootstrap.api-key="$key" --logging.level.root=WARN > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 180); do
  curl -fs "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; echo "the service did not start" >&2; exit 1; }
  sleep 1
done
rss() { awk '/^VmRSS/ {print int($2/1024)}' "/proc/$app_pid/status"; }
sleep 5
idle=$(rss)

auth="Authorization: Bearer $key"
ids=()
for t in "${targets[@]}"; do
  ids+=("$(curl -fs -X POST "$base/api/v1/scans" -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"target\":{\"baseUrl\":\"$t\"},\"endpoints\":[{\"method\":\"GET\",\"path\":\"/\"}],\"profile\":\"quick\"}" \
    | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')")
done
[ "${#ids[@]}" -eq "$workers" ] || { echo "could not queue the scans" >&2; exit 1; }

peak=$idle
start=$(date +%s)
while :; do
  r=$(rss); [ "$r" -gt "$peak" ] && peak=$r
  done_count=0
  for id in "${ids[@]}"; do
    curl -fs "$base/api/v1/scans/$id" -H "$auth" | grep -Eq '"status" *: *"(SUCCEEDED|FAILED|CANCELLED)"' \
      && done_count=$((done_count + 1))
  done
  [ "$done_count" -eq "$workers" ] && break
  [ $(( $(date +%s) - start )) -ge "$limit" ] && { echo "scans still running after ${limit} s"; break; }
  sleep 0.5
done
elapsed=$(( $(date +%s) - start ))
after=$(rss)
echo "workers=$workers scans=${#ids[@]} seconds=$elapsed"
for id in "${ids[@]}"; do
  st=$(curl -fs "$base/api/v1/scans/$id" -H "$auth" | sed -n 's/.*"status" *: *"\([A-Z]*\)".*/\1/p' | head -n 1)
  echo "  scan $id: $st"
done
echo "RSS MB: idle=$idle peak=$peak end=$after"
# pass: every scan ended and the peak stayed under the budget (issue 17, defect 2: 600 MB with the default workers)
rss_limit=${BENCH_RSS_LIMIT_MB:-600}
[ "$done_count" -eq "$workers" ] || { echo "fail: $done_count of $workers scans ended"; exit 1; }
[ "$peak" -lt "$rss_limit" ] || { echo "fail: peak RSS $peak MB, over $rss_limit MB"; exit 1; }
echo "pass: peak RSS $peak MB (under $rss_limit MB), $workers of $workers scans ended"
