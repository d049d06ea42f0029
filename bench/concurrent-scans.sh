#!/usr/bin/env bash
# Concurrent scans on one node (issue 14): what scans running at once do to each other's results on this machine,
# to size the worker pool (leakscan.worker.pool-size) from a measurement.
#
# bench/ConcurrentScansBench.java runs the work tree's ScanEngine in one JVM, as a service node does, and scans the
# apps in batches of K at once for each level K (a fresh lab process per scan on 127.0.0.1, each scan its own target).
# Every scan is compared with lab/catalog.json route by route (verdict, kind, scope, false positives), and its
# sampler's jitter and gaps are reported. The lab apps run on the same cores as the scans: a harsher test than a
# node whose targets are other machines. Writes bench/results/concurrent-scans.md.
#
# Usage: bench/concurrent-scans.sh [-p quick] [-k 1,2,4,8] [-a app1,app2,...]
# Needs: Go (to build the lab apps), a JDK >= 21, the Maven repository filled (it builds offline first).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PROFILE=quick
LEVELS=1,2,4,8
APPS=brief-middleware-leaky,brief-middleware-fixed,brief-stream-leaky,brief-stream-fixed,heap-slice-leaky,heap-slice-fixed,xff-limiter-leaky,xff-limiter-fixed
while getopts "p:k:a:" opt; do
  case $opt in
    p) PROFILE=$OPTARG ;;
    k) LEVELS=$OPTARG ;;
    a) APPS=$OPTARG ;;
    *) echo "usage: $0 [-p profile] [-k levels] [-a apps]" >&2; exit 2 ;;
  esac
done
WORK=$ROOT/bench/.work/concurrent-scans
RESULTS=${CONCURRENT_SCANS_RESULTS:-$ROOT/bench/results/concurrent-scans.md}
mkdir -p "$WORK/bin" "$WORK/classes" "$(dirname "$RESULTS")"

fail() { echo "concurrent-scans: $*" >&2; exit 1; }
. "$ROOT/bench/lib.sh"
bench_java
command -v go >/dev/null || fail "go is not on PATH"
bench_classpath
for app in trap-slow ${APPS//,/ }; do
  (cd "$ROOT/lab" && go build -o "$WORK/bin/$app" "./cmd/$app") || fail "go build of lab app $app failed"
done
"${JAVA%/java}/javac" -nowarn -cp "$CP" -d "$WORK/classes" bench/TimeToVerdictBench.java bench/ConcurrentScansBench.java \
  || fail "javac of the bench failed"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- engine/src || echo ' + changes')
"$JAVA" -cp "$WORK/classes:$CP" ConcurrentScansBench "$ROOT/lab/catalog.json" "$WORK/bin" "$PROFILE" "$LEVELS" "$APPS" \
  "$WORK/tables.md" >"$WORK/stdout.log" 2> >(tee "$WORK/progress.log" >&2) || fail "the bench failed (see $WORK/progress.log)"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# Concurrent scans on one node"
  echo
  echo "One ScanEngine in one JVM, as a service node has; K scans at once on K threads, as K workers run them, each"
  echo "against a lab app of its own (a fresh process per scan on 127.0.0.1, on the same cores as the scans). For each"
  echo "level the apps below are scanned in batches of K that start together, with the \`$PROFILE\` profile and"
  echo "\`--echo-specific\`, as the catalog scans. **Right verdicts**: the verdict the catalog expects with every expected"
  echo "finding (kind, scope) and no other. **Ratio**: time to verdict over the rate floor of the requests the scan sent"
  echo "(as in time-to-verdict.md). **Jitter**: how late the scan's sampler ticks started against their schedule; a"
  echo "**gap** is a reading missing from a tick."
  echo
  cat "$WORK/tables.md"
  echo
  echo "Apps: $APPS."
  echo "Machine: $(nproc) cores; load average $LOAD_START at the start, $LOAD_END at the end; $(date -u '+%Y-%m-%d %H:%M UTC'),"
  echo "commit $COMMIT. Produced by \`bench/concurrent-scans.sh -p $PROFILE -k $LEVELS\`."
} >"$RESULTS"
cat "$RESULTS"
