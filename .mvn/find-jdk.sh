# Sourced by ./mvnw, ./leakscan and .ci/run. Leakscan needs a JDK >= 21, but the machine default may be older
# (17 on our build machines), so when JAVA_HOME (or the java on PATH) is too old we look for a newer JDK in the
# usual install locations and export it as JAVA_HOME. POSIX sh; keeps the caller's shell options.
leakscan_jdk_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

leakscan_find_jdk() {
  leakscan_min=21
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    leakscan_v=$(leakscan_jdk_major "$JAVA_HOME")
    [ "${leakscan_v:-0}" -ge "$leakscan_min" ] && return 0
  fi
  if [ -z "${JAVA_HOME-}" ] && command -v javac >/dev/null 2>&1; then
    leakscan_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    leakscan_v=$(leakscan_jdk_major "$leakscan_home")
    if [ "${leakscan_v:-0}" -ge "$leakscan_min" ]; then JAVA_HOME=$leakscan_home; export JAVA_HOME; return 0; fi
  fi
  leakscan_best=""; leakscan_best_v=0
  case $- in *f*) leakscan_noglob=1; set +f ;; *) leakscan_noglob=0 ;; esac
  for leakscan_dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$leakscan_dir/bin/javac" ] || continue
    leakscan_v=$(leakscan_jdk_major "$leakscan_dir")
    if [ "${leakscan_v:-0}" -gt "$leakscan_best_v" ]; then leakscan_best=$leakscan_dir; leakscan_best_v=$leakscan_v; fi
  done
  [ "$leakscan_noglob" = 1 ] && set -f
  if [ "$leakscan_best_v" -ge "$leakscan_min" ]; then
    JAVA_HOME=$leakscan_best; export JAVA_HOME; return 0
  fi
  echo "Leakscan needs a JDK >= $leakscan_min; none found (JAVA_HOME=${JAVA_HOME-unset}, looked in /usr/lib/jvm and other usual places)." >&2
  echo "Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21/25) or set JAVA_HOME to it." >&2
  return 1
}
