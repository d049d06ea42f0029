#!/usr/bin/env bash
# Fault scenario 2 of issue 17, a database outage under running scans: one service process (the packaged jar, default
# worker settings) on a standalone PostgreSQL server process, scans running against loopback targets
# (bench/faulttarget) with a loopback webhook receiver as each scan's callback; PostgreSQL is stopped by its pid in the
# middle of the scans for FAULT_OUTAGE seconds, then started again on the same data and port. Checks that the service
# stays up and answers 503 problem+json during the outage, that it serves again afterwards, that every scan ends exactly
# once (SUCCEEDED, or FAILED with a code), with its samples, report and one webhook delivery, and counts what the
# heartbeats and the reaper did. Writes its section of bench/results/faults.md.
#
# Usage: bench/fault-db-outage.sh   (FAULT_SCANS=8 FAULT_TARGETS=4 FAULT_POOL=4 FAULT_OUTAGE=30 by default)
# BENCH_JAR picks a jar (default: build this checkout). Needs Go, psql, python3 and a JDK >= 21. Loopback only; every
# process it starts is stopped by its pid when it ends.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCANS=${FAULT_SCANS:-8}
TARGETS=${FAULT_TARGETS:-4}
POOL=${FAULT_POOL:-4}
OUTAGE=${FAULT_OUTAGE:-30}
LIMIT=${FAULT_SECONDS:-400}   # from the restart of PostgreSQL to an empty queue
RESULTS=$ROOT/bench/results/faults.md
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fault-db-outage.XXXXXX")

NAME=fault-db-outage KEEP=${FAULT_KEEP:-}
. bench/processes.sh
command -v psql >/dev/null || fail "psql is needed (the PostgreSQL client)"
command -v go >/dev/null || fail "go is needed to build bench/faulttarget"
command -v python3 >/dev/null || fail "python3 is needed for the webhook receiver"
bench_jdk
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the jar, its libraries (for the PostgreSQL launcher), the target binary ------------------------------------------
bench_service_jar

# --- PostgreSQL: a server process of its own, stopped and started again under the service ------------------------------
bench_start_pg 0

# --- targets and the webhook receiver ------------------------------------------------------------------------------------
bench_start_targets "$TARGETS"
# one line per POST received: its event id header and body length
cat >"$WORK/receiver.py" <<'PY'
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
log = open(sys.argv[1], "a", buffering=1)
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        log.write("%s %d\n" % (self.headers.get("Leakscan-Event-Id"), len(body)))
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
print("listening on", s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$WORK/receiver.py" "$WORK/received.log" >"$WORK/receiver.out" 2>&1 &
started+=($!)
for _ in $(seq 1 50); do grep -q '^listening on' "$WORK/receiver.out" && break; sleep 0.1; done
receiver=http://127.0.0.1:$(sed -n 's/^listening on //p' "$WORK/receiver.out")/hook
touch "$WORK/received.log"

# --- the service ----------------------------------------------------------------------------------------------------------
key=lsk_fault_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
# a port the kernel hands out free (a random one collided with a target's)
port=$(bench_free_port)
base=http://127.0.0.1:$port
"$JAVA" -jar "$jar" --server.port="$port" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:$pg_port/postgres" --spring.datasource.username=postgres \
  --spring.datasource.password= --leakscan.worker.node-id=node-a --leakscan.worker.pool-size="$POOL" \
  --leakscan.webhooks.allow-private-destinations=true \
  --leakscan.bootstrap.api-key="$key" --logging.level.root=WARN --logging.level.io.leakscan.scan=INFO \
  >"$WORK/service.log" 2>&1 &
svc_pid=$!
started+=($!)
for _ in $(seq 1 600); do
  curl -fs "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$svc_pid" 2>/dev/null || { tail -50 "$WORK/service.log"; fail "the service exited"; }
  sleep 0.2
done
curl -fs "$base/actuator/health" >/dev/null || fail "the service is not healthy"
say "service healthy on $base (pid $svc_pid)"

# --- the scans: long enough (about 45 s each) that the outage falls in the middle of the running ones -----------------------
tuning='{"baselineSeconds":3,"loadRounds":4,"requestsPerRound":150,"concurrency":2,"requestsPerSecond":15,"settleSeconds":1,"abortRequests":0,"keyRequests":0}'
auth="Authorization: Bearer $key"
for i in $(seq 0 $((SCANS - 1))); do
  curl -fs -X POST "$base/api/v1/scans" -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"target\":{\"baseUrl\":\"${targets[$((i % TARGETS))]}\"},\"endpoints\":[{\"method\":\"GET\",\"path\":\"/work\"}],\"profile\":\"quick\",\"tuning\":$tuning,\"callbackUrl\":\"$receiver\"}" \
    >/dev/null || fail "could not queue scan $i"
done
[ "$(sql "select count(*) from scans")" -eq "$SCANS" ] || fail "not all $SCANS scans were queued"
probe_id=$(sql "select id from scans order by queued_at limit 1")
say "$SCANS scans queued across $TARGETS targets"

# --- wait until the pool is busy and the running scans have stored samples, then stop PostgreSQL -------------------------
for _ in $(seq 1 600); do
  [ "$(sql "select count(*) from scans s where status = 'RUNNING' and started_at < now() - interval '10 seconds'
      and exists (select 1 from scan_samples x where x.scan_id = s.id)")" -ge "$POOL" ] && break
  sleep 0.25
done
mapfile -t held < <(sql "select id from scans where status = 'RUNNING'")
samples_before=$(sql "select count(*) from scan_samples")
[ "${#held[@]}" -ge 1 ] || fail "no scan was running before the outage"
t_stop=$(now)
kill -INT "$pg_pid"
for _ in $(seq 1 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pg_pid" 2>/dev/null && fail "PostgreSQL did not stop"
say "PostgreSQL stopped (pid $pg_pid, $(since "$t_stop") s) with ${#held[@]} scan(s) running, $samples_before samples stored"

# --- during the outage: the API, called every 0.5 s (a GET of a scan and a POST of a new one, alternately), each call in
# the background so that a slow answer does not thin out the calls -----------------------------------------------------------
calls=()
i=0
mkdir -p "$WORK/calls"
while [ "$(echo "$(now) - $t_stop < $OUTAGE" | bc)" -eq 1 ]; do
  kill -0 "$svc_pid" 2>/dev/null || fail "the service exited during the outage"
  if [ $((i % 2)) -eq 0 ]; then
    curl -s -o "$WORK/calls/$i.body" -w '%{http_code} %{content_type} %{time_total}' --max-time 20 \
      "$base/api/v1/scans/$probe_id" -H "$auth" >"$WORK/calls/$i.out" 2>/dev/null &
  else
    curl -s -o "$WORK/calls/$i.body" -w '%{http_code} %{content_type} %{time_total}' --max-time 20 -X POST \
      "$base/api/v1/scans" -H "$auth" -H 'Content-Type: application/json' \
      -d "{\"target\":{\"baseUrl\":\"${targets[0]}\"},\"endpoints\":[{\"method\":\"GET\",\"path\":\"/work\"}],\"profile\":\"quick\"}" \
      >"$WORK/calls/$i.out" 2>/dev/null &
  fi
  calls+=($!)
  i=$((i + 1))
  sleep 0.5
done
for p in "${calls[@]}"; do wait "$p" || true; done
declare -A codes=()
bad_bodies=0
api_calls=$i
max_wait=0
for c in $(seq 0 $((i - 1))); do
  code=none; ctype=none; secs=0
  # curl's -w line has no newline at its end: read fills the fields and still returns 1
  read -r code ctype secs <"$WORK/calls/$c.out" || true
  [ -n "$code" ] || code=none
  codes[$code]=$(( ${codes[$code]:-0} + 1 ))
  [ "$(echo "$secs > $max_wait" | bc)" -eq 1 ] && max_wait=$secs
  if [ "$code" != 503 ] || [[ "$ctype" != application/problem+json* ]] || ! grep -q '"status":503' "$WORK/calls/$c.body"; then
    bad_bodies=$((bad_bodies + 1))
  fi
done
outage_codes=$(for c in "${!codes[@]}"; do echo "$c x${codes[$c]}"; done | sort | paste -sd, - | sed 's/,/, /g')
say "outage: $api_calls API calls: $outage_codes; not a 503 problem+json: $bad_bodies; slowest answer ${max_wait} s"

# --- PostgreSQL back on the same data and port -------------------------------------------------------------------------------
bench_start_pg "$pg_port"
t_start=$(now)   # the server answers from here (its launcher, a JVM, takes seconds of its own before that)
outage_seconds=$(printf '%.1f' "$(echo "$t_start - $t_stop" | bc)")
say "PostgreSQL started again (pid $pg_pid) after ${outage_seconds} s down"
recovered=""
for _ in $(seq 1 600); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/api/v1/scans/$probe_id" -H "$auth")" = 200 ]; then
    recovered=$(since "$t_start"); break
  fi
  sleep 0.1
done
[ -n "$recovered" ] || fail "the API did not serve again within 60 s of the restart"
say "API served again ${recovered} s after the restart"

for _ in $(seq 1 $((LIMIT * 4))); do
  [ "$(sql "select count(*) from scans where status in ('QUEUED', 'RUNNING')")" -eq 0 ] && break
  [ "$(echo "$(now) - $t_start > $LIMIT" | bc)" -eq 1 ] && break
  sleep 0.25
done
drained=$(since "$t_start")
# the deliveries of the last scans to end
for _ in $(seq 1 120); do
  [ "$(sql "select count(*) from webhook_deliveries where status in ('PENDING', 'DELIVERING')")" -eq 0 ] && break
  sleep 0.5
done
kill -0 "$svc_pid" 2>/dev/null && svc_up=yes || svc_up=no

# --- checks ---------------------------------------------------------------------------------------------------------------
total=$(sql "select count(*) from scans")
ours="select id from scans where request->>'callbackUrl' is not null"
n_ours=$(sql "select count(*) from ($ours) x")
ended=$(sql "select count(*) from scans where id in ($ours) and status in ('SUCCEEDED', 'FAILED', 'CANCELLED')")
failed_without_code=$(sql "select count(*) from scans where status = 'FAILED' and (failure_code is null or failure_message is null)")
statuses=$(sql "select string_agg(s, ', ') from (select status || coalesce(' ' || failure_code, '') || ': ' || count(*) as s from scans where id in ($ours) group by status, failure_code order by 1) x")
attempts=$(sql "select string_agg(s, ', ') from (select attempt || ' attempt(s): ' || count(*) as s from scans where id in ($ours) group by attempt order by attempt) x")
held_ids=$(printf "'%s'," "${held[@]}"); held_ids=${held_ids%,}
held_outcomes=$(sql "select string_agg(s, ', ') from (select status || coalesce(' ' || failure_code, '') || ' after ' || attempt || ' attempt(s): ' || count(*) as s from scans where id in ($held_ids) group by status, failure_code, attempt order by 1) x")
held_reasons=$(sql "select coalesce(string_agg(distinct failure_code || ': ' || left(failure_message, 160), ' / '), '') from scans where id in ($held_ids) and status = 'FAILED'")
# nothing lost: each succeeded scan has samples, a report and an outcome; each ended scan one delivered event
no_samples=$(sql "select count(*) from scans s where s.id in ($ours) and s.status = 'SUCCEEDED' and not exists (select 1 from scan_samples x where x.scan_id = s.id)")
no_report=$(sql "select count(*) from scans s where s.id in ($ours) and s.status = 'SUCCEEDED' and (s.verdict is null or not exists (select 1 from scan_reports r where r.scan_id = s.id))")
samples_after=$(sql "select count(*) from scan_samples")
# the samples of the scans that ran through the outage: taken while the database was away, stored once it was back
during_outage=$(sql "select count(*) from scan_samples where scan_id in ($held_ids) and at between to_timestamp($t_stop) and to_timestamp($t_start)")
seq_gaps=$(sql "select count(*) from (select scan_id, max(seq) + 1 - count(*) as gap from scan_samples where scan_id in ($held_ids) group by scan_id) x where gap <> 0")
deliveries=$(sql "select string_agg(s, ', ') from (select status || ': ' || count(*) as s from webhook_deliveries group by status order by 1) x")
undelivered=$(sql "select count(*) from scans s where s.id in ($ours) and s.status in ('SUCCEEDED', 'FAILED', 'CANCELLED') and not exists (select 1 from webhook_deliveries d where d.scan_id = s.id and d.status = 'SUCCEEDED')")
received_events=$(awk '{print $1}' "$WORK/received.log" | sort -u | wc -l)
received_posts=$(wc -l <"$WORK/received.log")
sql "select event_id from webhook_deliveries where status = 'SUCCEEDED'" | sort >"$WORK/delivered-events"
awk '{print $1}' "$WORK/received.log" | sort -u >"$WORK/received-events"
not_received=$(comm -23 "$WORK/delivered-events" "$WORK/received-events" | wc -l)
ends=$(grep -oE 'Scan [0-9a-f-]{36} (SUCCEEDED|FAILED|CANCELLED)|Scan [0-9a-f-]{36} lost its worker; now (FAILED|CANCELLED)' "$WORK/service.log" \
  | awk '{print $2}' | sort | uniq -c)
ended_once=$(awk '$1 == 1' <<<"$ends" | wc -l)
ended_twice=$(awk '$1 > 1' <<<"$ends" | wc -l)
reaped=$(grep -c 'lost its worker' "$WORK/service.log" || true)
unrecorded=$(grep -c 'Could not record the end of scan' "$WORK/service.log" || true)
taken_over=$(grep -c 'was taken over by another node' "$WORK/service.log" || true)
task_failures=$(grep -c 'Scan worker task failed' "$WORK/service.log" || true)
starts=$(grep -cE 'Scan [0-9a-f-]{36} started on node' "$WORK/service.log" || true)
stack_traces=$(grep -c '^\s*at ' "$WORK/service.log" || true)
# traces: runs of "at" lines (with their "Caused by" and "... n more" lines) in the log
traces=$(awk '/^[\t ]+(at |\.\.\.)|^Caused by/ { if (!inat) n++; inat = 1; next } { inat = 0 } END { print n + 0 }' "$WORK/service.log")
filter_lines=$(grep -c 'io.leakscan.tenant.ApiKeyFilter .*refused with 503' "$WORK/service.log" || true)

verdict=pass
[ "$svc_up" = yes ] || verdict=fail
[ "$bad_bodies" -eq 0 ] || verdict=fail
[ "$ended" -eq "$n_ours" ] && [ "$n_ours" -eq "$SCANS" ] || verdict=fail
[ "$total" -eq "$(sql "select count(*) from scans where status in ('SUCCEEDED', 'FAILED', 'CANCELLED')")" ] || verdict=fail
[ "$failed_without_code" -eq 0 ] || verdict=fail
[ "$ended_once" -eq "$total" ] && [ "$ended_twice" -eq 0 ] || verdict=fail
[ "$no_samples" -eq 0 ] && [ "$no_report" -eq 0 ] && [ "$seq_gaps" -eq 0 ] || verdict=fail
[ "$undelivered" -eq 0 ] && [ "$received_events" -eq "$total" ] && [ "$not_received" -eq 0 ] || verdict=fail

say "result: $verdict"
section=$(cat <<EOF
<!-- fault-db-outage:begin -->
## Database outage under running scans

\`bench/fault-db-outage.sh\`: one service process (the packaged jar, default worker settings: heartbeat 5 s, lease
timeout 30 s, reaper every 10 s, pool of $POOL; a 5 s pool connection timeout) on one PostgreSQL 17 server
process; $SCANS scans of about 45 s (one endpoint, 4 rounds of 150 requests at 15/s) over $TARGETS loopback targets
(\`bench/faulttarget\`), each with a loopback webhook receiver as its callbackUrl; PostgreSQL stopped by its pid
(SIGINT, fast shutdown) once $POOL scans had run for 10 s and stored samples, and accepting connections again on the
same data and port ${outage_seconds} s after the stop. Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(nproc) cores
shared with other work (load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end).

**Result: $verdict.**

| Check | Figure |
|---|---|
| service process during the outage | up: $svc_up (pid $svc_pid throughout); its log has $stack_traces stack-trace lines in $traces trace(s); the API key filter logged $filter_lines line(s) for the calls it refused with 503 (one line, then a count at most every 10 s) |
| API during the outage (GET a scan / POST a scan, alternately, one call started every 0.5 s) | $api_calls calls: $outage_codes; not a 503 problem+json: $bad_bodies; slowest answer ${max_wait} s |
| API after PostgreSQL is back | serving (GET a scan 200) ${recovered} s after the restart |
| the ${#held[@]} scans running when PostgreSQL stopped | $held_outcomes${held_reasons:+; failure: $held_reasons} |
| all $n_ours scans (the POSTs answered 503 during the outage created none: $total scans in the database) | $ended ended ($statuses); $attempts; every end logged once: $ended_once of $total (twice: $ended_twice); FAILED without a code: $failed_without_code |
| heartbeats and reaper | $reaped scan(s) reaped ("lost its worker"), $unrecorded end(s) not recorded while down, $taken_over run(s) dropped as taken over, $task_failures failed heartbeat/poll/reaper ticks logged; $starts runs started for $SCANS scans |
| nothing lost | samples $samples_before before the stop, $samples_after at the end; of the scans that ran through the outage, $during_outage samples taken while the database was away were stored, scans with a gap in their sample numbers: $seq_gaps; succeeded scans without samples: $no_samples, without a verdict and report: $no_report; webhook deliveries $deliveries, ended scans without a delivered event: $undelivered; receiver got $received_posts POST(s), $received_events distinct event(s), delivered events it never got: $not_received |
| queue drained | ${drained} s after the restart |
<!-- fault-db-outage:end -->
EOF
)
bench_write_section fault-db-outage "$section"
[ "$verdict" = pass ]
