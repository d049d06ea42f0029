# Real-process scaffolding shared by the fault and load scenarios (sourced, not run): the service jar, a PostgreSQL
# server process, loopback targets, and the cleanup that stops only what the script started, by pid. The caller sets
# ROOT, WORK and NAME (its own name, for messages) and, optionally, KEEP (non-empty: keep $WORK for a look).

fail() { echo "$NAME: $*" >&2; exit 1; }
say() { echo "[$(date -u +%H:%M:%S)] $*"; }
now() { date +%s.%N; }
since() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }

# JAVA: the repository's JDK (>= 21; the machine's default java may be older).
bench_jdk() {
  . "$ROOT/.mvn/find-jdk.sh"
  leakscan_find_jdk
  JAVA=$JAVA_HOME/bin/java
}

started=()   # pids of every process the script started
pg_pid=""
app_pid=""   # a service that must be stopped politely first (it stops its embedded PostgreSQL itself)
bench_cleanup() {
  if [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; then
    for _ in $(seq 1 60); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  for p in "${started[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ -n "$pg_pid" ] && kill -INT "$pg_pid" 2>/dev/null; then
    for _ in $(seq 1 60); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  [ -n "${KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap bench_cleanup EXIT

# jar: BENCH_JAR, or the service jar built from this checkout; CP: its libraries (for the PostgreSQL launcher).
bench_service_jar() {
  jar=${BENCH_JAR:-}
  if [ -z "$jar" ]; then
    say "building the service jar"
    (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests -pl service -am package)
    jar=$(ls "$ROOT"/service/target/leakscan-service-*.jar | head -n 1)
  fi
  unzip -q -o "$jar" 'BOOT-INF/lib/*' -d "$WORK/jar"
  CP=$(ls "$WORK"/jar/BOOT-INF/lib/*.jar | tr '\n' ':')
}

# A PostgreSQL 17 server process of its own on $1 (0 = a free port): pg_port, pg_pid, PSQL and sql().
bench_start_pg() {
  local line
  line=$("$JAVA" -cp "$CP" "$ROOT/bench/PostgresServer.java" "$WORK/pg" "$1" 2>"$WORK/pg-launch.err" | grep '^READY') \
    || { cat "$WORK/pg-launch.err" >&2; fail "PostgreSQL did not start"; }
  read -r _ pg_port pg_pid <<<"$line"
  PSQL=(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tA -q -v ON_ERROR_STOP=1)
  say "PostgreSQL 17 on 127.0.0.1:$pg_port (postmaster pid $pg_pid)"
}
sql() { "${PSQL[@]}" -c "$1"; }

# $1 leak-free loopback targets (bench/faulttarget), each on a port of its own: targets (host:port each).
bench_start_targets() {
  [ -x "$WORK/faulttarget" ] || (cd "$ROOT/bench/faulttarget" && go build -o "$WORK/faulttarget" .)
  targets=()
  local i
  for i in $(seq 1 "$1"); do
    "$WORK/faulttarget" -addr 127.0.0.1:0 >"$WORK/target-$i.out" 2>&1 &
    started+=($!)
  done
  for i in $(seq 1 "$1"); do
    for _ in $(seq 1 50); do grep -q '^listening on' "$WORK/target-$i.out" && break; sleep 0.1; done
    targets+=("$(sed -n 's/^listening on //p' "$WORK/target-$i.out")")
  done
  [ "${#targets[@]}" -eq "$1" ] || fail "the targets did not start"
}

# A loopback port the kernel hands out free (a random one collided with a target's).
bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Replaces the section between <!-- $1:begin --> and <!-- $1:end --> of $RESULTS with $2 (or appends it), and prints it.
bench_write_section() {
  if grep -q "$1:begin" "$RESULTS"; then
    python3 - "$RESULTS" "$1" "$2" <<'PY'
import re, sys
path, name, section = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
text = re.sub(r'<!-- ' + re.escape(name) + r':begin -->.*?<!-- ' + re.escape(name) + r':end -->', lambda m: section, text,
              flags=re.S)
open(path, 'w').write(text)
PY
  else
    printf '\n%s\n' "$2" >>"$RESULTS"
  fi
  echo "$2"
}
