#!/usr/bin/env bash
# Fault scenario 1 of issue 17, node loss: two service processes (the packaged jar, default worker settings) on one
# standalone PostgreSQL server process, scans queued across loopback targets (bench/faulttarget, one process each),
# and one of the two services killed with SIGKILL in the middle of its scans, then restarted, several times. Checks
# that every scan ends exactly once (database and both nodes' logs), that none is lost, that no two scans of one
# target ever run at once, and that each scan the killed node held is claimed again within the lease timeout plus
# 10 s. Writes its section of bench/results/faults.md.
#
# Usage: bench/fault-node-loss.sh        (FAULT_SCANS=100 FAULT_TARGETS=10 FAULT_KILLS=3 FAULT_POOL=4 by default)
# BENCH_JAR picks a jar (default: build this checkout). Needs Go, psql and a JDK >= 21. Loopback only; every process
# it starts is stopped by its pid when it ends.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCANS=${FAULT_SCANS:-100}
TARGETS=${FAULT_TARGETS:-10}
KILLS=${FAULT_KILLS:-3}
POOL=${FAULT_POOL:-4}
LIMIT=${FAULT_SECONDS:-1800}   # the whole run, from the first scan queued
LEASE=30                       # leakscan.worker.lease-timeout's default, which this run keeps
RECLAIM_BOUND=$((LEASE + 10))
RESULTS=$ROOT/bench/results/faults.md
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fault-node-loss.XXXXXX")

NAME=fault-node-loss KEEP=${FAULT_KEEP:-}
. bench/processes.sh
command -v psql >/dev/null || fail "psql is needed (the PostgreSQL client)"
command -v go >/dev/null || fail "go is needed to build bench/faulttarget"
bench_jdk
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the jar, its libraries (for the PostgreSQL launcher), the target binary ------------------------------------------
bench_service_jar

# --- PostgreSQL: a server process of its own, outliving every service process ------------------------------------------
bench_start_pg 0

# --- targets ----------------------------------------------------------------------------------------------------------
bench_start_targets "$TARGETS"

# --- the two service processes -----------------------------------------------------------------------------------------
key=lsk_fault_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
declare -A node_port node_pid node_runs
node_port[node-a]=$((20000 + RANDOM % 20000))
node_port[node-b]=$((node_port[node-a] + 1))
node_runs[node-a]=0
node_runs[node-b]=0
start_node() {
  local name=$1
  node_runs[$name]=$((node_runs[$name] + 1))
  "$JAVA" -jar "$jar" --server.port="${node_port[$name]}" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$pg_port/postgres" --spring.datasource.username=postgres \
    --spring.datasource.password= --leakscan.worker.node-id="$name" --leakscan.worker.pool-size="$POOL" \
    --leakscan.bootstrap.api-key="$key" --logging.level.root=WARN --logging.level.io.leakscan.scan=INFO \
    >"$WORK/$name.${node_runs[$name]}.log" 2>&1 &
  node_pid[$name]=$!
  started+=($!)
}
await_healthy() {
  local name=$1 from=$2
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:${node_port[$name]}/actuator/health" >/dev/null 2>&1 && break
    kill -0 "${node_pid[$name]}" 2>/dev/null || { tail -50 "$WORK/$name.${node_runs[$name]}.log"; fail "$name exited"; }
    sleep 0.2
  done
  curl -fs "http://127.0.0.1:${node_port[$name]}/actuator/health" >/dev/null || fail "$name is not healthy"
  echo "$(date +%s.%N) - $from" | bc
}
t=$(date +%s.%N); start_node node-a; say "node-a healthy after $(await_healthy node-a "$t") s"
t=$(date +%s.%N); start_node node-b; say "node-b healthy after $(await_healthy node-b "$t") s"

# --- the scans: short ones (one endpoint, two small rounds), round-robin over the targets, through both nodes -------------
tuning='{"baselineSeconds":1,"loadRounds":2,"requestsPerRound":20,"concurrency":2,"requestsPerSecond":50,"settleSeconds":1,"abortRequests":0,"keyRequests":0}'
for i in $(seq 0 $((SCANS - 1))); do
  node=node-a; [ $((i % 2)) -eq 1 ] && node=node-b
  curl -fs -X POST "http://127.0.0.1:${node_port[$node]}/api/v1/scans" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' \
    -d "{\"target\":{\"baseUrl\":\"${targets[$((i % TARGETS))]}\"},\"endpoints\":[{\"method\":\"GET\",\"path\":\"/work\"}],\"profile\":\"quick\",\"tuning\":$tuning}" \
    >/dev/null || fail "could not queue scan $i"
done
run_start=$(date +%s.%N)
[ "$(sql "select count(*) from scans")" -eq "$SCANS" ] || fail "not all $SCANS scans were queued"
say "$SCANS scans queued across $TARGETS targets"

overlaps=0
polls=0
check_overlap() {  # two scans of one target running at the same moment
  local n
  polls=$((polls + 1))
  n=$(sql "select count(*) from (select target_key from scans where status = 'RUNNING' group by 1 having count(*) > 1) x")
  overlaps=$((overlaps + n))
}

# --- kill -9 node-a in the middle of its scans, restart it, measure the reclaim --------------------------------------
reclaims=()      # seconds from the kill to the new claim, one per scan the killed node held
kill_rows=()
for k in $(seq 1 "$KILLS"); do
  for _ in $(seq 1 1200); do
    check_overlap
    [ "$(sql "select count(*) from scans where status = 'RUNNING' and picked_by = 'node-a' and started_at < now() - interval '2 seconds'")" -ge 1 ] && break
    sleep 0.25
  done
  mapfile -t held < <(sql "select id || ' ' || attempt from scans where status = 'RUNNING' and picked_by = 'node-a'")
  [ "${#held[@]}" -ge 1 ] || fail "node-a never ran a scan before kill $k"
  t_kill=$(date +%s.%N)
  kill -9 "${node_pid[node-a]}"
  wait "${node_pid[node-a]}" 2>/dev/null || true
  say "kill $k: SIGKILL to node-a (pid ${node_pid[node-a]}) while it ran ${#held[@]} scan(s)"
  start_node node-a
  declare -A done_at=() by=()
  ids=$(printf "'%s'," "${held[@]%% *}"); ids=${ids%,}
  healthy=""
  for _ in $(seq 1 800); do
    check_overlap
    if [ -z "$healthy" ] && curl -fs "http://127.0.0.1:${node_port[node-a]}/actuator/health" >/dev/null 2>&1; then
      healthy=$(echo "$(date +%s.%N) - $t_kill" | bc)
    fi
    while IFS='|' read -r id status attempt run_start picked; do
      [ -n "${done_at[$id]:-}" ] && continue
      for h in "${held[@]}"; do
        [ "${h%% *}" = "$id" ] || continue
        if [ "$attempt" -gt "${h##* }" ]; then
          done_at[$id]=$(echo "$run_start - $t_kill" | bc); by[$id]=$picked
        elif [ "$status" != RUNNING ] && [ "$status" != QUEUED ]; then
          done_at[$id]=$(echo "$(date +%s.%N) - $t_kill" | bc); by[$id]="reaper: $status"
        fi
      done
    done < <(sql "select id, status, attempt, extract(epoch from started_at), coalesce(picked_by, '') from scans where id in ($ids)")
    [ "${#done_at[@]}" -eq "${#held[@]}" ] && break
    sleep 0.25
  done
  [ "${#done_at[@]}" -eq "${#held[@]}" ] || fail "kill $k: not every held scan was claimed again within 200 s"
  [ -n "$healthy" ] || healthy=$(await_healthy node-a "$t_kill")
  figures=""
  for id in "${!done_at[@]}"; do
    r=$(printf '%.1f' "${done_at[$id]}")
    reclaims+=("$r")
    figures+="${figures:+, }$r s (${by[$id]})"
  done
  say "kill $k: reclaimed in $figures; node-a healthy again ${healthy%.*} s after the kill"
  kill_rows+=("| $k | ${#held[@]} | $figures | $(printf '%.1f' "$healthy") s |")
  unset done_at by
done

# --- the rest of the queue drains ----------------------------------------------------------------------------------------
for _ in $(seq 1 $((LIMIT * 4))); do
  check_overlap
  [ "$(sql "select count(*) from scans where status in ('QUEUED', 'RUNNING')")" -eq 0 ] && break
  elapsed=$(echo "$(date +%s.%N) - $run_start" | bc); [ "${elapsed%.*}" -ge "$LIMIT" ] && break
  sleep 0.25
done
run_seconds=$(printf '%.0f' "$(echo "$(date +%s.%N) - $run_start" | bc)")

# --- checks --------------------------------------------------------------------------------------------------------------
total=$(sql "select count(*) from scans")
ended=$(sql "select count(*) from scans where status in ('SUCCEEDED', 'FAILED', 'CANCELLED')")
statuses=$(sql "select string_agg(s, ', ') from (select status || coalesce(' ' || failure_code, '') || ': ' || count(*) as s from scans group by status, failure_code order by 1) x")
attempts=$(sql "select string_agg(s, ', ') from (select attempt || ' attempt(s): ' || count(*) as s from scans group by attempt order by attempt) x")
# the final runs of one target never overlap in time. started_at and finished_at are each node's clock read just before
# its statement runs, so one scan's end and the next one's start may cross by that statement's latency (the partial
# unique index on running scans is what excludes a real overlap): crossings up to 100 ms are shown, not counted
crossing="select a.id, greatest(0, 1000 * extract(epoch from least(a.finished_at, b.finished_at)
    - greatest(a.started_at, b.started_at))) as ms
  from scans a join scans b on a.target_key = b.target_key and a.id < b.id
  where a.started_at < b.finished_at and b.started_at < a.finished_at"
final_overlaps=$(sql "select count(*) from ($crossing) x where ms > 100")
max_crossing=$(sql "select coalesce(round(max(ms)::numeric, 1), 0) from ($crossing) x")
# every scan's end is logged once by the node that ended it (or by a reaper that gave up on it), across every process
ends=$(cat "$WORK"/node-*.log | grep -oE 'Scan [0-9a-f-]{36} (SUCCEEDED|FAILED|CANCELLED)|Scan [0-9a-f-]{36} lost its worker; now (FAILED|CANCELLED)' \
  | awk '{print $2}' | sort | uniq -c)
ended_once=$(awk '$1 == 1' <<<"$ends" | wc -l)
ended_twice=$(awk '$1 > 1' <<<"$ends" | wc -l)
max_reclaim=$(printf '%s\n' "${reclaims[@]}" | sort -n | tail -1)

verdict=pass
[ "$total" -eq "$SCANS" ] && [ "$ended" -eq "$SCANS" ] || verdict=fail
[ "$ended_once" -eq "$SCANS" ] && [ "$ended_twice" -eq 0 ] || verdict=fail
[ "$overlaps" -eq 0 ] && [ "$final_overlaps" -eq 0 ] || verdict=fail
[ "$(echo "$max_reclaim <= $RECLAIM_BOUND" | bc)" -eq 1 ] || verdict=fail

say "result: $verdict"
section=$(cat <<EOF
<!-- fault-node-loss:begin -->
## Node loss: two services on one PostgreSQL, kill -9 mid-scan

\`bench/fault-node-loss.sh\`: two service processes (the packaged jar, default worker settings: heartbeat 5 s, lease
timeout ${LEASE} s, reaper every 10 s, pool of $POOL each) on one PostgreSQL 17 server process; $SCANS short scans (one
endpoint, two rounds of 20 requests) queued round-robin over $TARGETS loopback targets (\`bench/faulttarget\`), half
through each node; node-a killed with SIGKILL $KILLS times while it ran scans, restarted each time with the same
node id. Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(nproc) cores shared with other work
(load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end).

**Result: $verdict.** $ended of $total scans ended ($statuses); $attempts. Every scan's end logged exactly once across
all $((node_runs[node-a] + node_runs[node-b])) service processes: $ended_once of $SCANS (twice: $ended_twice). Two scans of one target running at
once: $overlaps in $polls polls of the database (every 0.25 s), $final_overlaps among the final runs (the largest crossing of recorded start and end times: ${max_crossing} ms). Longest reclaim ${max_reclaim} s (bound: lease
timeout + 10 s = ${RECLAIM_BOUND} s). Wall time from the last scan queued to an empty queue: ${run_seconds} s.

| Kill | Scans node-a held | Claimed again after (by) | node-a healthy again after |
|---|---|---|---|
$(printf '%s\n' "${kill_rows[@]}")
<!-- fault-node-loss:end -->
EOF
)
bench_write_section fault-node-loss "$section"
[ "$verdict" = pass ]
