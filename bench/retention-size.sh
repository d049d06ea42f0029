#!/usr/bin/env bash
# Database size per scan before and after retention deletes a finished scan's samples and profile snapshots: real
# scans of a lab app through the REST API of the application running in the benchmark's JVM (one worker), measured
# per table after VACUUM FULL; then the application again on the same data with retention at 1 s, measured once the
# scheduled purge has run. Writes bench/results/retention.md. Not a test: scan lengths depend on the machine.
#
# Usage: bench/retention-size.sh [SCANS] [PROFILE]     (defaults 3 memory)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCANS=${1:-3}
PROFILE=${2:-memory}
APP=brief-middleware-leaky
ENDPOINT="GET /users/42"
WORK=$ROOT/bench/.work
RESULTS=$ROOT/bench/results/retention.md
mkdir -p "$WORK" "$(dirname "$RESULTS")"

fail() { echo "retention-size: $*" >&2; exit 1; }

. "$ROOT/bench/lib.sh"
bench_java
bench_classpath
bench_start_lab_app "$APP"
DATA=$WORK/retention-postgres
rm -rf "$DATA" "$DATA.lock"

TABLE=$("$JAVA" -cp "$CP" "$ROOT/bench/RetentionSizeBench.java" "$BASE" "$ENDPOINT" "$SCANS" "$PROFILE" "$DATA" \
  2> >(grep -v '^WARNING' >&2)) || fail "the benchmark failed"
TABLE=$(printf '%s\n' "$TABLE" | grep '^|')
rm -rf "$DATA" "$DATA.lock"

{
  echo "# Retention: database size per scan"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), embedded PostgreSQL 17."
  echo "$SCANS $PROFILE scans of the lab app \`$APP\` (\`$ENDPOINT\`), one after the other, through the REST API; sizes"
  echo "are tables with their indexes and TOAST after \`VACUUM FULL\`, less what the empty tables hold, divided by the"
  echo "number of scans. After: the same"
  echo "database once \`leakscan.retention\` (here 1 s instead of 30 days) deleted the samples and profile snapshots;"
  echo "scans, findings and reports (which keep the charted series) stay."
  echo
  echo "$TABLE"
} > "$RESULTS"
cat "$RESULTS"
