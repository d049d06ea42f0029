#!/usr/bin/env bash
# Dashboard page times for a finished scan with many samples: the scan detail page and its chart JSON over real HTTP
# (signed in, as a browser), and in-process what the chart JSON's time goes to (ScanResults.series and the plain
# read of every sample). The application runs inside the benchmark's JVM on a throw-away embedded PostgreSQL.
# Writes bench/results/dashboard-pages.md. Not a test: the numbers depend on the machine and what else runs on it.
#
# Usage: bench/dashboard-pages.sh [SAMPLES] [WARMUP] [ITERATIONS]     (defaults 10000 200 300)
# Target (issue #8): pages render in well under a second for a scan with 10k samples.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SAMPLES=${1:-10000}
WARMUP=${2:-200}
ITERATIONS=${3:-300}
WORK=$ROOT/bench/.work
RESULTS=$ROOT/bench/results/dashboard-pages.md
mkdir -p "$WORK" "$(dirname "$RESULTS")"

fail() { echo "dashboard-pages: $*" >&2; exit 1; }

. "$ROOT/bench/lib.sh"
bench_java
bench_classpath

TABLE=$("$JAVA" -cp "$CP" "$ROOT/bench/DashboardPagesBench.java" "$SAMPLES" "$WARMUP" "$ITERATIONS" \
  2> >(grep -v '^WARNING' >&2)) || fail "the benchmark failed"
# The application logs to stdout too (a bootstrap key among it): the results keep only the table.
TABLE=$(printf '%s\n' "$TABLE" | grep '^|')

{
  echo "# Dashboard pages benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -n 1),"
  echo "embedded PostgreSQL 17, one finished scan with $SAMPLES samples and its report; $WARMUP warm-up calls then"
  echo "$ITERATIONS timed calls each, one at a time. HTTP rows are end to end from java.net.http in the same JVM"
  echo "(session cookie, no compression). Target: well under a second for 10k samples."
  echo
  echo "$TABLE"
} > "$RESULTS"
cat "$RESULTS"
