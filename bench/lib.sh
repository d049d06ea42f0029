# Shared set-up of the JVM benchmarks (sourced, not run). The caller sets ROOT (the repository), WORK (a scratch
# folder) and defines fail().

# JAVA: the first JDK >= 21 in JAVA_HOME or under /usr/lib/jvm (the machine's default java may be older).
bench_java() {
  JAVA=""
  local j v
  for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
    [ "${v:-0}" -ge 21 ] 2>/dev/null && { JAVA=$j; return 0; }
  done
  fail "no JDK >= 21 found"
}

# CP: the compiled project and its runtime dependencies (offline first, then with the network).
bench_classpath() {
  ./mvnw -q -B -o compile >/dev/null 2>&1 || ./mvnw -q -B compile >/dev/null || fail "compile failed"
  ./mvnw -q -B -o -pl service -am dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" \
      -Dmdep.includeScope=runtime >/dev/null 2>&1 \
    || ./mvnw -q -B -pl service -am dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" \
      -Dmdep.includeScope=runtime >/dev/null \
    || fail "could not resolve the classpath"
  CP=$(bench_module_classpath "$ROOT" "$WORK/classpath.txt")
}

# The service and engine classes of the build in $1, then the dependencies listed in file $2 without the project's
# own jars. dependency:build-classpath resolves the engine module to the local repository's jar (the goal compiles
# nothing in the reactor), which is whatever `install` last put there, not this build.
bench_module_classpath() {
  echo "$1/service/target/classes:$1/engine/target/classes:$(tr ':' '\n' <"$2" | grep -v '/io/leakscan/' | paste -sd:)"
}

# Builds lab app $1 and starts it on a free loopback port; BASE is its base URL, and it is stopped when the script ends.
bench_start_lab_app() {
  local app=$1
  [ -f "$ROOT/lab/go.mod" ] || fail "no lab/ found"
  command -v go >/dev/null || fail "go is not on PATH"
  (cd "$ROOT/lab" && go build -o "$WORK/$app" "./cmd/$app") || fail "go build of lab app $app failed"
  "$WORK/$app" -addr 127.0.0.1:0 >"$WORK/$app.out" 2>"$WORK/$app.err" &
  APP_PID=$!
  trap 'kill "$APP_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do grep -q "listening on" "$WORK/$app.out" 2>/dev/null && break; sleep 0.1; done
  BASE=$(sed -n 's/^listening on //p' "$WORK/$app.out" | head -1)
  [ -n "$BASE" ] || fail "lab app $app did not announce its address"
}
