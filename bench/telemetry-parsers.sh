#!/usr/bin/env bash
# Runs the telemetry parser benchmarks (JMH, with the gc profiler) and writes bench/results/telemetry-parsers.md.
# Not part of ./mvnw verify. Usage: bench/telemetry-parsers.sh [extra JMH args]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
"$root/mvnw" -q -B -f "$here/jmh/pom.xml" package -DskipTests
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# mvnw picks a JDK >= 21 for the build; use the same for the run when the default java is older
if ! "$java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  java=$(ls -d /usr/lib/jvm/*2[1-9]*/bin/java /usr/lib/jvm/temurin-*/bin/java 2>/dev/null | head -1)
fi
out="$here/results/telemetry-parsers.json"
mkdir -p "$here/results"
(cd "$here/jmh" && "$java" -jar target/benchmarks.jar -prof gc -rf json -rff "$out" "$@")
python3 - "$out" "$here/results/telemetry-parsers.md" "$("$java" -version 2>&1 | head -1)" <<'PY'
import json, sys, datetime, os
res = json.load(open(sys.argv[1]))
rows = []
for r in res:
    name = r["benchmark"].rsplit(".", 1)[1]
    p = r["primaryMetric"]
    alloc = r["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score", float("nan"))
    err = p["scoreError"] if isinstance(p["scoreError"], (int, float)) else float("nan")
    rows.append((name, p["score"], err, p["scoreUnit"], alloc / (1 << 20)))
with open(sys.argv[2], "w") as f:
    f.write("# Telemetry parser benchmarks\n\n")
    f.write(f"JMH {res[0]['jmhVersion']}, {sys.argv[3]}, {os.cpu_count()} cores, "
            f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC. "
            "Inputs built from the real captured fixtures (groups, goroutine blocks and heap records replicated "
            "with adjusted counts). Run: `bench/telemetry-parsers.sh`.\n\n")
    f.write("| benchmark | time per parse | allocated per parse |\n|---|---|---|\n")
    for n, s, e, u, a in rows:
        f.write(f"| {n} | {s:.2f} ± {e:.2f} {u} | {a:.1f} MiB |\n")
    f.write("\nTargets: 100k-goroutine debug=1 profile parsed in under 200 ms with under 50 MB allocated. "
            "Time is the JMH average (± 99.9% interval; wide when the machine is shared with other builds); "
            "allocation is gc.alloc.rate.norm and includes copying the body from the stream.\n")
print(open(sys.argv[2]).read())
PY
