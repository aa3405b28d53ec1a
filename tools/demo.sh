#!/usr/bin/env bash
# The sippush demo, end to end: installs what is missing, builds, then runs tools/demo.py
# (Kamailio + sippush-receiver + SIPp pushing MESSAGEs through Kamailio).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/deps.sh
if [ ! -f build-demo/build.ninja ]; then
  meson setup build-demo -Dintegration_tests=disabled >/dev/null
fi
ninja -C build-demo >/dev/null
SIPPUSH_RECEIVER="$PWD/build-demo/examples/sippush-receiver" \
SIPPUSH_TESTS_DIR="$PWD/tests" \
  exec python3 tools/demo.py
