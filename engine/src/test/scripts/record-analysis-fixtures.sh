#!/usr/bin/env bash
# Records real telemetry series and goroutine profiles from the Echo lab apps, as fixtures for the analysis tests.
# NOT run by the build: run it by hand when a scenario changes, then commit what it wrote.
#
#   cd /work/wt/lab/lab && go build -o /tmp/labbin/ ./cmd/...        # the lab apps (branch lab)
#   engine/src/test/scripts/record-analysis-fixtures.sh [scenario ...]       # default: every scenario below
#
# Per scenario it writes engine/src/test/resources/analysis/recorded/<scenario>/:
#   series.jsonl   one sample per line: {"tMs","phase","endpoint","goroutines","heapAfterGcBytes","openFds"}
#                  (a missing key means the app does not offer that signal: a gap, not a zero)
#   rounds.jsonl   one load round per line: endpoint, kind (load|abort|distinct-key|repeated-key), round,
#                  startMs, endMs, settleEndMs, completed, aborted, errors, p50Ms, p95Ms, p99Ms, keyHeader
#   profiles/<endpoint-slug>-<when>-debug<1|2>.txt   raw goroutine profiles, when = before|after-load|after-settle
#   baseline-debug<1|2>.txt, goroutineleak-*.txt (when served), meta.json
#
# Sampling: like the scanner, a constant cadence (every ~250 ms) that stays on during every phase, so the scanner's
# own telemetry requests pass through the app's middleware and are part of the baseline.
# Goroutines come from /debug/pprof/goroutine?debug=1 (header) or Prometheus go_goroutines; heap after GC from
# /debug/pprof/heap?gc=1&debug=1 (# HeapAlloc) or the brief's /health/memory (it runs runtime.GC()); open fds
# from /proc/<pid>/fd (the recorder owns the process; the scanner reads process_open_fds instead).
set -euo pipefail

BIN=${LABBIN:-/tmp/labbin}
OUT_ROOT=${OUT_ROOT:-$(cd "$(dirname "$0")/../resources/analysis/recorded" && pwd)}
SAMPLE_EVERY=${SAMPLE_EVERY:-0.25}

now_ms() { date +%s%3N; }

start_app() { # app [binary dir]
  local dir=${2:-$BIN}
  WORK=$(mktemp -d)
  "$dir/$1" -addr 127.0.0.1:0 >"$WORK/stdout" 2>"$WORK/stderr" &
  PID=$!
  for _ in $(seq 100); do
    if grep -q 'listening on' "$WORK/stdout" 2>/dev/null; then break; fi
    sleep 0.05
  done
  BASE=$(sed -n 's/^listening on //p' "$WORK/stdout" | head -1)
  [[ -n $BASE ]] || { echo "app $1 did not start" >&2; exit 1; }
  T0=$(now_ms)
  echo baseline >"$WORK/phase"
  echo "" >"$WORK/endpoint"
  # which telemetry this app offers
  G_SRC=none; H_SRC=none
  if curl -sf "$BASE/debug/pprof/goroutine?debug=1" -o /dev/null; then G_SRC=pprof
  elif curl -sf "$BASE/metrics" | grep '^go_goroutines ' >/dev/null; then G_SRC=prometheus; fi
  if curl -sf "$BASE/debug/pprof/heap?gc=1&debug=1" -o /dev/null; then H_SRC=pprof
  elif curl -sf "$BASE/health/memory" | grep HeapAlloc >/dev/null; then H_SRC=memory-json; fi
  LEAK_SRC=no
  if curl -sf "$BASE/debug/pprof/goroutineleak?debug=1" | grep 'goroutineleak profile' >/dev/null; then LEAK_SRC=yes; fi
}

stop_app() {
  rm -f "$WORK/sampling"
  wait "$SAMPLER" 2>/dev/null || true
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
}

sample_once() {
  local t g="" h="" fd
  t=$(( $(now_ms) - T0 ))
  case $G_SRC in
    pprof) g=$(curl -s --max-time 2 "$BASE/debug/pprof/goroutine?debug=1" | head -1 | awk '{print $4}') ;;
    prometheus) g=$(curl -s --max-time 2 "$BASE/metrics" | awk '$1=="go_goroutines"{print $2}') ;;
  esac
  case $H_SRC in
    pprof) h=$(curl -s --max-time 2 "$BASE/debug/pprof/heap?gc=1&debug=1" | awk '$2=="HeapAlloc"{print $4}') ;;
    memory-json) h=$(curl -s --max-time 2 "$BASE/health/memory" | grep -o '"HeapAlloc":[0-9]*' | cut -d: -f2) ;;
  esac
  fd=$(ls "/proc/$PID/fd" 2>/dev/null | wc -l)
  local line="{\"tMs\":$t,\"phase\":\"$(cat "$WORK/phase")\",\"endpoint\":\"$(cat "$WORK/endpoint")\""
  [[ -n $g ]] && line+=",\"goroutines\":$g"
  [[ -n $h ]] && line+=",\"heapAfterGcBytes\":$h"
  line+=",\"openFds\":$fd}"
  echo "$line" >>"$OUT/series.jsonl"
}

start_sampler() {
  touch "$WORK/sampling"
  ( set +e +o pipefail; while [[ -f $WORK/sampling ]]; do sample_once; sleep "$SAMPLE_EVERY"; done ) &
  SAMPLER=$!
}

phase() { echo "$1" >"$WORK/phase"; echo "${2:-}" >"$WORK/endpoint"; }

slug() { echo "$1" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9]\+/-/g; s/^-//; s/-$//'; }

profiles() { # name
  mkdir -p "$OUT/profiles"
  curl -s "$BASE/debug/pprof/goroutine?debug=1" >"$OUT/profiles/$1-debug1.txt" || true
  curl -s "$BASE/debug/pprof/goroutine?debug=2" >"$OUT/profiles/$1-debug2.txt" || true
  if [[ $LEAK_SRC == yes ]]; then
    curl -s "$BASE/debug/pprof/goroutineleak?debug=1" >"$OUT/profiles/$1-goroutineleak-debug1.txt" || true
  fi
  [[ $G_SRC == pprof ]] || rm -f "$OUT/profiles/$1-debug1.txt" "$OUT/profiles/$1-debug2.txt"
}

# round ENDPOINT KIND ROUND N CONC SETTLE_S PATH [curl args...]
# Drives N requests at CONC concurrency with curl --parallel, then samples a settle window of SETTLE_S seconds.
round() {
  local ep=$1 kind=$2 r=$3 n=$4 conc=$5 settle=$6 path=$7; shift 7
  local i
  : >"$WORK/urls"
  # a curl config file: every URL needs its own output (-o applies to one URL only)
  for i in $(seq "$n"); do printf 'url = "%s"\noutput = "/dev/null"\n' "${BASE}${path//\{i\}/$i}" >>"$WORK/urls"; done
  phase "$kind" "$ep"
  local start end settle_end
  start=$(( $(now_ms) - T0 ))
  # a curl per URL result line: "<exit/http code> <seconds>"; an abort is curl's own timeout (exit 28)
  curl -s --parallel --parallel-immediate --parallel-max "$conc" -w '%{http_code} %{time_total} %{exitcode}\n' \
    "$@" -K "$WORK/urls" >"$WORK/results" 2>/dev/null || true
  end=$(( $(now_ms) - T0 ))
  phase "settle" "$ep"
  sleep "$settle"
  settle_end=$(( $(now_ms) - T0 ))
  local completed aborted errors p50 p95 p99
  completed=$(awk '$3==0 && $1>=200 && $1<400' "$WORK/results" | wc -l)
  aborted=$(awk '$3==28' "$WORK/results" | wc -l)
  errors=$(awk '!($3==0 && $1>=200 && $1<400) && $3!=28' "$WORK/results" | wc -l)
  read -r p50 p95 p99 < <(awk '$3==0{print $2*1000}' "$WORK/results" | sort -n | awk '{a[NR]=$1} END {
      if (NR==0) {print "0 0 0"; exit}
      i50=int(NR*0.50+0.999); i95=int(NR*0.95+0.999); i99=int(NR*0.99+0.999);
      printf "%.2f %.2f %.2f\n", a[i50], a[i95], a[i99] }')
  echo "{\"endpoint\":\"$ep\",\"kind\":\"$kind\",\"round\":$r,\"startMs\":$start,\"endMs\":$end,\"settleEndMs\":$settle_end,\"completed\":$completed,\"aborted\":$aborted,\"errors\":$errors,\"p50Ms\":$p50,\"p95Ms\":$p95,\"p99Ms\":$p99,\"keyHeader\":\"${KEY_HEADER:-}\"}" >>"$OUT/rounds.jsonl"
}

# rounds ENDPOINT KIND ROUNDS N CONC SETTLE_S PATH [curl args...]: profiles before, after the last load, after settle
rounds() {
  local ep=$1 kind=$2 count=$3; shift 3
  local s; s=$(slug "$ep-$kind")
  profiles "$s-before"
  local r
  for r in $(seq "$count"); do
    if [[ $r == "$count" ]]; then
      # the last round: profile right after the load, before the settle window
      local n=$1 conc=$2 settle=$3 path=$4; shift 4
      round "$ep" "$kind" "$r" "$n" "$conc" 0 "$path" "$@"
      profiles "$s-after-load"
      phase settle "$ep"; sleep "$settle"
      # fold the settle window into the last round line
      local last; last=$(tail -1 "$OUT/rounds.jsonl")
      sed -i '$d' "$OUT/rounds.jsonl"
      echo "$last" | sed "s/\"settleEndMs\":[0-9]*/\"settleEndMs\":$(( $(now_ms) - T0 ))/" >>"$OUT/rounds.jsonl"
      profiles "$s-after-settle"
      set -- "$n" "$conc" "$settle" "$path" "$@"
    else
      round "$ep" "$kind" "$r" "$@"
    fi
  done
}

begin() { # scenario app [bindir]
  OUT=$OUT_ROOT/$1${TAKE:+-$TAKE}   # TAKE=take2 records a second run beside the first
  rm -rf "$OUT"; mkdir -p "$OUT"
  start_app "$2" "${3:-$BIN}"
  start_sampler
  phase baseline ""
  sleep "${BASELINE_S:-5}"
  profiles baseline
  mv "$OUT/profiles/baseline-debug1.txt" "$OUT/baseline-debug1.txt" 2>/dev/null || true
  mv "$OUT/profiles/baseline-debug2.txt" "$OUT/baseline-debug2.txt" 2>/dev/null || true
  mv "$OUT/profiles/baseline-goroutineleak-debug1.txt" "$OUT/goroutineleak-baseline.txt" 2>/dev/null || true
  SCEN=$1; APP=$2
}

end() {
  stop_app
  cat >"$OUT/meta.json" <<EOF
{"scenario":"$SCEN${TAKE:+-$TAKE}","app":"$APP","go":"$(go version | awk '{print $3}')","goroutineSource":"$G_SRC","heapSource":"$H_SRC","goroutineleakServed":$([[ $LEAK_SRC == yes ]] && echo true || echo false),"sampleEverySeconds":$SAMPLE_EVERY,"recordedAt":"$(date -u +%FT%TZ)"}
EOF
  echo "recorded $SCEN -> $OUT ($(wc -l <"$OUT/series.jsonl") samples)"
}

# ---- scenarios -------------------------------------------------------------------------------------------------

scenario_middleware-lingering() { # the brief's middleware: every request (telemetry too) leaves a 5 s goroutine
  begin middleware-lingering brief-middleware-leaky
  rounds "GET /hello" load 3 150 10 8 /hello
  rounds "GET /users/:id" load 3 150 10 8 "/users/{i}"
  end
}

scenario_stream-abort() { # the brief's /stream: aborted clients leave their handler goroutine ticking forever
  begin stream-abort brief-stream-leaky
  rounds "GET /status" load 3 150 10 4 /status
  rounds "GET /stream" abort 3 20 20 4 /stream --max-time 0.5
  end
}

scenario_admin-group() { # a leaky audit middleware on the /admin group only
  # built with GOEXPERIMENT=goroutineleakprofile when available, so /debug/pprof/goroutineleak is served
  if [[ -x /tmp/labbin-gl/admin-group-leaky ]]; then begin admin-group admin-group-leaky /tmp/labbin-gl
  else begin admin-group admin-group-leaky; fi
  rounds "GET /api/items" load 3 100 10 3 /api/items
  rounds "GET /admin/stats" load 3 100 10 3 /admin/stats
  rounds "GET /admin/users" load 3 100 10 3 /admin/users
  end
}

scenario_chan-block() { # one goroutine per request blocked on an unbuffered send
  begin chan-block chan-block-leaky
  rounds "GET /healthz" load 3 100 10 3 /healthz
  rounds "GET /quotes/:symbol" load 3 100 10 3 "/quotes/S{i}"
  end
}

scenario_heap-slice() { # 16 KiB retained per request, forever
  begin heap-slice heap-slice-leaky
  rounds "GET /ping" load 3 150 10 3 /ping
  rounds "GET /reports/:id" load 4 150 10 3 "/reports/{i}"
  end
}

scenario_bounded-cache() { # trap: an LRU of 64 x 16 KiB pages warms up, then stays flat
  begin bounded-cache trap-bounded-cache
  rounds "GET /products/:id" distinct-key 4 100 10 3 "/products/{i}"
  end
}

# distinct_key_rounds ENDPOINT PATH ROUNDS PER_ROUND: one curl per request (a header per request), distinct XFF keys
distinct_key_rounds() {
  local ep=$1 path=$2 count=$3 per=$4 r
  for r in $(seq "$count"); do
    phase distinct-key "$ep"
    local start end; start=$(( $(now_ms) - T0 ))
    seq $(( (r-1)*per + 1 + ${KEY_OFFSET:-0} )) $(( r*per + ${KEY_OFFSET:-0} )) | xargs -P 10 -I{} sh -c \
      'curl -s -o /dev/null -w "%{http_code} %{time_total} %{exitcode}\n" -H "X-Forwarded-For: 198.18.$(({}/250)).$(({}%250))" "'"$BASE$path"'"' >"$WORK/results"
    end=$(( $(now_ms) - T0 )); phase settle "$ep"; sleep 3
    local completed errors; completed=$(awk '$3==0 && $1>=200 && $1<400' "$WORK/results" | wc -l); errors=$(( per - completed ))
    echo "{\"endpoint\":\"$ep\",\"kind\":\"distinct-key\",\"round\":$r,\"startMs\":$start,\"endMs\":$end,\"settleEndMs\":$(( $(now_ms) - T0 )),\"completed\":$completed,\"aborted\":0,\"errors\":$errors,\"p50Ms\":0,\"p95Ms\":0,\"p99Ms\":0,\"keyHeader\":\"X-Forwarded-For\"}" >>"$OUT/rounds.jsonl"
  done
}

scenario_xff-limiter() { # a rate limiter keyed by c.RealIP() that believes X-Forwarded-For, never evicting
  begin xff-limiter xff-limiter-leaky
  KEY_HEADER=X-Forwarded-For rounds "GET /api/search" repeated-key 3 200 10 3 "/api/search?q=leak" -H "X-Forwarded-For: 203.0.113.7"
  distinct_key_rounds "GET /api/search" "/api/search?q=leak" 3 200
  KEY_HEADER=X-Forwarded-For rounds "GET /api/items/:id" repeated-key 3 200 10 3 "/api/items/42" -H "X-Forwarded-For: 203.0.113.8"
  KEY_OFFSET=1000 distinct_key_rounds "GET /api/items/:id" "/api/items/42" 3 200
  end
}

scenario_slow-abort() { # trap: a 2.5 s handler that stops when the client goes away
  begin slow-abort trap-slow
  rounds "GET /reports/slow" abort 3 30 30 3 /reports/slow --max-time 0.5
  end
}

scenario_sse-abort() { # trap: an SSE stream that returns on ctx.Done()
  begin sse-abort trap-sse
  rounds "GET /events" abort 3 20 20 3 /events --max-time 0.5
  end
}

scenario_workers() { # trap: a fixed pool of 8 workers started at boot
  begin workers trap-workers
  rounds "POST /jobs" load 3 150 10 3 /jobs -X POST -H 'Content-Type: application/json' -d '{"payload":"abc"}'
  end
}

scenario_goroutine-burst() { # trap: 300 concurrent slow requests, all complete; the g descriptors stay in the heap
  begin goroutine-burst trap-slow
  rounds "GET /ping" load 2 100 10 3 /ping
  rounds "GET /reports/slow" load 1 300 300 6 /reports/slow
  rounds "GET /ping" load 2 100 10 3 /ping
  end
}

scenario_http-client() { # response bodies never closed: goroutines, fds and heap per request
  begin http-client http-client-leaky
  rounds "GET /healthz" load 3 100 10 3 /healthz
  rounds "GET /weather/:city" load 3 100 10 3 /weather/oslo
  end
}

scenario_db-per-request() { # the brief's sql.Open per request: with Close (churn only) and without (leaks)
  begin db-per-request brief-db-leaky
  rounds "GET /users/:id" load 3 100 10 3 "/users/42"
  rounds "GET /profiles/:id" load 3 100 10 3 "/profiles/42"
  end
}

scenario_no-telemetry() { # no telemetry at all: only latency (the recorder's /proc fds are not what a scanner sees)
  begin no-telemetry no-telemetry
  rounds "GET /ping" load 3 150 10 3 /ping
  rounds "POST /orders/:id" load 3 150 10 3 "/orders/{i}" -X POST
  end
}

# The fixed twins: the same drive as their leaky scenario; each must come out CLEAN.
scenario_middleware-fixed() {
  begin middleware-fixed brief-middleware-fixed
  rounds "GET /hello" load 3 150 10 8 /hello
  rounds "GET /users/:id" load 3 150 10 8 "/users/{i}"
  end
}

scenario_stream-fixed() {
  begin stream-fixed brief-stream-fixed
  rounds "GET /status" load 3 150 10 4 /status
  rounds "GET /safe-stream" abort 3 20 20 4 /safe-stream --max-time 0.5
  end
}

scenario_admin-group-fixed() {
  begin admin-group-fixed admin-group-fixed
  rounds "GET /api/items" load 3 100 10 3 /api/items
  rounds "GET /admin/stats" load 3 100 10 3 /admin/stats
  rounds "GET /admin/users" load 3 100 10 3 /admin/users
  end
}

scenario_chan-block-fixed() {
  begin chan-block-fixed chan-block-fixed
  rounds "GET /healthz" load 3 100 10 3 /healthz
  rounds "GET /quotes/:symbol" load 3 100 10 3 "/quotes/S{i}"
  end
}

scenario_heap-slice-fixed() {
  begin heap-slice-fixed heap-slice-fixed
  rounds "GET /ping" load 3 150 10 3 /ping
  rounds "GET /reports/:id" load 4 150 10 3 "/reports/{i}"
  end
}

scenario_http-client-fixed() {
  begin http-client-fixed http-client-fixed
  rounds "GET /healthz" load 3 100 10 3 /healthz
  rounds "GET /weather/:city" load 3 100 10 3 /weather/oslo
  end
}

scenario_xff-limiter-fixed() {
  begin xff-limiter-fixed xff-limiter-fixed
  KEY_HEADER=X-Forwarded-For rounds "GET /api/search" repeated-key 3 200 10 3 "/api/search?q=leak" -H "X-Forwarded-For: 203.0.113.7"
  distinct_key_rounds "GET /api/search" "/api/search?q=leak" 3 200
  end
}

scenario_db-fixed() {
  begin db-fixed brief-db-fixed
  rounds "GET /users/:id" load 3 100 10 3 "/users/42"
  rounds "GET /profiles/:id" load 3 100 10 3 "/profiles/42"
  end
}

ALL=(middleware-lingering stream-abort admin-group chan-block heap-slice bounded-cache xff-limiter slow-abort sse-abort
     workers goroutine-burst http-client db-per-request middleware-fixed stream-fixed admin-group-fixed chan-block-fixed
     heap-slice-fixed http-client-fixed xff-limiter-fixed db-fixed no-telemetry)
for s in "${@:-${ALL[@]}}"; do
  "scenario_$s"
done
