#!/usr/bin/env bash
# Installs the Debian packages sippush needs to build, test and demo, when any is missing.
# Run as root on Debian 12 (bookworm). Sourced by demo.sh and run-tests.sh.
set -euo pipefail

SIPPUSH_PACKAGES=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libsofia-sip-ua-dev libsofia-sip-ua-glib-dev check nettle-dev
  kamailio kamailio-tls-modules sip-tester python3 clang libclang-rt-14-dev glib-networking openssl
  gobject-introspection libgirepository1.0-dev
  dbus python3-gi gir1.2-glib-2.0 gi-docgen valgrind
)

missing=()
for p in "${SIPPUSH_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "deps: run as root (or install: ${missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
# Debian starts a system Kamailio on 5060 when the package is installed; the tests and
# the demo run their own instances on free ports and never need it.
