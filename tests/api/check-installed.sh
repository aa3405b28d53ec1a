#!/usr/bin/env bash
# Installs the build into a temporary DESTDIR, then (1) builds the README's API example
# (examples/minimal.c; check-readme-example.sh keeps the two the same) out of tree against
# the installed sippush-1.pc, (2) checks that libsippush exports nothing but the
# sippush_ API, and (3) with PYTHON and tests given, runs each Python test against the
# installed SipPush-1.0.typelib and library (GI_TYPELIB_PATH, LD_LIBRARY_PATH; the test
# checks that both were loaded from there, SIPPUSH_EXPECT_PREFIX).
#   usage: check-installed.sh BUILD_DIR examples/minimal.c [PYTHON TEST.py...]
set -euo pipefail
build=$1
example=$2
shift 2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
pc=$(find "$dest" -name sippush-1.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: sippush-1.pc not installed"; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$pc")

lines=$(wc -l < "$example")

# Point the installed .pc at the DESTDIR copy (its paths are all ${prefix}-relative).
mkdir "$dest/pc"
sed "s|^prefix=.*|prefix=$dest$prefix|" "$pc" > "$dest/pc/sippush-1.pc"
flags=$(PKG_CONFIG_PATH="$dest/pc" pkg-config --cflags --libs sippush-1)
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Wno-unused-parameter -Werror -o "$dest/example" "$example" $flags
echo "ok: the README's API example, $(basename "$example") ($lines lines) builds against the installed sippush-1.pc"

lib=$(find "$dest" -name 'libsippush-1.so.*.*' | head -n 1)
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
[ "$soname" = "libsippush-1.so.0" ] || { echo "FAIL: SONAME is '$soname'"; exit 1; }
foreign=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^sippush_' || true)
if [ -n "$foreign" ]; then
  echo "FAIL: symbols exported beyond the public API:"; echo "$foreign" | head -20; exit 1
fi
echo "ok: SONAME $soname, $(nm -D --defined-only "$lib" | wc -l) exported symbols, all sippush_*"

[ $# -gt 0 ] || exit 0
python=$1
shift
typelib=$(find "$dest" -name SipPush-1.0.typelib | head -n 1)
[ -n "$typelib" ] || { echo "FAIL: SipPush-1.0.typelib not installed"; exit 1; }
gir=$(find "$dest" -name SipPush-1.0.gir | head -n 1)
[ -n "$gir" ] || { echo "FAIL: SipPush-1.0.gir not installed"; exit 1; }
echo "ok: installed ${typelib#"$dest"} and ${gir#"$dest"}"
for t in "$@"; do
  echo "== $(basename "$t") against the installed tree =="
  GI_TYPELIB_PATH=$(dirname "$typelib") LD_LIBRARY_PATH=$(dirname "$lib") SIPPUSH_EXPECT_PREFIX=$dest \
    "$python" "$t"
done
