#!/usr/bin/env bash
# Fails when a public symbol lacks its description: (1) `gi-docgen check` over the
# introspection data (every class, function, macro, enum member, property, signal,
# parameter and return value documented), and (2) every symbol libsippush exports is in
# that data, so a declaration the scanner could not see cannot slip through.
#   usage: check-docs.sh GI_DOCGEN SipPush-1.0.gir libsippush-1.so
set -euo pipefail
gidocgen=$1
gir=$2
lib=$3

if ! out=$("$gidocgen" check "$gir" 2>&1); then
  echo "FAIL: gi-docgen check:"
  # Without the colour codes; only the findings.
  printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g' | grep -v '^INFO:'
  exit 1
fi
echo "ok: gi-docgen check: every symbol of $(basename "$gir") is documented"

exports=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort -u)
in_gir=$(grep -oE '(c:identifier|glib:get-type)="sippush_[a-z0-9_]+"' "$gir" | sed 's/.*="//; s/"$//' | sort -u)
missing=$(comm -23 <(printf '%s\n' "$exports") <(printf '%s\n' "$in_gir"))
if [ -n "$missing" ]; then
  echo "FAIL: exported but not in the introspection data (no doc comment reaches them):"
  printf '%s\n' "$missing"
  exit 1
fi
echo "ok: all $(printf '%s\n' "$exports" | wc -l) exported symbols are in $(basename "$gir")"
