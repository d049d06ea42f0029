#!/usr/bin/env bash
# Fault scenario 6 of issue 17, the scanner does not leak: the packaged service (default settings, embedded
# PostgreSQL, a pool of 4 workers) runs FAULT_SCANS short scans of loopback targets (bench/faulttarget) in batches of
# FAULT_EVERY; after the start and every batch it records the heap after a full GC (jcmd), live threads and open file
# descriptors (/proc) and the database's client connections (pg_stat_activity). Then the same for FAULT_CLI_SCANS scans
# one after the other in one JVM through the engine the CLI runs in-process (bench/EngineLeakBench.java). Writes its
# section of bench/results/faults.md, with the slope of each figure per 100 scans after the first batch (warm-up).
#
# Usage: bench/fault-scanner-leak.sh   (FAULT_SCANS=300 FAULT_EVERY=50 FAULT_CLI_SCANS=100 by default)
# BENCH_JAR picks a jar (default: build this checkout). Needs Go, psql and a JDK >= 21. Loopback only; every process
# it starts is stopped by its pid when it ends.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCANS=${FAULT_SCANS:-300}
EVERY=${FAULT_EVERY:-50}
CLI_SCANS=${FAULT_CLI_SCANS:-100}
TARGETS=4
RESULTS=$ROOT/bench/results/faults.md
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fault-scanner-leak.XXXXXX")

NAME=fault-scanner-leak KEEP=${FAULT_KEEP:-}
. bench/processes.sh
command -v psql >/dev/null || fail "psql is needed (the PostgreSQL client)"
command -v go >/dev/null || fail "go is needed to build bench/faulttarget"
bench_jdk

bench_service_jar
bench_start_targets "$TARGETS"

# --- the service ------------------------------------------------------------------------------------------------------
key=lsk_fault_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=$((20000 + RANDOM % 20000))
pg_port=$((port + 1))
"$JAVA" -jar "$jar" --server.port="$port" --leakscan.embedded-postgres.data-directory="$WORK/postgres" \
  --leakscan.embedded-postgres.port="$pg_port" --leakscan.bootstrap.api-key="$key" --logging.level.root=WARN \
  >"$WORK/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { tail -50 "$WORK/app.log"; fail "the service exited"; }
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null || fail "the service is not healthy"
say "service up (pid $app_pid), embedded PostgreSQL on $pg_port"

sql() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tA -q -c "$1"; }
rows=()
measure() {  # scans done -> one row: scans heapKiB threads fds connections
  "$JAVA_HOME/bin/jcmd" "$app_pid" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$app_pid" GC.run >/dev/null
  local heap threads fds conns
  heap=$("$JAVA_HOME/bin/jcmd" "$app_pid" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1)
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$app_pid/status")
  fds=$(ls "/proc/$app_pid/fd" | wc -l)
  conns=$(sql "select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()")
  rows+=("$1 $heap $threads $fds $conns")
  # FAULT_HISTOGRAM=1 (with FAULT_KEEP=1) keeps a class histogram per row, to find what grows when a slope is not 0
  [ -z "${FAULT_HISTOGRAM:-}" ] || "$JAVA_HOME/bin/jcmd" "$app_pid" GC.class_histogram >"$WORK/histogram-$1.txt"
  say "after $1 scans: heap after GC $((heap / 1024)) MiB, $threads threads, $fds fds, $conns database connections"
}
measure 0
tuning='{"baselineSeconds":1,"loadRounds":2,"requestsPerRound":20,"concurrency":2,"requestsPerSecond":50,"settleSeconds":0,"abortRequests":0,"keyRequests":0}'
t0=$(date +%s)
for done_scans in $(seq "$EVERY" "$EVERY" "$SCANS"); do
  for i in $(seq 1 "$EVERY"); do
    curl -fs -X POST "http://127.0.0.1:$port/api/v1/scans" -H "Authorization: Bearer $key" \
      -H 'Content-Type: application/json' \
      -d "{\"target\":{\"baseUrl\":\"${targets[$((i % TARGETS))]}\"},\"endpoints\":[{\"method\":\"GET\",\"path\":\"/work\"}],\"profile\":\"quick\",\"echoSpecific\":false,\"tuning\":$tuning}" \
      >/dev/null || fail "could not queue a scan"
  done
  for _ in $(seq 1 2400); do
    [ "$(sql "select count(*) from scans where status in ('QUEUED', 'RUNNING')")" -eq 0 ] && break
    sleep 0.5
  done
  [ "$(sql "select count(*) from scans where status in ('QUEUED', 'RUNNING')")" -eq 0 ] || fail "a batch did not drain in 20 min"
  measure "$done_scans"
done
service_seconds=$(( $(date +%s) - t0 ))
statuses=$(sql "select string_agg(s, ', ') from (select status || ': ' || count(*) as s from scans group by status order by 1) x")

# --- the engine in one JVM, as the CLI runs it ---------------------------------------------------------------------------
unzip -q -o "$jar" 'BOOT-INF/*' -d "$WORK/jar"
CP="$WORK/jar/BOOT-INF/classes:$(ls "$WORK"/jar/BOOT-INF/lib/*.jar | tr '\n' ':')"
t1=$(date +%s)
"$JAVA" -Xmx256m -cp "$CP" bench/EngineLeakBench.java "${targets[0]}" "$CLI_SCANS" $(( CLI_SCANS >= 4 ? CLI_SCANS / 4 : 1 )) >"$WORK/cli.out" 2>"$WORK/cli.err" \
  || { tail -20 "$WORK/cli.err"; fail "the engine bench failed"; }
cli_seconds=$(( $(date +%s) - t1 ))
mapfile -t cli_rows < <(sed -n 's/^ROW //p' "$WORK/cli.out")

# --- slopes per 100 scans after the first batch (least squares), and the tables -----------------------------------------
slope() {  # column, rows... -> slope per 100 scans over rows after the first two (start and warm-up batch)
  local col=$1; shift
  printf '%s\n' "$@" | tail -n +3 | awk -v c="$col" '{x=$1; y=$c; n++; sx+=x; sy+=y; sxy+=x*y; sxx+=x*x}
    END {d=n*sxx-sx*sx; if (n < 2 || d == 0) print "n/a"; else printf "%.2f", 100*(n*sxy-sx*sy)/d}'
}
table() {
  printf '%s\n' "$@" | awk '{printf "| %d | %.1f | %d | %d | %s |\n", $1, $2/1024, $3, $4, $5}'
}
s_heap=$(slope 2 "${rows[@]}"); s_threads=$(slope 3 "${rows[@]}"); s_fds=$(slope 4 "${rows[@]}"); s_conns=$(slope 5 "${rows[@]}")
c_heap=$(slope 2 "${cli_rows[@]}"); c_threads=$(slope 3 "${cli_rows[@]}"); c_fds=$(slope 4 "${cli_rows[@]}")
mib() { [ "$1" = n/a ] && echo n/a || awk -v k="$1" 'BEGIN {printf "%.2f", k/1024}'; }
verdict=pass
within() { awk -v v="$1" -v m="$2" 'BEGIN {exit !(v != "n/a" && v <= m && v >= -m)}'; }
within "$s_heap" 2048 && within "$s_threads" 1 && within "$s_fds" 1 && within "$s_conns" 1 || verdict=fail
within "$c_heap" 2048 && within "$c_threads" 1 && within "$c_fds" 1 || verdict=fail
say "result: $verdict"

section=$(cat <<EOF
<!-- fault-scanner-leak:begin -->
## The scanner does not leak: $SCANS scans in one service process, $CLI_SCANS in one CLI engine

\`bench/fault-scanner-leak.sh\`: the packaged service with its defaults (embedded PostgreSQL, 4 workers, no \`-Xmx\`)
ran $SCANS short scans (one endpoint, two rounds of 20 requests, no key-cardinality rounds) of $TARGETS loopback \`bench/faulttarget\` processes in
batches of $EVERY, in ${service_seconds} s ($statuses); heap after two full GCs (\`jcmd GC.run\`, \`GC.heap_info\`), live
threads and open fds from /proc, client connections from \`pg_stat_activity\`. Then $CLI_SCANS of the same scans one after
the other in one JVM (\`-Xmx256m\`) through the engine the CLI runs, each report rendered as JSON
(\`bench/EngineLeakBench.java\`), in ${cli_seconds} s. Slopes are least squares per 100 scans over the rows after the first
batch (the first batch loads classes, fills pools and caches). Pass: heap within +/- 2 MiB per 100 scans, threads,
fds and connections within +/- 1. Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(nproc) cores
shared with other work.

**Result: $verdict.** Service slopes per 100 scans: heap $(mib "$s_heap") MiB, threads $s_threads, fds $s_fds, database
connections $s_conns. CLI engine: heap $(mib "$c_heap") MiB, threads $c_threads, fds $c_fds.

| Service: scans | Heap after GC (MiB) | Threads | Open fds | DB connections |
|---|---|---|---|---|
$(table "${rows[@]}")

| CLI engine: scans | Heap after GC (MiB) | Threads | Open fds | Last scan |
|---|---|---|---|---|
$(table "${cli_rows[@]}")
<!-- fault-scanner-leak:end -->
EOF
)
bench_write_section fault-scanner-leak "$section"
[ "$verdict" = pass ]
