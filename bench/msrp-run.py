#!/usr/bin/env python3
"""sippush MSRP benchmark (issue 5 §7): receive throughput of a large file through the
library's MSRP path next to two references measured in the same run.

Receivers (one process each, started fresh for every run):
  lib        bench/msrp-sink-lib, file-selector sha-1 announced (hashing on: verified)
  lib-nohash bench/msrp-sink-lib, no sha-1 announced (the sink still computes the SHA-1,
             which the file event carries; see bench/README.md)
  raw        (a) bench/msrp-sink-raw: loopback TCP into a file, fsync + rename
  raw+sha1   (b) the same plus Nettle's sha1_update over every read
The sender (bench/msrp-send) pushes SIZE bytes of generated content: MSRP SEND chunks of
CHUNK bytes to the library, the bare bytes to the references, in ~256 KiB writev()s.

For every chunk size, RUNS rounds; each round runs every receiver once, in an order that
rotates from round to round (alternated runs). Processes float over the CPUs unless
--pin is given. Throughput = SIZE / (receiver's end −
sender's start), both CLOCK_MONOTONIC; the receiver's end is after its fsync + rename
(the library's: when the delivered event reaches the owner). Medians per receiver, the
ratios lib/raw and lib/raw+sha1, the receiver's CPU time and its peak RSS (VmHWM) are
printed. Then N concurrent transfers into one lib process (N connections, N sessions).

Nothing is built here:
    meson setup build-bench -Dbench=true --buildtype=release && ninja -C build-bench
    python3 bench/msrp-run.py [BUILD_DIR] [--runs 5] [--dir /var/tmp]
"""

import argparse
import atexit
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

MiB = 1024 * 1024
_live = []


def cleanup():
    for p in _live:
        if p.poll() is None:
            p.kill()
            p.wait()
    _live.clear()


def on_signal(signum, frame):
    cleanup()
    sys.exit(128 + signum)


def spawn(argv, cpus=None, **kw):
    if cpus:
        kw["preexec_fn"] = lambda: os.sched_setaffinity(0, cpus)
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, **kw)
    _live.append(p)
    return p


def parse_kv(text):
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = parts[1]
        elif len(parts) > 2:
            for k, v in zip(parts[0::2], parts[1::2]):
                out[k] = v
    return out


class Run:
    def __init__(self, prog, chunk, mbps, cpu_ms, user_ms, hwm_kb, ok, note=""):
        self.prog, self.chunk, self.mbps = prog, chunk, mbps
        self.cpu_ms, self.user_ms, self.hwm_kb, self.ok, self.note = cpu_ms, user_ms, hwm_kb, ok, note


def run_once(args, prog, chunk, sessions, size, sha1, scratch):
    for name in os.listdir(scratch):
        os.unlink(os.path.join(scratch, name))
    b = args.build
    if prog.startswith("lib"):
        rx = [f"{b}/bench/msrp-sink-lib", "--dir", scratch, "--size", str(size),
              "--sessions", str(sessions)]
        if prog == "lib":
            rx += ["--sha1", sha1]
        mode = "msrp"
    else:
        rx = [f"{b}/bench/msrp-sink-raw", "--dir", scratch]
        if prog == "raw+sha1":
            rx += ["--sha1"]
        mode = "raw"
    # The previous run's files are gone; let their blocks be freed before timing.
    os.sync()
    r = spawn(rx, cpus=args.rx_cpus)
    first = r.stdout.readline().split()
    if len(first) != 2 or first[0] != "port":
        r.wait()
        return Run(prog, chunk, 0, 0, 0, 0, False, "receiver did not start")
    port = first[1]
    s = spawn([f"{b}/bench/msrp-send", "--port", port, "--mode", mode, "--size", str(size),
               "--chunk", str(chunk), "--sessions", str(sessions)], cpus=args.tx_cpus)
    try:
        rout, _ = r.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        r.kill()
        rout, _ = r.communicate()
    rusage = None
    try:
        sout, _ = s.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        s.kill()
        sout, _ = s.communicate()
    _live.remove(r)
    _live.remove(s)
    rk, sk = parse_kv(rout), parse_kv(sout)
    note = ""
    ok = r.returncode == 0 and "end_ns" in rk and "start_ns" in sk
    if prog.startswith("lib"):
        # lib-nohash announces no SHA-1, and with hash-files off the library computes none
        # (the sink still checks the size).
        want = "-" if prog == "lib-nohash" else sha1
        ok = ok and rk.get("delivered") == str(sessions) and rk.get("sha1") == want
        if sk.get("responses_other", "0") != "0":
            note = f"{sk['responses_other']} non-200 responses"
            ok = False
    else:
        ok = ok and rk.get("bytes") == str(size)
        if prog == "raw+sha1":
            ok = ok and rk.get("sha1") == sha1
    if not ok:
        note = note or f"rc {r.returncode}: {rout.strip()[-200:]!r}"
        return Run(prog, chunk, 0, 0, 0, 0, False, note)
    secs = (int(rk["end_ns"]) - int(sk["start_ns"])) / 1e9
    mbps = size * sessions / secs / 1e6
    return Run(prog, chunk, mbps, int(rk["cpu_ms"]), int(rk["user_ms"]),
               int(rk["vmhwm_kb"]), True)


def fmt_size(n):
    if n % MiB == 0:
        return f"{n // MiB} MiB" if n < 1024 * MiB else f"{n // (1024 * MiB)} GiB"
    if n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n} B"


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", nargs="?", default="build-bench")
    ap.add_argument("--size", type=int, default=1024 * MiB, help="file size (1 GiB)")
    ap.add_argument("--chunks", default="2048,65536,1048576")
    ap.add_argument("--runs", type=int, default=5, help="rounds per chunk size (5)")
    ap.add_argument("--programs", default="lib,lib-nohash,raw,raw+sha1")
    ap.add_argument("--dir", default="/var/tmp", help="where the scratch folder goes")
    ap.add_argument("--concurrent", type=int, default=20, help="transfers in one process (20; 0 = skip)")
    ap.add_argument("--concurrent-size", type=int, default=128 * MiB, help="each (128 MiB)")
    ap.add_argument("--concurrent-chunk", type=int, default=65536)
    ap.add_argument("--concurrent-runs", type=int, default=3)
    ap.add_argument("--pin", action="store_true",
                    help="sender on the first CPU, receiver on the last (see bench/README.md: "
                         "on a shared 2-vCPU machine this penalises the library)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--quick", action="store_true", help="256 MiB, 2 rounds, 5 concurrent")
    args = ap.parse_args()
    if args.quick:
        args.size, args.runs, args.concurrent, args.concurrent_size = 256 * MiB, 2, 5, 32 * MiB
        args.concurrent_runs = 1
    args.build = os.path.realpath(args.build)
    for exe in ("msrp-sink-lib", "msrp-sink-raw", "msrp-send"):
        if not os.access(f"{args.build}/bench/{exe}", os.X_OK):
            sys.exit(f"{args.build}/bench/{exe} is missing: meson setup {args.build} -Dbench=true "
                     f"--buildtype=release && ninja -C {args.build}")
    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    cpus = sorted(os.sched_getaffinity(0))
    args.tx_cpus = args.rx_cpus = None
    if args.pin and len(cpus) >= 2:
        args.tx_cpus, args.rx_cpus = {cpus[0]}, {cpus[-1]}
    scratch = tempfile.mkdtemp(prefix="sippush-msrp-bench-", dir=args.dir)
    atexit.register(shutil.rmtree, scratch, True)
    chunks = [int(c) for c in args.chunks.split(",")]
    progs = args.programs.split(",")

    sha1 = subprocess.run([f"{args.build}/bench/msrp-send", "--size", str(args.size),
                           "--print-sha1"], check=True, capture_output=True,
                          text=True).stdout.strip()
    fs = subprocess.run(["df", "-T", scratch], capture_output=True, text=True).stdout.splitlines()
    print(f"# {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {platform.node()}, "
          f"{os.cpu_count()} CPUs, Linux {platform.release()}")
    print(f"# file {fmt_size(args.size)} (sha-1 {sha1}), scratch {scratch} "
          f"({fs[-1].split()[1] if len(fs) > 1 else '?'}), pin sender {args.tx_cpus} "
          f"receiver {args.rx_cpus}")

    print(f"# load average at start: {open('/proc/loadavg').read().strip()}")
    results = {}
    failures = 0
    for chunk in chunks:
        for rnd in range(args.runs):
            order = progs[rnd % len(progs):] + progs[:rnd % len(progs)]
            for prog in order:
                r = run_once(args, prog, chunk, 1, args.size, sha1, scratch)
                results.setdefault((chunk, prog), []).append(r)
                status = "ok" if r.ok else "FAILED " + r.note
                print(f"  chunk {fmt_size(chunk):>8} round {rnd + 1} {prog:<10} "
                      f"{r.mbps:8.1f} MB/s  cpu {r.cpu_ms:6d} ms (user {r.user_ms:5d})  "
                      f"peak RSS {r.hwm_kb / 1024:6.1f} MiB  {status}", flush=True)
                failures += not r.ok

    def stats(chunk, prog):
        ok = [r for r in results.get((chunk, prog), []) if r.ok]
        return (median([r.mbps for r in ok]), median([r.cpu_ms for r in ok]),
                max([r.hwm_kb for r in ok], default=0), len(ok))

    print()
    print(f"Medians of {args.runs} alternated runs, {fmt_size(args.size)} each; MB/s = 10^6 "
          f"bytes of file per second, sender start to durable file; cpu = receiver user+sys.")
    print(f"| chunk | {' | '.join(progs)} | lib/raw (a) | lib/raw+sha1 (b) | lib-nohash/raw (a) "
          f"| receiver cpu ms ({', '.join(progs)}) | peak RSS lib (max) |")
    print("|" + "---|" * (len(progs) + 6))
    for chunk in chunks:
        st = {p: stats(chunk, p) for p in progs}
        cells = [f"{st[p][0]:.0f}" for p in progs]
        def ratio(a, b):
            return f"{st[a][0] / st[b][0]:.2f}" if a in st and b in st and st[b][0] else "-"
        cpu = ", ".join(f"{st[p][1]:.0f}" for p in progs)
        rss = max((st[p][2] for p in progs if p.startswith("lib")), default=0)
        print(f"| {fmt_size(chunk)} | {' | '.join(cells)} | {ratio('lib', 'raw')} | "
              f"{ratio('lib', 'raw+sha1')} | {ratio('lib-nohash', 'raw')} | {cpu} | "
              f"{rss / 1024:.1f} MiB |")
    print()
    print("The same runs by the receiver's CPU time (user+sys, fsync included): MB of file per "
          "CPU-second, medians; less sensitive to other load on the machine than wall time.")
    print(f"| chunk | {' | '.join(progs)} | lib/raw (a) | lib/raw+sha1 (b) | lib-nohash/raw (a) |")
    print("|" + "---|" * (len(progs) + 4))
    for chunk in chunks:
        cps = {}
        for p in progs:
            ok = [r for r in results.get((chunk, p), []) if r.ok and r.cpu_ms]
            cps[p] = median([args.size / (r.cpu_ms / 1000) / 1e6 for r in ok])
        def cratio(a, b):
            return f"{cps[a] / cps[b]:.2f}" if a in cps and b in cps and cps[b] else "-"
        print(f"| {fmt_size(chunk)} | {' | '.join(f'{cps[p]:.0f}' for p in progs)} | "
              f"{cratio('lib', 'raw')} | {cratio('lib', 'raw+sha1')} | "
              f"{cratio('lib-nohash', 'raw')} |")
    print("peak RSS of the references: " + ", ".join(
        f"{p} {max(stats(c, p)[2] for c in chunks) / 1024:.1f} MiB" for p in progs
        if not p.startswith("lib")))

    if args.concurrent:
        print()
        n, size = args.concurrent, args.concurrent_size
        print(f"{n} concurrent transfers into one lib process: {n} connections, {n} sessions, "
              f"{fmt_size(size)} each in {fmt_size(args.concurrent_chunk)} chunks, sha-1 "
              f"announced")
        csha1 = subprocess.run([f"{args.build}/bench/msrp-send", "--size", str(size),
                                "--print-sha1"], check=True, capture_output=True,
                               text=True).stdout.strip()
        for rnd in range(args.concurrent_runs):
            r = run_once(args, "lib", args.concurrent_chunk, n, size, csha1, scratch)
            failures += not r.ok
            print(f"  round {rnd + 1}: total {r.mbps:8.1f} MB/s  cpu {r.cpu_ms} ms  "
                  f"peak RSS {r.hwm_kb / 1024:.1f} MiB  {'ok' if r.ok else 'FAILED ' + r.note}",
                  flush=True)
    print(f"# load average at the end: {open('/proc/loadavg').read().strip()}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
