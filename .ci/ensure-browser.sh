#!/usr/bin/env bash
# Makes sure the headless browser that the browser tests drive is here: Debian's chromium and chromium-driver.
# .ci/run and the Maven build (before the ITs) both call it, so `./mvnw verify` needs nothing run before it.
# Installs the packages when they are missing and this runs as root; elsewhere fails with one line naming the command.
set -Eeuo pipefail

packages=(chromium chromium-driver)
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromedriver)
if [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-browser: chromium and chromedriver are installed"
  exit 0
fi

fail() { echo "ensure-browser: $*" >&2; exit 1; }
if [ ${#missing[@]} -eq 1 ]; then absent="${missing[0]} is"; else absent="chromium and chromedriver are"; fi
if [ "$(id -u)" -ne 0 ]; then
  fail "$absent not on the PATH (the browser tests drive them): run" \
    "'sudo apt-get update && sudo apt-get install -y ${packages[*]}', or run the build as root to have it install them"
fi
command -v apt-get >/dev/null 2>&1 \
  || fail "$absent not on the PATH (the browser tests drive them) and there is no apt-get here: install Chromium and ChromeDriver"

echo "ensure-browser: ${missing[*]} missing; installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed, so ${packages[*]} could not be installed"
apt-get install -y -qq "${packages[@]}" >/dev/null || fail "apt-get install -y ${packages[*]} failed"
command -v chromium >/dev/null && command -v chromedriver >/dev/null \
  || fail "apt-get installed ${packages[*]} but chromium or chromedriver is still not on the PATH"
