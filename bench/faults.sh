#!/usr/bin/env bash
# Issue 17's long fault scenarios, one command. The short ones run in ./mvnw verify as ITs (TargetFaultsIT,
# DatabaseOutageIT, ScanAcrossDatabaseOutageIT, WebhookReceiverDownIT, EmbeddedPostgresKillRecoveryIT,
# HostileTelemetryTest); these start real processes for minutes each, so they run on demand:
#   hostile-telemetry   the service's RSS while its workers scan hostile telemetry (pass: peak under 600 MB)
#   fault-node-loss     two services on one PostgreSQL, one killed with SIGKILL mid-scan three times
#   fault-db-outage     PostgreSQL stopped under running scans, then started again
#   fault-scanner-leak  300 scans in one service process, 100 in one CLI engine: heap, threads, fds, connections flat
#   load-scans          10,000 scans over 100 tenants, the API under 100-500 requests/s while the workers drain
# Builds the service jar once (or takes BENCH_JAR), runs each script in turn with it, keeps each log in
# target/faults/<scenario>.log, and prints one line per scenario. Each script but hostile-telemetry writes its own
# section of bench/results/faults.md. Exit status 1 when any scenario failed.
#
# Usage: bench/faults.sh [scenario ...]   (default: all five, about 30 minutes on 2 cores)
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
all=(hostile-telemetry fault-node-loss fault-db-outage fault-scanner-leak load-scans)
scenarios=("$@")
[ "${#scenarios[@]}" -gt 0 ] || scenarios=("${all[@]}")
for s in "${scenarios[@]}"; do
  [ -f "bench/$s.sh" ] && printf '%s\n' "${all[@]}" | grep -qx "$s" \
    || { echo "faults.sh: unknown scenario '$s' (known: ${all[*]})" >&2; exit 2; }
done

. .mvn/find-jdk.sh
leakscan_find_jdk
export JAVA_HOME
if [ -z "${BENCH_JAR:-}" ]; then
  echo "building the service jar"
  ./mvnw -q -B -ntp -DskipTests -Dleakscan.images.skip=true -pl service -am package
  BENCH_JAR=$(ls "$ROOT"/service/target/leakscan-service-*.jar | head -n 1)
fi
export BENCH_JAR

mkdir -p target/faults
failed=0
report=()
for s in "${scenarios[@]}"; do
  log=target/faults/$s.log
  echo "[$(date -u +%H:%M:%S)] $s (log: $log)"
  start=$(date +%s)
  if bash "bench/$s.sh" >"$log" 2>&1; then result=pass; else result=FAIL; failed=1; fi
  line=$(printf '%-20s %-5s %5.1f min' "$s" "$result" "$(echo "($(date +%s) - $start) / 60" | bc -l)")
  echo "  $line"
  report+=("$line")
done
echo
echo "fault scenarios, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD):"
printf '  %s\n' "${report[@]}"
[ "$failed" -eq 0 ] || { echo "failed: see the logs in target/faults/ and bench/results/faults.md" >&2; exit 1; }
