#!/usr/bin/env bash
# Probe throughput: the engine's sustained requests/s against one lab endpoint, next to wrk against the same endpoint
# on the same machine in the same run. Writes bench/results/probe-throughput.md. Not a test: numbers depend on the
# machine and on what else runs on it (the load average is printed with them).
#
# Each JVM run first warms up for WARMUP seconds (JIT, connections; not counted), then measures for SECONDS. Next to
# the engine it measures what its HTTP stack can do at best (a bare WebClient exchange, and Reactor Netty's HttpClient
# directly, in the same closed loop), and for every client the CPU it spends per request, the target's too: on a
# machine where client and target share the cores, CPU per request is what bounds the throughput.
#
# Usage: bench/probe-throughput.sh [CONCURRENCY] [SECONDS] [REPEATS] [WARMUP]
# Needs: Go (to build the lab app), a JDK >= 21, wrk and GNU time (installed with apt-get when missing).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONCURRENCY=${1:-32}
SECONDS_PER_RUN=${2:-15}
REPEATS=${3:-2}
WARMUP=${4:-30}
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
if [ ! -x /usr/bin/time ]; then # GNU time: wrk's CPU per request
  echo "installing time with apt-get" >&2
  (apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }) \
    || fail "/usr/bin/time is missing and apt-get install -y time failed"
fi

. "$ROOT/bench/lib.sh"
# --- a JDK >= 21, the project's classpath, and the lab app: no-telemetry serves GET /ping -> "pong", the lightest
# endpoint in the lab ---------------------------------------------------------------------------------------------------
bench_java
bench_classpath
bench_start_lab_app no-telemetry
URL="$BASE/ping"
curl -fsS "$URL" >/dev/null 2>&1 || fail "GET $URL failed"

# --- measure: alternate the clients so drifting machine load hits them alike ---------------------------------------
WRK_THREADS=2
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime in clock ticks
HZ=$(getconf CLK_TCK)
per_request_us() { awk -v t="$1" -v hz="$HZ" -v n="$2" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }'; }
field() { sed -n "s/.*[ ]$1=\([0-9.]*\).*/\1/p" <<<" $2"; }

# Prints "rps client_us app_us" for wrk.
run_wrk() {
  wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d10s "$URL" >/dev/null 2>&1 # warms the app up as well
  local a0 out a1 n cpu
  a0=$(ticks "$APP_PID")
  out=$( { /usr/bin/time -f "CPU %U %S" wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"${SECONDS_PER_RUN}s" "$URL"; } 2>&1 )
  a1=$(ticks "$APP_PID")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk '/^CPU/ {printf "%.0f", ($2 + $3) * 1e6}' <<<"$out")
  [ -n "$n" ] || fail "wrk produced no result: $out"
  echo "$(awk '/Requests\/sec:/ {printf "%.0f", $2}' <<<"$out") $(awk -v c="$cpu" -v n="$n" 'BEGIN { printf "%.1f", c / n }') $(per_request_us $((a1 - a0)) "$n")"
}

# Runs a JVM bench (it prints MEASURING when its warm-up ends, then RESULT); prints "rps client_us app_us".
run_jvm() {
  local log=$WORK/jvm.out a0="" a1 result
  "$JAVA" -cp "$CP" "$@" >"$log" 2>"$WORK/jvm.err" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$a0" ] && grep -q '^MEASURING' "$log"; then a0=$(ticks "$APP_PID"); fi
    if grep -q '^RESULT' "$log"; then break; fi
    sleep 0.2
  done
  a1=$(ticks "$APP_PID")
  wait "$pid" || true
  result=$(grep '^RESULT' "$log") || { cat "$WORK/jvm.err" >&2; fail "$* produced no result"; }
  [ -n "$a0" ] || fail "$* did not say when it started measuring"
  echo "$(field rps "$result") $(field cpu_us "$result") $(per_request_us $((a1 - a0)) "$(field requests "$result")")"
}
run_engine() { run_jvm "$ROOT/bench/ProbeThroughputBench.java" "$BASE" /ping "$CONCURRENCY" "$SECONDS_PER_RUN" "$WARMUP"; }
run_webclient() { run_jvm "$ROOT/bench/ProbeFloorBench.java" webclient "$URL" "$CONCURRENCY" "$SECONDS_PER_RUN" "$WARMUP"; }
run_netty() { run_jvm "$ROOT/bench/ProbeFloorBench.java" reactor-netty "$URL" "$CONCURRENCY" "$SECONDS_PER_RUN" "$WARMUP"; }

CLIENTS=(wrk engine webclient netty)
declare -A RUNS CLIENT_US APP_US
for i in $(seq 1 "$REPEATS"); do
  for c in "${CLIENTS[@]}"; do
    read -r rps cus aus < <("run_$c") || true
    [ -n "${aus:-}" ] || fail "$c produced no result (its error is above)" # fail() in a process substitution only ends that
    RUNS[$c]="${RUNS[$c]:-}${RUNS[$c]:+ }$rps"; CLIENT_US[$c]="${CLIENT_US[$c]:-}${CLIENT_US[$c]:+ }$cus"
    APP_US[$c]="${APP_US[$c]:-}${APP_US[$c]:+ }$aus"
    echo "run $i: $c $rps req/s, client ${cus} us/request, app ${aus} us/request" >&2
  done
done

best() { tr ' ' '\n' <<<"$1" | sort -g | tail -1; }
median() { tr ' ' '\n' <<<"$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
W=$(best "${RUNS[wrk]}")
ratio() { awk -v e="$1" -v w="$W" 'BEGIN { printf "%.2f", e / w }'; }
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A LABEL=([wrk]="wrk ($WRK_THREADS threads)" [engine]="**probe engine** (ProbeSession load rounds)"
  [webclient]="bare WebClient exchange (floor)" [netty]="bare Reactor Netty HttpClient (floor)")

{
  echo "# Probe throughput"
  echo
  echo "Clients sending \`GET /ping\` to the lab app \`no-telemetry\` (Go, Echo v4) on 127.0.0.1 at concurrency $CONCURRENCY,"
  echo "alternating, $REPEATS runs each of $SECONDS_PER_RUN s after a ${WARMUP} s warm-up (JVMs: JIT and connections) or a 10 s one (wrk)."
  echo "The probe engine runs its load rounds with the pacer at 1,000,000/s so it does not limit. The two floors run the same"
  echo "closed loop with nothing of the engine around it: what its HTTP stack can do at best. CPU per request is user +"
  echo "system time over the measured window divided by the requests completed, for the client process and for the target."
  echo "Target: the engine at >= 0.8x wrk."
  echo
  echo "| Client | Runs (req/s) | Best req/s | Ratio to wrk | Client CPU per request (us, median) | Target CPU per request (us, median) |"
  echo "|---|---|---|---|---|---|"
  for c in "${CLIENTS[@]}"; do
    b=$(best "${RUNS[$c]}")
    echo "| ${LABEL[$c]} | ${RUNS[$c]} | $b | $(ratio "$b") | $(median "${CLIENT_US[$c]}") | $(median "${APP_US[$c]}") |"
  done
  echo
  echo "Machine: $(nproc) cores, load average $LOAD at the end, $(date -u '+%Y-%m-%d %H:%M UTC'), JDK $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.runtime.version = //p')."
  echo "Produced by \`bench/probe-throughput.sh $CONCURRENCY $SECONDS_PER_RUN $REPEATS $WARMUP\`."
  echo
} >"$RESULTS.new"
# Keep the analysis below the generated table (everything from the first "## " heading on).
if [ -f "$RESULTS" ]; then sed -n '/^## /,$p' "$RESULTS" >>"$RESULTS.new"; fi
mv "$RESULTS.new" "$RESULTS"
cat "$RESULTS"
