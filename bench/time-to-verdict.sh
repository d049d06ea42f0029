#!/usr/bin/env bash
# Time to verdict (issue 14): how long a scan takes against how long the requests it sends must take at the
# profile's rate, with its accuracy, for one or more builds side by side in one run.
#
# For each profile, each app and each build, in that order, a fresh process of the lab app is started on 127.0.0.1,
# scanned once through the build's own ScanEngine (bench/TimeToVerdictBench.java on that build's classpath), and
# stopped; the builds take turns on each app so they share the machine's conditions. The rate floor is the requests
# the scan sent divided by the profile's rate, plus one settle window; the ratio is time to verdict over the floor.
# Findings are compared with lab/catalog.json route by route (kind and scope): exact, missed, false positives.
# Writes bench/results/time-to-verdict.md. Not a test: times depend on what else runs on the machine (the load
# average is printed with them).
#
# With -c the builds scan each app at the same time instead of in turn, each against its own lab process: the pair
# then takes as long as the longer scan, not both (deep on the service app: about 1.5 h instead of 3), and both
# scans see the same machine at the same moments; each also shares the cores with the other.
#
# Usage: bench/time-to-verdict.sh [-p quick,memory] [-a app1,app2] [-g] [-c] [BUILD...]
#   BUILD: a git revision (main, a commit) or "." for the work tree as it is; default: "main ."
#   -p: profiles (default quick); -a: apps (default: the service app and its twin, the brief's two apps, trap-slow)
#   -g: scan without --echo-specific (the README's command; no wrong-input rounds), not as the catalog does
#   -c: the builds scan each app concurrently (see above), not in turn
#   TTV_SCAN_LIMIT_SECONDS (default 2400) ends a scan that runs longer: deep on the service app needs about 7000
# Needs: Go (to build the lab apps), a JDK >= 21, the Maven repository filled (it builds offline first).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PROFILES=quick
APPS=service-leaky,service-fixed,brief-middleware-leaky,brief-stream-leaky,trap-slow
CONCURRENT=false
export TTV_ECHO_SPECIFIC=true
while getopts "p:a:gc" opt; do
  case $opt in
    p) PROFILES=$OPTARG ;;
    a) APPS=$OPTARG ;;
    g) TTV_ECHO_SPECIFIC=false ;;
    c) CONCURRENT=true ;;
    *) echo "usage: $0 [-p profiles] [-a apps] [-g] [-c] [BUILD...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
BUILDS=("$@")
[ ${#BUILDS[@]} -gt 0 ] || BUILDS=(main .)
WORK=$ROOT/bench/.work/time-to-verdict
RESULTS=$ROOT/bench/results/time-to-verdict.md
SCAN_LIMIT=${TTV_SCAN_LIMIT_SECONDS:-2400}
mkdir -p "$WORK" "$(dirname "$RESULTS")"

fail() { echo "time-to-verdict: $*" >&2; exit 1; }
. "$ROOT/bench/lib.sh"
bench_java
command -v go >/dev/null || fail "go is not on PATH"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# Starts lab app $1 on a free loopback port: BASE is its URL, APP_PID its process (ours only). $2 tells apart the
# processes of one app that run at once (-c).
start_app() {
  local app=$1 out=$WORK/$1${2:-}.out
  [ -x "$WORK/bin/$app" ] || (cd "$ROOT/lab" && go build -o "$WORK/bin/$app" "./cmd/$app") \
    || fail "go build of lab app $app failed"
  : >"$out"
  "$WORK/bin/$app" -addr 127.0.0.1:0 >"$out" 2>"$WORK/$app${2:-}.err" &
  APP_PID=$!
  PIDS+=("$APP_PID")
  for _ in $(seq 1 100); do grep -q "listening on" "$out" 2>/dev/null && break; sleep 0.1; done
  BASE=$(sed -n 's/^listening on //p' "$out" | head -1)
  [ -n "$BASE" ] || fail "lab app $app did not announce its address"
}

stop_app() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# --- the builds: each revision exported and compiled on its own; "." is the work tree ----------------------------------
LABELS=()
declare -A CPS
for b in "${BUILDS[@]}"; do
  if [ "$b" = "." ]; then
    label="work tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- engine/src service/src || echo ' + changes'))"
    dir=$ROOT
  else
    sha=$(git rev-parse --short "$b^{commit}") || fail "no revision $b"
    label="$b ($sha)"
    dir=$WORK/build-$sha
    if [ ! -d "$dir/target/classes" ] && [ ! -d "$dir/service/target/classes" ]; then
      rm -rf "$dir" && mkdir -p "$dir"
      git archive "$sha" | tar -x -C "$dir"
    fi
  fi
  echo "building $label..." >&2
  (cd "$dir" && { ./mvnw -q -B -ntp -o compile >/dev/null 2>&1 || ./mvnw -q -B -ntp compile >/dev/null 2>&1; }) \
    || fail "compile of $label failed"
  # revisions since the module split keep their classes in service/ and engine/ (bench_module_classpath)
  mod=(); classes=$dir/target/classes
  [ -f "$dir/service/pom.xml" ] && mod=(-pl service -am)
  cpfile=$WORK/cp-$(echo "$label" | md5sum | cut -c1-8).txt
  # offline first, as the compile; an old revision may name artifacts this machine has not downloaded yet
  (cd "$dir" && { ./mvnw -q -B -ntp -o "${mod[@]}" dependency:build-classpath -Dmdep.outputFile="$cpfile" \
      -Dmdep.includeScope=runtime >/dev/null 2>&1 || ./mvnw -q -B -ntp "${mod[@]}" dependency:build-classpath \
      -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime >/dev/null 2>&1; }) || fail "no classpath for $label"
  if [ ${#mod[@]} -gt 0 ]; then CPS[$label]=$(bench_module_classpath "$dir" "$cpfile")
  else CPS[$label]="$classes:$(cat "$cpfile")"; fi
  LABELS+=("$label")
done

# --- measure ---------------------------------------------------------------------------------------------------------
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
start_app trap-slow
WARM=$BASE
LINES=$WORK/results.txt
# One scan of app $2 at $4 with profile $1 by build $3: prints its line for the table.
scan() {
  local line
  line=$(timeout "$SCAN_LIMIT" "$JAVA" -cp "${CPS[$3]}" "$ROOT/bench/TimeToVerdictBench.java" \
      "$ROOT/lab/catalog.json" "$2" "$1" "$4" "$WARM" 2>"$WORK/$2-$1-${3%% *}.err" | grep '^RESULT') \
    || line="RESULT app=$2 failed=yes"
  echo "$1|$3|$line"
}
: >"$LINES"
for profile in ${PROFILES//,/ }; do
  for app in ${APPS//,/ }; do
    if [ "$CONCURRENT" = true ]; then
      apps=(); scans=()
      for i in "${!LABELS[@]}"; do
        label=${LABELS[$i]}
        start_app "$app" "-$i"
        apps+=("$APP_PID")
        echo "$profile $app: $label at $BASE (load $(cut -d' ' -f1 /proc/loadavg))..." >&2
        scan "$profile" "$app" "$label" "$BASE" >"$WORK/line-$i.txt" &
        scans+=($!)
      done
      for i in "${!LABELS[@]}"; do
        wait "${scans[$i]}" || true
        stop_app "${apps[$i]}"
        tee -a "$LINES" <"$WORK/line-$i.txt" >&2
      done
    else
      for label in "${LABELS[@]}"; do
        start_app "$app"
        echo "$profile $app: $label at $BASE (load $(cut -d' ' -f1 /proc/loadavg))..." >&2
        scan "$profile" "$app" "$label" "$BASE" | tee -a "$LINES" >&2
        stop_app "$APP_PID"
      done
    fi
  done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
{
  echo "# Time to verdict"
  echo
  echo "Each app scanned once per build through the engine, a fresh lab process per scan on 127.0.0.1, the builds"
  echo "$([ "$CONCURRENT" = true ] && echo "scanning each app at the same time (-c)." || echo "taking turns on each app.") **Requests** are every request the scan sent (pilots, warm-ups, rounds, aborts, key"
  echo "rounds). **Rate floor** = requests / the profile's rate + one settle window: the least time those requests"
  echo "take at the rate the profile allows itself. **Ratio** = time to verdict / rate floor (issue 14's goal: at most"
  echo "1.5). **First finding** is when an interim analysis first named an expected leak (kind and scope) that the"
  echo "final one kept. **Exact / missed / FP** compare the findings with \`lab/catalog.json\` route by route."
  for profile in ${PROFILES//,/ }; do
    echo
    echo "## \`$profile\`$([ "$TTV_ECHO_SPECIFIC" = true ] && echo ", --echo-specific" || echo ", without --echo-specific")"
    echo
    echo "| App | Build | Endpoints | Requests | Rate floor s | Time to verdict s | Ratio | First finding s | Exact | Missed | FP | Verdict |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    while IFS='|' read -r p label line; do
      [ "$p" = "$profile" ] || continue
      if [ -n "$(field failed "$line ")" ]; then
        echo "| $(field app "$line ") | $label | failed (see bench/.work) | | | | | | | | | |"
        continue
      fi
      v=$(field verdict "$line"); e=$(field expected "$line")
      echo "| $(field app "$line") | $label | $(field endpoints "$line") | $(field requests "$line") | $(field floor "$line") | $(field total "$line") | $(field ratio "$line") | $(field first "$line") | $(field exact "$line") | $(field missed "$line") | $(field fp "$line") | $v$([ "$v" = "$e" ] || echo " (expected $e)") |"
    done <"$LINES"
  done
  echo
  echo "Machine: $(nproc) cores shared with other work; load average $LOAD_START at the start, $LOAD_END at the end;"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'). Produced by \`bench/time-to-verdict.sh -p $PROFILES -a $APPS$([ "$TTV_ECHO_SPECIFIC" = true ] || echo " -g")$([ "$CONCURRENT" = true ] && echo " -c") ${BUILDS[*]}\`."
} >"$RESULTS"
cat "$RESULTS"
