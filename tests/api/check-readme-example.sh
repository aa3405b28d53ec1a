#!/usr/bin/env bash
# Fails when the README's API example (the ```c block after the "api-example" marker)
# and examples/minimal.c differ: the file is the example, byte for byte, so that the
# example the README shows is the one that is built and compiled against the installed
# library. With MARKER and LANG, the same for another block (the Python example:
# api-example-python, python, examples/minimal.py).
#   usage: check-readme-example.sh README examples/minimal.c [MARKER LANG]
set -euo pipefail
readme=$1
minimal=$2
marker=${3:-api-example}
lang=${4:-c}
block=$(mktemp)
trap 'rm -f "$block"' EXIT

fence='^```'"$lang"'$'
awk -v marker="<!-- $marker -->" -v fence="$fence" \
    '$0 == marker {found=1; next} found && $0 ~ fence {inside=1; next}
     inside && /^```/ {exit} inside {print}' "$readme" > "$block"
[ -s "$block" ] || { echo "FAIL: no API example found in $readme"; exit 1; }
if ! diff -u --label "README ($marker)" --label "$minimal" "$block" "$minimal"; then
  echo "FAIL: the README's API example and $minimal differ; make them the same"
  exit 1
fi
echo "ok: $minimal is the README's API example ($(wc -l < "$minimal") lines)"
