#!/usr/bin/env bash
# Fails when the README's API example (the ```c block after the "api-example" marker)
# and examples/minimal.c differ: the file is the example, byte for byte, so that the
# example the README shows is the one that is built and compiled against the installed
# library.   usage: check-readme-example.sh README examples/minimal.c
set -euo pipefail
readme=$1
minimal=$2
block=$(mktemp)
trap 'rm -f "$block"' EXIT

awk '/<!-- api-example -->/ {found=1; next} found && /^```c/ {inside=1; next}
     inside && /^```/ {exit} inside {print}' "$readme" > "$block"
[ -s "$block" ] || { echo "FAIL: no API example found in $readme"; exit 1; }
if ! diff -u --label "README (api-example)" --label "$minimal" "$block" "$minimal"; then
  echo "FAIL: the README's API example and $minimal differ; make them the same"
  exit 1
fi
echo "ok: $minimal is the README's API example ($(wc -l < "$minimal") lines)"
