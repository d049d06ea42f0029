#!/usr/bin/env bash
# Load scenario 7 of issue 17: many queued scans over many tenants, the API under a request rate while the workers
# drain. One service process (the packaged jar, default worker settings: a pool of 4) on a standalone PostgreSQL server
# process, LOAD_TARGETS loopback targets (bench/faulttarget), LOAD_TENANTS tenants made through the admin API, and
# bench/loadgen (open loop: a slow service does not slow the sender down) for every burst of requests:
#   1. submit LOAD_SCANS short scans at LOAD_SUBMIT_RATE/s, a quarter from one tenant first, then round-robin over the rest;
#   2. while the workers drain: GET a scan / list scans, spread over every tenant, at each rate of LOAD_READ_RATES for
#      LOAD_READ_SECONDS each: latency percentiles;
#   3. cancel what is still queued (through the API, at LOAD_CANCEL_RATE/s), wait for the running scans to end.
# Measures submission and read latency, claim latency (the worker's own timer), queue fairness (who was claimed once
# every tenant had a backlog), lost or duplicated scans, and database size per scan. Writes its section of
# bench/results/faults.md.
#
# Usage: bench/load-scans.sh   (LOAD_SCANS=10000 LOAD_TENANTS=100 LOAD_TARGETS=20 by default)
# BENCH_JAR picks a jar (default: build this checkout). LOAD_SECRETS=1 starts the service with a secrets key
# (leakscan.secrets.keys, a random one), so the request headers of the scans are sealed at rest as in production;
# LOAD_RESULTS writes the section to another file (a smoke run with small counts should not replace the figures).
# Each submission carries its number in clear in its endpoint's query (GET /work?seq=N, a field stored and shown as
# given), not only in a header: header values are sealed at rest and redacted by the API, so they cannot be read back. Needs Go, psql and a JDK >= 21. Loopback only; every process it
# starts is stopped by its pid when it ends.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCANS=${LOAD_SCANS:-10000}
TENANTS=${LOAD_TENANTS:-100}
TARGETS=${LOAD_TARGETS:-20}
SUBMIT_RATE=${LOAD_SUBMIT_RATE:-100}
READ_RATES=${LOAD_READ_RATES:-"100 250 500"}
READ_SECONDS=${LOAD_READ_SECONDS:-40}
CANCEL_RATE=${LOAD_CANCEL_RATE:-250}
SECRETS=${LOAD_SECRETS:-}
RESULTS=${LOAD_RESULTS:-$ROOT/bench/results/faults.md}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/load-scans.XXXXXX")

NAME=load-scans KEEP=${LOAD_KEEP:-}
. bench/processes.sh
command -v psql >/dev/null || fail "psql is needed (the PostgreSQL client)"
command -v go >/dev/null || fail "go is needed to build bench/faulttarget and bench/loadgen"
command -v jq >/dev/null || fail "jq is needed to read the load generator's results"
bench_jdk
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the jar, its libraries (for the PostgreSQL launcher), the target and load generator binaries ---------------------
bench_service_jar
(cd bench/loadgen && go build -o "$WORK/loadgen" .)

bench_start_pg 0

bench_start_targets "$TARGETS"

key=lsk_load_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
admin=lsk_admin_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
# a port the kernel hands out free (a random one collided with a target's)
port=$(bench_free_port)
base=http://127.0.0.1:$port
secrets_args=()
[ -n "$SECRETS" ] && secrets_args=(--leakscan.secrets.keys="load:$(head -c 32 /dev/urandom | base64 -w0)")
"$JAVA" -jar "$jar" --server.port="$port" "${secrets_args[@]}" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:$pg_port/postgres" --spring.datasource.username=postgres \
  --spring.datasource.password= --leakscan.worker.node-id=node-a \
  --leakscan.bootstrap.api-key="$key" --leakscan.admin.api-key="$admin" \
  --management.metrics.distribution.percentiles.leakscan.scan.claim=0.5,0.99 \
  --logging.level.root=WARN --logging.level.io.leakscan.scan=INFO \
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

# --- tenants -------------------------------------------------------------------------------------------------------------
tokens=()
tenant_ids=()
for t in $(seq 1 "$TENANTS"); do
  made=$(curl -fs -X POST "$base/api/v1/admin/tenants" -H "Authorization: Bearer $admin" \
    -H 'Content-Type: application/json' -d "{\"name\":\"load-$t\"}") || fail "could not make tenant $t"
  tokens+=("$(jq -r .apiKey.key <<<"$made")")
  tenant_ids+=("$(jq -r .id <<<"$made")")
done
[ "${#tokens[@]}" -eq "$TENANTS" ] || fail "not every tenant was made"
db_empty=$(sql "select pg_database_size(current_database())")
say "$TENANTS tenants"

# --- 1. submit: a quarter of the scans from tenant 1 first (a backlog queued ahead of everyone), then round-robin -------
tuning='{"baselineSeconds":0,"loadRounds":1,"requestsPerRound":10,"concurrency":2,"requestsPerSecond":100,"settleSeconds":0,"abortRequests":0,"keyRequests":0}'
heavy=$((SCANS / 4))
: >"$WORK/submit.plan"
for i in $(seq 0 $((SCANS - 1))); do
  if [ "$i" -lt "$heavy" ]; then t=0; else t=$((1 + (i - heavy) % (TENANTS - 1))); fi
  echo "${tokens[$t]} $base/api/v1/scans {\"target\":{\"baseUrl\":\"${targets[$((i % TARGETS))]}\",\"headers\":{\"X-Load-Seq\":\"$i\"}},\"endpoints\":[{\"method\":\"GET\",\"path\":\"/work?seq=$i\"}],\"profile\":\"quick\",\"tuning\":$tuning}"
done >>"$WORK/submit.plan"
t_submit=$(now)
"$WORK/loadgen" -method POST -plan "$WORK/submit.plan" -rate "$SUBMIT_RATE" -requests "$SCANS" \
  -duration $((SCANS / SUBMIT_RATE + 30))s >"$WORK/submit.json"
t_queued=$(now)
submit_secs=$(printf '%.0f' "$(echo "$t_queued - $t_submit" | bc)")
accepted=$(jq -r '.statuses["202"] // 0' "$WORK/submit.json")
say "submitted: $(cat "$WORK/submit.json")"
db_queued=$(sql "select pg_database_size(current_database())")
queued_rows=$(sql "select count(*) from scans")

# --- 2. reads while the workers drain ----------------------------------------------------------------------------------------
# per tenant: GET of 5 of its scans and one list of its scans, in tenant order, so each second touches every tenant
: >"$WORK/read.plan"
for t in $(seq 0 $((TENANTS - 1))); do
  sql "select id from scans where tenant_id = '${tenant_ids[$t]}' order by random() limit 5" \
    | while read -r id; do echo "${tokens[$t]} $base/api/v1/scans/$id"; done
  echo "${tokens[$t]} $base/api/v1/scans"
done >"$WORK/read.plan.raw"
awk 'NF' "$WORK/read.plan.raw" | shuf --random-source=<(yes) >"$WORK/read.plan"
read_rows=()
for r in $READ_RATES; do
  "$WORK/loadgen" -plan "$WORK/read.plan" -rate "$r" -duration "${READ_SECONDS}s" -max-in-flight 512 >"$WORK/read-$r.json"
  say "reads at $r/s: $(cat "$WORK/read-$r.json")"
  read_rows+=("| GET a scan / list scans (5:1, $(wc -l <"$WORK/read.plan") URLs over $TENANTS tenants) at $r/s for ${READ_SECONDS} s, workers draining | $(jq -r '[.requests, (.statuses["200"] // 0), .errors, .p50Ms, .p90Ms, .p99Ms, .p999Ms, .maxMs] | map(tostring) | join(" | ")' "$WORK/read-$r.json") |")
done
t_reads=$(now)
claims=$(curl -fs "$base/actuator/prometheus" | grep '^leakscan_scan_claim_seconds' || true)
echo "$claims" >"$WORK/claims.txt"
claim_q() { awk -v f="$1" -v q="$2" 'index($0, "found=\"" f "\"") && (q == "" || index($0, "quantile=\"" q "\"")) {print $2}' "$WORK/claims.txt" | head -1; }
claim_count=$(grep 'found="true"' "$WORK/claims.txt" | grep '_count' | awk '{print $2}')
claim_sum=$(grep 'found="true"' "$WORK/claims.txt" | grep '_sum' | awk '{print $2}')
claim_max=$(grep 'found="true"' "$WORK/claims.txt" | grep '_max' | awk '{print $2}')
claim_p50=$(grep 'found="true"' "$WORK/claims.txt" | grep 'quantile="0.5"' | awk '{print $2}')
claim_p99=$(grep 'found="true"' "$WORK/claims.txt" | grep 'quantile="0.99"' | awk '{print $2}')
ms() { printf '%.1f' "$(echo "${1:-0} * 1000" | bc -l)"; }

# --- 3. cancel the rest, let the running ones end --------------------------------------------------------------------------
: >"$WORK/cancel.plan"
for t in $(seq 0 $((TENANTS - 1))); do
  sql "select id from scans where tenant_id = '${tenant_ids[$t]}' and status = 'QUEUED'" \
    | while read -r id; do echo "${tokens[$t]} $base/api/v1/scans/$id/cancel"; done
done >"$WORK/cancel.plan"
to_cancel=$(wc -l <"$WORK/cancel.plan")
if [ "$to_cancel" -gt 0 ]; then
  "$WORK/loadgen" -method POST -plan "$WORK/cancel.plan" -rate "$CANCEL_RATE" -requests "$to_cancel" \
    -duration $((to_cancel / CANCEL_RATE + 30))s >"$WORK/cancel.json"
  say "cancelled: $(cat "$WORK/cancel.json")"
fi
for _ in $(seq 1 480); do
  [ "$(sql "select count(*) from scans where status in ('QUEUED', 'RUNNING')")" -eq 0 ] && break
  sleep 0.25
done
kill -0 "$svc_pid" 2>/dev/null && svc_up=yes || svc_up=no

# --- checks --------------------------------------------------------------------------------------------------------------
total=$(sql "select count(*) from scans")
# the submission number of each scan, from its endpoint's query (stored in clear; the X-Load-Seq header's value is
# sealed at rest when a secrets key is set, and each sealing is different, so it cannot tell two scans apart)
seq_of="substring(request->'endpoints'->0->>'path' from '[?]seq=([0-9]+)\$')::int"
distinct_seq=$(sql "select count(distinct $seq_of) from scans")
no_seq=$(sql "select count(*) from scans where $seq_of is null or $seq_of not between 0 and $((SCANS - 1))")
sealed=$(sql "select count(*) from scans where request->'target'->'headers'->>'X-Load-Seq' like 'enc:%'")
# and as the API shows a scan: a sample of them read back through GET, each must name its own number in clear
api_checked=0; api_mismatch=0
while read -r t id seq; do
  [ -n "$id" ] || continue
  shown=$(curl -fs "$base/api/v1/scans/$id" -H "Authorization: Bearer ${tokens[$t]}" \
    | jq -r '.endpoints[0].path // .request.endpoints[0].path // empty' | sed -n 's/.*[?]seq=\([0-9]*\)$/\1/p')
  api_checked=$((api_checked + 1))
  [ "$shown" = "$seq" ] || api_mismatch=$((api_mismatch + 1))
done < <(for t in $(seq 0 $((TENANTS - 1))); do
  sql "select $t, id, $seq_of from scans where tenant_id = '${tenant_ids[$t]}' order by random() limit 2" | tr '|' ' '
done)
open=$(sql "select count(*) from scans where status in ('QUEUED', 'RUNNING')")
statuses=$(sql "select string_agg(s, ', ') from (select status || coalesce(' ' || failure_code, '') || ': ' || count(*) as s from scans group by status, failure_code order by 1) x")
ran=$(sql "select count(*) from scans where started_at is not null")
ran_twice=$(sql "select count(*) from scans where attempt > 1")
starts=$(grep -oE 'Scan [0-9a-f-]{36} started' "$WORK/service.log" | awk '{print $2}' | sort | uniq -c)
started_once=$(awk '$1 == 1' <<<"$starts" | wc -l)
started_twice=$(awk '$1 > 1' <<<"$starts" | wc -l)
ends=$(grep -oE 'Scan [0-9a-f-]{36} (SUCCEEDED|FAILED|CANCELLED)' "$WORK/service.log" | awk '{print $2}' | sort | uniq -c)
ended_twice=$(awk '$1 > 1' <<<"$ends" | wc -l)
ended_logged=$(awk '$1 == 1' <<<"$ends" | wc -l)
# fairness: the claims made once every tenant had its backlog queued, in claim order
sql "select s.tenant_id from scans s where s.started_at >= to_timestamp($t_queued) order by s.started_at, s.id" >"$WORK/claim-order"
fair_claims=$(wc -l <"$WORK/claim-order")
heavy_tenant=${tenant_ids[0]}
heavy_claims=$(grep -c "$heavy_tenant" "$WORK/claim-order" || true)
first_window=$(( fair_claims < TENANTS ? fair_claims : TENANTS ))
distinct_first=$(head -n "$first_window" "$WORK/claim-order" | sort -u | wc -l)
per_tenant=$(sort "$WORK/claim-order" | uniq -c | awk '{print $1}' | sort -n)
per_min=$(head -1 <<<"$per_tenant"); per_max=$(tail -1 <<<"$per_tenant")
tenants_served=$(sort -u "$WORK/claim-order" | wc -l)
wait_p50=$(sql "select round(percentile_cont(0.5) within group (order by extract(epoch from started_at - queued_at))::numeric, 1) from scans where started_at is not null")
wait_max=$(sql "select round(max(extract(epoch from started_at - queued_at))::numeric, 1) from scans where started_at is not null")
scan_secs=$(sql "select round(percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at))::numeric, 1) from scans where status = 'SUCCEEDED'")
succeeded=$(sql "select count(*) from scans where status = 'SUCCEEDED'")
db_end=$(sql "select pg_database_size(current_database())")
results_bytes=$(sql "select coalesce(sum(pg_total_relation_size(c)), 0) from unnest(array['scan_samples', 'scan_findings', 'scan_reports', 'scan_profiles']::regclass[]) c")
samples=$(sql "select count(*) from scan_samples")
per_queued=$(( (db_queued - db_empty) / (queued_rows > 0 ? queued_rows : 1) ))
per_result=$(( results_bytes / (succeeded > 0 ? succeeded : 1) ))

verdict=pass
[ "$svc_up" = yes ] || verdict=fail
# a submission refused under load (503 from a pool timeout, or not sent: loadgen's in-flight cap) is not lost, its client
# was told; lost is a 202 without its scan, duplicated a scan twice for one submission
[ "$total" -eq "$accepted" ] && [ "$distinct_seq" -eq "$total" ] && [ "$no_seq" -eq 0 ] || verdict=fail
[ "$api_mismatch" -eq 0 ] || verdict=fail
if [ -n "$SECRETS" ]; then [ "$sealed" -eq "$total" ] || verdict=fail; fi
[ "$open" -eq 0 ] || verdict=fail
[ "$started_twice" -eq 0 ] && [ "$ran_twice" -eq 0 ] && [ "$ended_twice" -eq 0 ] || verdict=fail
[ "$ended_logged" -eq "$ran" ] || verdict=fail
[ "$distinct_first" -eq "$first_window" ] || verdict=fail

say "result: $verdict"
section=$(cat <<EOF
<!-- load-scans:begin -->
## Load: $SCANS queued scans over $TENANTS tenants, the API under a request rate while the workers drain

\`bench/load-scans.sh\`: one service process (the packaged jar, default settings: a pool of 4 workers, heartbeat 5 s) on
one PostgreSQL 17 server process, $TARGETS loopback targets (\`bench/faulttarget\`), $TENANTS tenants made through the
admin API, every request from \`bench/loadgen\` (Go, open loop at a fixed rate, its own process: a slow service does
not slow the sender, so latency is not hidden). Scans are short (one endpoint, one round of 10 requests, no baseline,
median ${scan_secs} s each), so the 4 workers drain only a few hundred in the run; what was still queued at the end was
cancelled through the API, which is part of the check that nothing is lost. Scale: $SCANS scans over $TENANTS tenants
(the issue's: 10,000 over 100), submissions at $SUBMIT_RATE/s, reads at $(echo $READ_RATES | sed 's/ /, /g')/s; the
service, PostgreSQL, loadgen and the targets share the machine's $(nproc) cores and $(free -g | awk '/Mem:/ {print $2}') GB. Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit
$(git rev-parse --short HEAD), load average $load_start at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end; secrets key: $( [ -n "$SECRETS" ] && echo "set, the X-Load-Seq header value sealed at rest in $sealed of $total scans" || echo "none, header values stored as given").

**Result: $verdict.**

| Step | Requests | 2xx | Client errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |
|---|---|---|---|---|---|---|---|---|
| submit $SCANS scans at $SUBMIT_RATE/s ($heavy from one tenant first, then round-robin over $((TENANTS - 1))) | $(jq -r '[.requests, (.statuses["202"] // 0), .errors, .p50Ms, .p90Ms, .p99Ms, .p999Ms, .maxMs] | map(tostring) | join(" | ")' "$WORK/submit.json") |
$(printf '%s\n' "${read_rows[@]}")
| cancel the $to_cancel still queued at $CANCEL_RATE/s | $( [ -f "$WORK/cancel.json" ] && jq -r '[.requests, ([.statuses | to_entries[] | select(.key | startswith("2")) | .value] | add // 0), .errors, .p50Ms, .p90Ms, .p99Ms, .p999Ms, .maxMs] | map(tostring) | join(" | ")' "$WORK/cancel.json" || echo "0 | 0 | 0 | - | - | - | - | -") |

| Check | Figure |
|---|---|
| nothing lost or duplicated | $accepted of $SCANS submissions answered 202 (the rest: $(jq -r '[.statuses | to_entries[] | select(.key != "202") | "\(.key) x\(.value)"] + ["not sent (256 in flight) or no answer x\(.errors)"] | join(", ")' "$WORK/submit.json")); $total scans in the database with $distinct_seq distinct submission numbers (read from each scan's endpoint query; without one: $no_seq; through the API, $api_checked scans read back, wrong number: $api_mismatch); none left queued or running: $open; end states: $statuses |
| each scan ran and ended once | $ran scans ran: $started_once started once (twice: $started_twice), attempt > 1: $ran_twice; end logged once: $ended_logged (twice: $ended_twice) |
| queue fairness (the $fair_claims claims made once all $TENANTS tenants had a backlog) | the first $first_window claims went to $distinct_first distinct tenants; the tenant whose $heavy scans were queued first got $heavy_claims of the $fair_claims (a fair share: $((fair_claims / TENANTS))-$(( (fair_claims + TENANTS - 1) / TENANTS ))); $tenants_served tenants served, $per_min-$per_max claims each |
| claim latency (the worker's claim statement over the queue, \`leakscan.scan.claim\`, found=true) | $claim_count claims: mean $(ms "$(echo "${claim_sum:-0} / ${claim_count:-1}" | bc -l)") ms, p50 $(ms "$claim_p50") ms, p99 $(ms "$claim_p99") ms (the last 2 minutes), max $(ms "$claim_max") ms |
| queue wait (submit to claim) | median ${wait_p50} s, longest ${wait_max} s, over the $ran scans that ran |
| database size | empty: $((db_empty / 1048576)) MiB; with $queued_rows scans queued: $((db_queued / 1048576)) MiB (about $per_queued bytes per queued scan, indexes included); at the end: $((db_end / 1048576)) MiB. Results of the $succeeded finished scans (samples, findings, reports, profiles, indexes included): $((results_bytes / 1024)) KiB, about $((per_result / 1024)) KiB per scan ($samples samples) |
<!-- load-scans:end -->
EOF
)
bench_write_section load-scans "$section"
[ "$verdict" = pass ]
