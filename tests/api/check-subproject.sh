#!/usr/bin/env bash
# sippush as a Meson subproject: a parent project that says subproject('sippush') and
# dependency('sippush-1') configures (meson.override_dependency() in sippush's
# meson.build), and -Dsippush:tests=disabled leaves all of tests/ out, Check included.
# Configures only: building the library is what every other test does already.
#   usage: check-subproject.sh SOURCE_ROOT
set -euo pipefail
src=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/parent/subprojects"
ln -s "$src" "$tmp/parent/subprojects/sippush"
cat > "$tmp/parent/meson.build" <<'MESON'
project('parent', 'c', meson_version : '>= 0.63')
subproject('sippush', default_options : ['tests=disabled', 'introspection=disabled'])
sippush_dep = dependency('sippush-1')
executable('parent-app', 'main.c', dependencies : sippush_dep)
MESON
cat > "$tmp/parent/main.c" <<'C'
#include <sippush/sippush.h>
int main (void) { return sippush_get_major_version () == SIPPUSH_MAJOR_VERSION ? 0 : 1; }
C

if ! meson setup "$tmp/build" "$tmp/parent" > "$tmp/setup.log" 2>&1; then
  echo "FAIL: the parent project does not configure:"; tail -30 "$tmp/setup.log"; exit 1
fi
echo "ok: dependency('sippush-1') resolves to the subproject (meson.override_dependency)"

log="$tmp/build/meson-logs/meson-log.txt"
if grep -Eq "(Run-time )?[Dd]ependency check (found|skipped)|Dependency check .*found" "$log"; then
  echo "FAIL: -Dsippush:tests=disabled still looked for Check:"; grep -E 'ependency check' "$log"; exit 1
fi
targets=$(meson introspect --targets "$tmp/build")
if printf '%s' "$targets" | grep -Eq '"name": "(test-[a-z-]+|app-change-driver|subscribe-driver)"'; then
  echo "FAIL: -Dsippush:tests=disabled still defines test programs"; exit 1
fi
printf '%s' "$targets" | grep -q '"name": "sippush-1"' || { echo "FAIL: no sippush-1 library target"; exit 1; }
echo "ok: -Dsippush:tests=disabled: no test programs, Check not looked for"
