#!/usr/bin/env bash
# Artifact sizes and the CLI's start to first request, before and after in one run: BEFORE (a revision, by default the
# last commit with the single fat jar) is exported and built beside this work tree, then both are measured the same
# way. Start to first request: ./leakscan scan of a loopback target that answers 200 to anything, from launching the
# wrapper to the first request reaching the target (bench/first-request.py), RUNS times after one warm-up run.
# Usage: bench/artifact-sizes.sh            (prints Markdown rows; bench/results/artifact-sizes.md keeps the table)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BEFORE=${BEFORE:-966d72e}
RUNS=${RUNS:-7}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
. .mvn/find-jdk.sh
leakscan_find_jdk
export JAVA_HOME

build() { (cd "$1" && { ./mvnw -q -B -ntp -o -Dmaven.test.skip=true package 2>/dev/null \
  || ./mvnw -q -B -ntp -Dmaven.test.skip=true package; }) >&2; }
mkdir -p "$WORK/before"
git archive "$BEFORE" | tar -x -C "$WORK/before"
echo "building $BEFORE and the work tree..." >&2
build "$WORK/before"
build "$ROOT"

row() { printf '| %s | %s | %s |\n' "$1" "$(stat -c %s "$2" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" \
  "$(awk -v b="$(stat -c %s "$2")" 'BEGIN { printf "%.1f", b / 1e6 }')"; }
echo "| Jar | Bytes | MB |"
echo "|---|---:|---:|"
row "before: \`leakscan-*.jar\` (service and CLI in one)" "$(ls "$WORK"/before/target/leakscan-*.jar | head -n 1)"
row "after: \`service/target/leakscan-service-*.jar\`" "$(ls service/target/leakscan-service-*.jar | head -n 1)"
row "after: \`cli/target/leakscan-cli-*.jar\`" "$(ls cli/target/leakscan-cli-*.jar | head -n 1)"
echo

start() { # label, wrapper, env...
  local label=$1 wrapper=$2; shift 2
  env LEAKSCAN_NO_BUILD=1 "$@" "$wrapper" --version >/dev/null 2>&1 # extraction (and the CDS training run)
  local out
  out=$(env LEAKSCAN_NO_BUILD=1 "$@" python3 "$ROOT/bench/first-request.py" "$RUNS" -- "$wrapper" scan '{url}' \
    --no-config --endpoint 'GET /x' --profile quick | tail -n 1)
  printf '| %s | %s |\n' "$label" "$out"
}
echo "| CLI start to first request | ms |"
echo "|---|---|"
start "before: the fat jar, extracted" "$WORK/before/leakscan"
start "after: the CLI jar, extracted, no CDS (LEAKSCAN_CDS=0)" "$ROOT/leakscan" LEAKSCAN_CDS=0
start "after: the CLI jar, extracted, with the CDS archive" "$ROOT/leakscan"
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); $(nproc) cores"
