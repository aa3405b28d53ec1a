#!/bin/bash
# bench/profile.sh — where does the library's extra cost per MESSAGE go?
# Runs bare-responder and lib-responder under callgrind with the same SIPp load (instruction
# counts are exact and repeatable, unlike CPU time on a shared machine), collecting only
# after a warm-up, and prints the per-MESSAGE instruction totals and the library's handler
# broken down by callee.
#
# The warm-up lasts PROFILE_WARMUP_S seconds (default 35): longer than sofia's 32 s
# transaction lifetime over UDP, so that both programs are measured in the steady state
# where they free a transaction for each one they make. (With a short warm-up the bare
# responder frees none inside the window while the library, on its 2 s lifetime under
# load, frees them all: ~10 k instructions per MESSAGE of sofia's timers charged to it.)
#
# Usage: [PROFILE_RATE=150] [PROFILE_WARMUP_S=35] bench/profile.sh [BUILD_DIR] [udp|tcp] [COUNT]
#        (default build-bench udp 3000)
# Needs valgrind and sipp. Output files stay in a temporary directory (printed).
set -euo pipefail
build=$(realpath "${1:-build-bench}")
transport=${2:-udp}
count=${3:-3000}
rate=${PROFILE_RATE:-150} # callgrind slows the responder ~50x; well under saturation, so
# that loop iterations per MESSAGE (GLib prepare/check) do not depend on batching
warmup_s=${PROFILE_WARMUP_S:-35}
here=$(dirname "$(realpath "$0")")
out=$(mktemp -d /tmp/sippush-profile-XXXXXX)
tt=u1
[ "$transport" = tcp ] && tt=t1
for exe in "$build/bench/bare-responder" "$build/bench/lib-responder"; do
  [ -x "$exe" ] || { echo "$exe is missing: meson setup $build -Dbench=true --buildtype=release && ninja -C $build" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; true; }
trap cleanup EXIT

for prog in bare lib; do
  port=$(free_port)
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/$prog.out" \
    "$build/bench/$prog-responder" "sip:127.0.0.1:$port" >/dev/null 2>"$out/$prog.log" &
  pid=$!
  for _ in $(seq 100); do grep -q . "$out/$prog.log" 2>/dev/null && sleep 2 && break; sleep 0.1; done
  sleep 2
  sipp_run() {
    sipp -sf "$here/sipp/message.xml" -s alice -t $tt -rp 1000 -r $rate -m "$1" \
      -i 127.0.0.1 -p "$(free_port)" -cp "$(free_port)" -mp "$(free_port)" -nostdin \
      "127.0.0.1:$port" >/dev/null 2>&1
  }
  sipp_run $((rate * warmup_s)) || { echo "warm-up SIPp run failed for $prog" >&2; exit 1; }
  callgrind_control -i on "$pid" >/dev/null 2>&1
  sipp_run "$count" || { echo "SIPp run failed for $prog" >&2; exit 1; }
  sleep 0.3
  callgrind_control -i off "$pid" >/dev/null 2>&1
  kill "$pid"; wait "$pid" || true; pid=
done

total() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'; }
incl() { callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null \
  | awk -v f="$2" '!done && $0 ~ ":" f " \\[" { gsub(",", "", $1); print $1; done = 1 }'; }
bare_total=$(total "$out/bare.out"); lib_total=$(total "$out/lib.out")
bare_cb=$(incl "$out/bare.out" callback); lib_cb=$(incl "$out/lib.out" nua_callback)
echo "callgrind, $transport, $count MESSAGEs after a warm-up; instructions (Ir) per MESSAGE, user space only:"
awk -v b="$bare_total" -v l="$lib_total" -v bc="$bare_cb" -v lc="$lib_cb" -v n="$count" 'BEGIN {
  printf "  bare total %8.0f   lib total %8.0f   lib/bare %.3f\n", b/n, l/n, l/b
  printf "  bare NUA callback %6.0f   lib NUA callback %6.0f   difference %6.0f\n", bc/n, lc/n, (lc-bc)/n }'
# The total splits into the dispatched work and GLib's prepare + check of every source on
# every loop turn; the second moves from run to run with how requests batch into turns,
# so the first is the steadier comparison.
loop_cost() { echo $(( $(incl "$1" g_main_context_prepare) + $(incl "$1" g_main_context_check) )); }
awk -v bd="$(incl "$out/bare.out" g_main_context_dispatch)" \
    -v ld="$(incl "$out/lib.out" g_main_context_dispatch)" \
    -v bl="$(loop_cost "$out/bare.out")" -v ll="$(loop_cost "$out/lib.out")" -v n="$count" 'BEGIN {
  printf "  dispatched work: bare %8.0f   lib %8.0f   lib/bare %.3f\n", bd/n, ld/n, ld/bd
  printf "  loop prepare+check: bare %6.0f   lib %6.0f\n", bl/n, ll/n }'
# Calls to malloc (and free) per MESSAGE: the callers' counts in callgrind's caller tree.
calls() { callgrind_annotate --tree=caller --threshold=100 "$1" 2>/dev/null | perl -ne '
    BEGIN { $f = shift @ARGV } $s = 0 if /^\s*$/;
    if (/^\s*[\d,]+ .*< .*\(([\d,]+)x\)/) { ($n = $1) =~ s/,//g; $s += $n }
    if (/\* .*:\Q$f\E \[/) { print $s; exit }' "$2"; }
for prog in bare lib; do
  printf '  %-4s malloc %5.1f  free %5.1f  per MESSAGE\n' $prog \
    "$(echo "$(calls "$out/$prog.out" malloc) / $count" | bc -l)" \
    "$(echo "$(calls "$out/$prog.out" free) / $count" | bc -l)"
done
echo "the library's MESSAGE handler by callee (inclusive Ir per MESSAGE):"
callgrind_annotate --inclusive=yes --tree=calling --threshold=100 "$out/lib.out" 2>/dev/null \
  | awk -v n="$count" '
      /\* .*sippush_messages_handle \[|\* .*:delivery_done \[/ { p = 1 }
      p && /^$/ { p = 0 }
      p { x = $1; gsub(",", "", x); name = $0; sub(/.*\?\?\?:/, "", name); sub(/ \[.*/, "", name);
          if (name ~ /^0x/) name = name " (a PLT stub: g_object_unref or free)"
          printf "  %7.0f  %s%s\n", x / n, ($0 ~ /\*/ ? "" : "   "), name }'
echo "callgrind files: $out"
