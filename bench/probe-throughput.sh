#!/usr/bin/env bash
# Probe throughput: the engine's sustained requests/s against one lab endpoint, next to wrk against the same endpoint
# on the same machine in the same run. Writes bench/results/probe-throughput.md. Not a test: numbers depend on the
# machine and on what else runs on it (the load average is printed with them).
#
# Usage: bench/probe-throughput.sh [CONCURRENCY] [SECONDS] [REPEATS]
# Needs: Go (to build the lab app), a JDK >= 21, wrk (installed with apt-get when missing).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONCURRENCY=${1:-32}
SECONDS_PER_RUN=${2:-10}
REPEATS=${3:-2}
WORK=$ROOT/bench/.work
RESULTS=$ROOT/bench/results/probe-throughput.md
mkdir -p "$WORK" "$(dirname "$RESULTS")"

fail() { echo "probe-throughput: $*" >&2; exit 1; }

# --- wrk -------------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "installing wrk with apt-get" >&2
  (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }) \
    || fail "wrk is not installed and apt-get install -y wrk failed"
fi
command -v wrk >/dev/null || fail "wrk still missing"

. "$ROOT/bench/lib.sh"
# --- a JDK >= 21, the project's classpath, and the lab app: no-telemetry serves GET /ping -> "pong", the lightest
# endpoint in the lab ---------------------------------------------------------------------------------------------------
bench_java
bench_classpath
bench_start_lab_app no-telemetry
URL="$BASE/ping"
curl -fsS "$URL" >/dev/null 2>&1 || fail "GET $URL failed"

# --- measure: alternate wrk and the engine so drifting machine load hits both alike ------------------------------------
WRK_THREADS=2
run_wrk() {
  wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"${SECONDS_PER_RUN}s" "$URL" >/dev/null 2>&1 # warm-up for the app as well
  wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"${SECONDS_PER_RUN}s" --latency "$URL" | awk '/Requests\/sec:/ {print $2}'
}
run_engine() {
  "$JAVA" -cp "$CP" "$ROOT/bench/ProbeThroughputBench.java" "$BASE" /ping "$CONCURRENCY" "$SECONDS_PER_RUN" 2>"$WORK/engine.err" \
    | sed -n 's/^RESULT rps=\([0-9]*\).*/\1/p'
}

declare -a WRK ENGINE
for i in $(seq 1 "$REPEATS"); do
  w=$(run_wrk); e=$(run_engine)
  [ -n "$w" ] || fail "wrk produced no result"
  [ -n "$e" ] || { cat "$WORK/engine.err" >&2; fail "the engine produced no result"; }
  WRK+=("$w"); ENGINE+=("$e")
  echo "run $i: wrk $w req/s, engine $e req/s" >&2
done

best() { printf '%s\n' "$@" | sort -g | tail -1; }
W=$(best "${WRK[@]}"); E=$(best "${ENGINE[@]}")
RATIO=$(awk -v e="$E" -v w="$W" 'BEGIN { printf "%.2f", e / w }')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# Probe throughput"
  echo
  echo "The probe engine (WebClient on Reactor Netty, pacer set to 1,000,000/s so it does not limit) against \`wrk\`, both"
  echo "sending \`GET /ping\` to the lab app \`no-telemetry\` (Go, Echo v4) on 127.0.0.1, alternating runs, best of $REPEATS."
  echo "Target: the engine at >= 0.8x wrk."
  echo
  echo "| | Concurrency | Seconds | Runs (req/s) | Best req/s | Ratio to wrk |"
  echo "|---|---|---|---|---|---|"
  echo "| wrk ($WRK_THREADS threads) | $CONCURRENCY | $SECONDS_PER_RUN | ${WRK[*]} | $W | 1.00 |"
  echo "| probe engine | $CONCURRENCY | $SECONDS_PER_RUN | ${ENGINE[*]} | $E | $RATIO |"
  echo
  echo "Machine: $(nproc) cores, load average $LOAD at the end (other work shares the cores), $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo "Produced by \`bench/probe-throughput.sh $CONCURRENCY $SECONDS_PER_RUN $REPEATS\`."
} >"$RESULTS"
cat "$RESULTS"
