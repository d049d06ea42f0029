#!/usr/bin/env bash
# The images' local base: a Java runtime jlinked from this machine's JDK (the one .mvn/find-jdk.sh picks) at
# /opt/java/openjdk, the shared libraries it and the embedded PostgreSQL need (ldd), dash, bash and a few coreutils, /tmp, the C.UTF-8
# locale, and /etc/passwd with root and the images' user (leakscan, uid and gid 1000). Written as a `docker save` tarball that Jib
# takes as `tar://` base image (pom.xml, property leakscan.image.base), so the service and CLI images build with no
# registry and no Docker daemon. Where a registry is reachable, -Pregistry-base takes eclipse-temurin instead
# (docs/ci.md#images).
# Idempotent: does nothing when the tarball exists and was made from the same JDK, modules and script.
# Usage: images/base-image.sh [OUTPUT]   (default target/images/leakscan-base.tar; prints its path)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/target/images/leakscan-base.tar}
. "$ROOT/.mvn/find-jdk.sh"
leakscan_find_jdk
export JAVA_HOME

# What `jdeps --print-module-deps` names for the CLI's and the service's class paths, plus what they load only by
# name (so jdeps cannot see it): EC and the extra charsets, the zip file system, JNDI's DNS provider.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
MODULES+=,java.prefs,java.scripting,java.security.jgss,java.sql,java.sql.rowset,jdk.jfr,jdk.management
MODULES+=,jdk.unsupported,jdk.crypto.ec,jdk.charsets,jdk.zipfs,jdk.naming.dns
# The embedded PostgreSQL brings its own libraries (libxml2, ICU, OpenSSL) but needs these from the system too
PG_LIBS=(libstdc++.so.6 libgcc_s.so.1 libpthread.so.0 librt.so.1 libdl.so.2 libm.so.6)

case $(uname -m) in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) echo "base-image.sh: no image architecture for $(uname -m)" >&2; exit 1 ;;
esac
key=$( { cat "$0"; cat "$JAVA_HOME/release"; echo "$arch"; ldd --version 2>&1 | sed -n 1p; } | sha256sum | cut -c1-64)
if [ -f "$OUT" ] && [ "$(cat "$OUT.key" 2>/dev/null)" = "$key" ]; then
  echo "$OUT"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/opt/java" "$root/usr/bin" "$root/etc" "$root/tmp" "$root/root"
chmod 1777 "$root/tmp"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$root/opt/java/openjdk" --strip-debug --no-header-files \
  --no-man-pages --compress=zip-6
# Headless: no X11 toolkit, sound or splash screen (and none of the X11 libraries they would pull in)
rm -f "$root"/opt/java/openjdk/lib/{libawt_xawt,libjsound,libsplashscreen}.so
cp -L /usr/bin/dash /usr/bin/bash "$root/usr/bin/"
ln -s dash "$root/usr/bin/sh"
# The few tools a CI job's own script runs before ours: GitLab's runner writes file-type variables with mkdir and
# tests its environment with grep, and stops on "mkdir: command not found" without them
TOOLS=(cat chmod cp env grep head id ls mkdir mktemp mv rm sed sleep sort tail tee touch tr wc)
for t in "${TOOLS[@]}"; do cp -L "/usr/bin/$t" "$root/usr/bin/"; done
# Debian's merged /usr: /bin, /lib and /lib64 are links into /usr
for d in bin lib lib64; do ln -s "usr/$d" "$root/$d"; done

# Every shared library the runtime, the shells and PostgreSQL load, copied (links resolved) to the path the dynamic
# loader looks in, under /usr
copy_lib() {
  local path=$1
  case $path in /lib/* | /lib64/*) path=/usr$path ;; esac
  [ -f "$root$path" ] && return 0
  mkdir -p "$root$(dirname "$path")"
  cp -L "$1" "$root$path"
}
{
  find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 | xargs -0 ldd 2>/dev/null || true
  ldd /usr/bin/dash /usr/bin/bash "${TOOLS[@]/#//usr/bin/}"
} | awk -v w="$work" '$2 == "=>" && $3 ~ /^\// && index($3, w) != 1 { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' \
  | sort -u > "$work/libs"
for lib in "${PG_LIBS[@]}"; do
  ldconfig -p | awk -v l="$lib" '$1 == l && $0 ~ /x86-64|AArch64|aarch64/ && !n++ { print $NF }' >> "$work/libs"
done
while read -r lib; do copy_lib "$lib"; done < <(sort -u "$work/libs")
for lib in "${PG_LIBS[@]}"; do
  compgen -G "$root/usr/lib/*/$lib" >/dev/null || { echo "base-image.sh: $lib not found (ldconfig -p)" >&2; exit 1; }
done

# LANG=C.UTF-8 needs the locale's files: without them PostgreSQL's initdb stops on "invalid locale settings"
[ -d /usr/lib/locale/C.utf8 ] || { echo "base-image.sh: no /usr/lib/locale/C.utf8 (Debian's libc-bin)" >&2; exit 1; }
mkdir -p "$root/usr/lib/locale"
cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"

cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
leakscan:x:1000:1000:leakscan:/data:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
leakscan:x:1000:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
# Docker and Kubernetes mount their own; this one is for other runtimes (the PostgreSQL listens on "localhost")
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"

# docker save layout: one uncompressed layer, its config (diff_id = the layer's sha256) and manifest.json. Sorted names,
# a fixed time and root ownership make the same inputs give the same bytes.
img=$work/image
mkdir -p "$img"
tar -C "$root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -cf "$img/layer.tar" .
diff_id=$(sha256sum "$img/layer.tar" | cut -c1-64)
java_version=$("$root/opt/java/openjdk/bin/java" -version 2>&1 | sed -n 1p | sed 's/"/\\"/g')
cat > "$img/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  "JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],"Cmd":["/bin/sh"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"images/base-image.sh: $java_version jlinked, libraries, passwd"}]}
EOF
printf '[{"Config":"config.json","RepoTags":["leakscan-base:local"],"Layers":["layer.tar"]}]\n' > "$img/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar -C "$img" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$OUT.tmp" manifest.json config.json layer.tar
mv "$OUT.tmp" "$OUT"
echo "$key" > "$OUT.key"
echo "$OUT"
