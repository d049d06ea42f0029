#!/usr/bin/env bash
# Sampler jitter (issue #4): how late the TelemetrySampler's ticks are at 10 samples/s against a real lab app while a
# probe-engine load round runs against the same app. Target: p99 lateness under 20 ms. Writes
# bench/results/sampler-jitter.md. Not a test: numbers depend on the machine and on what else runs on it (the load
# average is printed with them).
#
# Usage: bench/sampler-jitter.sh [SECONDS_PER_SCENARIO]
# Needs: Go (to build the lab app), a JDK >= 21.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_PER_RUN=${1:-30}
WORK=$ROOT/bench/.work
RESULTS=$ROOT/bench/results/sampler-jitter.md
mkdir -p "$WORK" "$(dirname "$RESULTS")"

fail() { echo "sampler-jitter: $*" >&2; exit 1; }

. "$ROOT/bench/lib.sh"
# --- a JDK >= 21, the project's classpath, and the lab app: brief-stream-fixed serves pprof and Prometheus telemetry
# and a cheap GET /status -------------------------------------------------------------------------------------------
bench_java
bench_classpath
APP=brief-stream-fixed
bench_start_lab_app "$APP"
curl -fsS "$BASE/status" >/dev/null 2>&1 || fail "GET $BASE/status failed"

# --- measure -------------------------------------------------------------------------------------------------------------
"$JAVA" -cp "$CP" "$ROOT/bench/SamplerJitterBench.java" "$BASE" /status "$SECONDS_PER_RUN" \
  >"$WORK/jitter.out" 2>"$WORK/jitter.err" || { cat "$WORK/jitter.err" >&2; fail "the bench failed"; }
grep -q '^RESULT' "$WORK/jitter.out" || { cat "$WORK/jitter.err" >&2; fail "the bench produced no result"; }
PLAN=$(sed -n 's/^sampling plan: //p' "$WORK/jitter.err" | head -1)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
{
  echo "# Sampler jitter"
  echo
  echo "The TelemetrySampler at 10 samples/s (counters every 100 ms, the forced-GC heap read every 400 ms, as the"
  echo "\`quick\` profile samples) against the lab app \`$APP\` (Go, Echo v4) on 127.0.0.1, while the probe engine"
  echo "sends \`GET /status\` to the same app; ${SECONDS_PER_RUN} s per scenario, each with a fresh sampler, after a 5 s"
  echo "warm-up. Jitter is how late a tick started against its fixed-rate schedule (millisecond clock). A gap is a"
  echo "signal missing from a tick (source busy, failed or timed out). Target (issue #4): p99 < 20 ms under load."
  echo "The floor is a bare timer thread in the same JVM on the same cadence that only notes how late it woke: what"
  echo "the machine and the JVM impose on any thread; the sampler's own share is the difference."
  echo
  echo "| Scenario | Load req/s | Ticks | Samples | Gaps | Jitter p50 ms | p95 ms | p99 ms | max ms | Floor p99 / max ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  while IFS= read -r line; do
    name=$(sed -n 's/.*scenario="\([^"]*\)".*/\1/p' <<<"$line")
    echo "| $name | $(field rps "$line") | $(field ticks "$line") | $(field samples "$line") | $(field gaps "$line") | $(field p50 "$line") | $(field p95 "$line") | $(field p99 "$line") | $(field max "$line") | $(field floorP99 "$line") / $(field floorMax "$line") |"
  done < <(grep '^RESULT' "$WORK/jitter.out")
  echo
  echo "Sampling plan: $PLAN."
  echo "Machine: $(nproc) cores, load average $LOAD at the end (other work shares the cores), $(date -u '+%Y-%m-%d %H:%M UTC'),"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + local changes')."
  echo "Produced by \`bench/sampler-jitter.sh $SECONDS_PER_RUN\`."
} >"$RESULTS"
cat "$RESULTS"
