#!/usr/bin/env bash
# Builds sippush and runs every test: unit tests and the integration tests against real
# Kamailio and SIPp, warning-free (--werror), then again under ASan+UBSan, then the
# integration tests with the programs under valgrind's memcheck (the release build), then
# the fuzz targets over their corpus (clang). Installs missing Debian packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh

common=(-Dintegration_tests=enabled --werror)

echo "== release build (gcc, -Werror; the typelib and the API reference too) =="
rm -rf build-test
meson setup build-test "${common[@]}" -Dintrospection=enabled -Ddocumentation=enabled
ninja -C build-test
meson test -C build-test --print-errorlogs --num-processes 2

echo "== ASan + UBSan build =="
rm -rf build-sanitize
meson setup build-sanitize "${common[@]}" -Db_sanitize=address,undefined -Db_lundef=false
ninja -C build-sanitize
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS="suppressions=$PWD/tools/lsan-suppressions.txt" \
  meson test -C build-sanitize --print-errorlogs --num-processes 2 --timeout-multiplier 3

echo "== integration tests under valgrind memcheck (the release build, small files) =="
# tests/integration/meson.build names the tests (suite valgrind) and the setup's
# environment; tools/valgrind.supp holds the commented suppressions.
meson test -C build-test --setup valgrind --suite valgrind --print-errorlogs --num-processes 2

echo "== fuzz targets over their corpus (clang, libFuzzer) =="
rm -rf build-fuzz
CC=clang meson setup build-fuzz -Dfuzzing=true -Dintegration_tests=disabled \
  -Db_sanitize=address,undefined -Db_lundef=false
ninja -C build-fuzz
meson test -C build-fuzz --suite fuzz --print-errorlogs
