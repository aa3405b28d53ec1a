#!/usr/bin/env python3
"""sippush MSRP benchmark (issue 5 §7): receive throughput of a large file through the
library's MSRP path next to two references measured in the same run.

Receivers (one process each, started fresh for every run):
  cli        what a user runs (issue 13): examples/sippush-receiver --json with an MSRP
             listener; SIPp sends the INVITE (bench/sipp/invite_msrp.xml: a file-selector
             with size and SHA-1), bench/msrp-send pushes the file to the answer's a=path
             with Success-Report: yes; timed from the sender's first byte to the success
             REPORT, CPU = the CLI's utime+stime over that span; the JSON "file" event must
             say hash_ok with the right size and sha1
  framed     the floor (issue 13): bench/msrp-sink-framed, a minimal MSRP receiver (framing,
             a 200 per chunk, SHA-1, pwritev from one 256 KiB buffer, fsync, rename, the
             success REPORT), timed as cli is
  lib        bench/msrp-sink-lib, file-selector sha-1 announced (hashing on: verified)
  lib-nohash bench/msrp-sink-lib, no sha-1 announced (the sink still computes the SHA-1,
             which the file event carries; see bench/README.md)
  raw        (a) bench/msrp-sink-raw: loopback TCP into a file, fsync + rename
  raw+sha1   (b) the same plus Nettle's sha1_update over every read
The sender (bench/msrp-send) pushes SIZE bytes of generated content: MSRP SEND chunks of
CHUNK bytes to the library, the bare bytes to the references, in ~256 KiB writev()s.

Default programs: cli,framed,lib,raw,raw+sha1. For every chunk size, RUNS rounds; each
round runs every receiver once, in an order that rotates from round to round (alternated
runs). Processes float over the CPUs unless
--pin is given. Throughput = SIZE / (receiver's end −
sender's start), both CLOCK_MONOTONIC; the receiver's end is after its fsync + rename
(the library's: when the delivered event reaches the owner). Medians per receiver, the
ratios lib/raw and lib/raw+sha1, the receiver's CPU time and its peak RSS (VmHWM) are
printed, with the ratios cli/framed, lib/raw, lib/raw+sha1, cli/lib in throughput and in
CPU per GiB. Then N concurrent transfers into one lib process (N connections, N sessions;
default 100 x 32 MiB in 64 KiB chunks) alternated with one transfer of all their bytes
(--single-size; a single 32 MiB run is a ~0.1 s burst the machine's load hardly touches,
the 100 run ~15 s): the aggregate/single throughput ratio, both ends' CPU per GiB and the
peak RSS.

Profiling: --perf-cli FILE (perf record -g of the CLI per transfer, FILE.CHUNK; a FILE
ending in .strace counts syscalls instead), BENCH_CLI_WRAP="valgrind --tool=callgrind ..."
(runs the CLI under it), BENCH_CLI_LOG=FILE (the CLI's --verbose log).

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


def free_port():
    """A port free on TCP and UDP on 127.0.0.1 now (for the CLI's and SIPp's SIP)."""
    import socket
    for _ in range(50):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
            return port
        except OSError:
            pass
        finally:
            t.close()
            u.close()
    raise RuntimeError("no free port")


def proc_cpu_ms(pid):
    """utime + stime of a live process, ms (from /proc: 10 ms ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) * 1000 // tick, int(fields[11]) * 1000 // tick


def proc_hwm_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def colon_sha1(hexdigest):
    h = hexdigest.upper()
    return ":".join(h[i:i + 2] for i in range(0, 40, 2))


def send_info(sipp_port, call_id):
    """The 'transfer is over' INFO to SIPp's call (it then sends the BYE)."""
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(("127.0.0.1", 0))
        msg = (f"INFO sip:sipp@127.0.0.1:{sipp_port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{s.getsockname()[1]};branch=z9hG4bK-bench-{os.getpid()}\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:bench@127.0.0.1>;tag=bench\r\n"
               "To: <sip:sipp@127.0.0.1>\r\n"
               f"Call-ID: {call_id}\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n")
        s.sendto(msg.encode(), ("127.0.0.1", sipp_port))
    finally:
        s.close()


def run_cli(args, chunk, size, sha1, scratch):
    """End to end through what a user runs: sippush-receiver --json with an MSRP listener,
    SIPp's INVITE (file-selector with size and SHA-1), bench/msrp-send to the answer's
    a=path with Success-Report: yes. Time = the sender's first byte to the success REPORT;
    CPU = the CLI's utime+stime over that span (/proc, 10 ms ticks); then the JSON "file"
    event is checked (size, sha-1), INFO + BYE, SIGTERM."""
    import json
    b = args.build
    inbox = os.path.join(scratch, "inbox")
    sip_port = free_port()
    # BENCH_CLI_WRAP="valgrind --tool=callgrind ..." runs the CLI under a profiler.
    rx = spawn(os.environ.get("BENCH_CLI_WRAP", "").split() + [f"{b}/examples/sippush-receiver", "--aor", "sip:alice@127.0.0.1", "--app", "mms.ua",
                "--inbox", inbox, "--json", "--bind", f"sip:127.0.0.1:{sip_port}",
                "--msrp-bind", "127.0.0.1:0", "--max-size", "0"]
               + (["--verbose"] if os.environ.get("BENCH_CLI_LOG") else []), cpus=args.rx_cpus,
               stderr=open(os.environ.get("BENCH_CLI_LOG", os.devnull), "w"))
    fail = lambda note: Run("cli", chunk, 0, 0, 0, 0, False, note)
    ready = rx.stdout.readline()
    if '"ready"' not in ready:
        return fail(f"the CLI did not start: {ready!r}")
    pathfile = os.path.join(scratch, "path")
    sipp_port = free_port()
    call_id = f"bench-{os.getpid()}-{time.monotonic_ns()}"
    fs = (f'name:"bench.bin" type:application/octet-stream size:{size} '
          f'hash:sha-1:{colon_sha1(sha1)}')
    sipp = spawn(["sipp", f"127.0.0.1:{sip_port}", "-sf",
                  os.path.join(os.path.dirname(os.path.abspath(__file__)), "sipp", "invite_msrp.xml"),
                  "-i", "127.0.0.1", "-p", str(sipp_port), "-m", "1", "-t", "u1", "-s", "alice",
                  "-cid_str", call_id, "-key", "ac", '*;+g.oma.pusheventappp="mms.ua"',
                  "-key", "fs", fs, "-key", "pathfile", pathfile, "-nostdin",
                  "-timeout", str(int(args.timeout)), "-timeout_error"],
                 cpus=args.tx_cpus, stderr=subprocess.DEVNULL, cwd=scratch)
    deadline = time.monotonic() + 60
    while not os.path.exists(pathfile):
        if time.monotonic() > deadline or sipp.poll() is not None:
            return fail("SIPp got no a=path")
        time.sleep(0.01)
    with open(pathfile) as f:
        to_path = f.read().strip()
    perf = None
    if args.perf_cli:
        cmd = (["strace", "-c", "-f", "-p", str(rx.pid), "-o"] if args.perf_cli.endswith(".strace")
               else ["perf", "record", "-q", "-g", "-p", str(rx.pid), "-o"])
        perf = subprocess.Popen(cmd + [f"{args.perf_cli}.{chunk}"], stderr=subprocess.DEVNULL)
        time.sleep(0.5)
    cpu0, user0 = proc_cpu_ms(rx.pid)
    s = spawn([f"{b}/bench/msrp-send", "--mode", "msrp", "--size", str(size), "--chunk", str(chunk),
               "--to-path", to_path, "--from-path", "msrp://127.0.0.1:7654/benchsender;tcp"],
              cpus=args.tx_cpus)
    try:
        sout, _ = s.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        s.kill()
        sout, _ = s.communicate()
    cpu1, user1 = proc_cpu_ms(rx.pid)
    hwm = proc_hwm_kb(rx.pid)
    if perf:
        perf.send_signal(signal.SIGINT)
        perf.wait()
    _live.remove(s)
    sk = parse_kv(sout)
    ev = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = rx.stdout.readline()
        if not line:
            break
        e = json.loads(line)
        if e.get("event") == "file":
            ev = e
            break
    send_info(sipp_port, call_id)
    try:
        sipp.wait(timeout=10)
    except subprocess.TimeoutExpired:
        sipp.kill()
        sipp.wait()
    rx.send_signal(signal.SIGTERM)
    try:
        rx.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        rx.kill()
        rx.communicate()
    _live.remove(sipp)
    _live.remove(rx)
    if s.returncode != 0 or sk.get("report_status") != "200" or "report_ns" not in sk:
        return fail(f"sender rc {s.returncode}: {sout.strip()[-200:]!r}")
    if sk.get("responses_other", "0") != "0":
        return fail(f"{sk['responses_other']} non-200 responses")
    if ev is None or ev.get("hash_ok") is not True or ev.get("size") != size or str(ev.get("sha1", "")).replace(":", "").lower() != sha1:
        return fail(f"no verified file event: {ev!r}")
    secs = (int(sk["report_ns"]) - int(sk["start_ns"])) / 1e9
    return Run("cli", chunk, size / secs / 1e6, cpu1 - cpu0, user1 - user0, hwm, True)


def run_once(args, prog, chunk, sessions, size, sha1, scratch):
    shutil.rmtree(scratch)
    os.mkdir(scratch)
    b = args.build
    if prog == "cli":
        os.sync()
        return run_cli(args, chunk, size, sha1, scratch)
    if prog.startswith("lib"):
        rx = [f"{b}/bench/msrp-sink-lib", "--dir", scratch, "--size", str(size),
              "--sessions", str(sessions)]
        if prog == "lib":
            rx += ["--sha1", sha1]
        mode = "msrp"
    elif prog == "framed":
        rx = [f"{b}/bench/msrp-sink-framed", "--dir", scratch, "--sha1", sha1]
        mode = "framed"
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
    if mode == "framed":
        send = ["--mode", "msrp", "--to-path", f"msrp://127.0.0.1:{port}/framed;tcp"]
    else:
        send = ["--port", port, "--mode", mode, "--sessions", str(sessions)]
    s = spawn([f"{b}/bench/msrp-send", "--size", str(size), "--chunk", str(chunk)] + send,
              cpus=args.tx_cpus)
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
    elif prog == "framed":
        ok = ok and rk.get("sha1") == sha1 and sk.get("report_status") == "200"
    else:
        ok = ok and rk.get("bytes") == str(size)
        if prog == "raw+sha1":
            ok = ok and rk.get("sha1") == sha1
    if not ok:
        note = note or f"rc {r.returncode}: {rout.strip()[-200:]!r}"
        return Run(prog, chunk, 0, 0, 0, 0, False, note)
    # The framed floor is timed as the CLI is: the sender's first byte to its REPORT.
    end = int(sk["report_ns"]) if prog == "framed" else int(rk["end_ns"])
    secs = (end - int(sk["start_ns"])) / 1e9
    mbps = size * sessions / secs / 1e6
    r = Run(prog, chunk, mbps, int(rk["cpu_ms"]), int(rk["user_ms"]), int(rk["vmhwm_kb"]), True)
    r.tx_cpu_ms = int(sk.get("cpu_ms", 0))  # the sender's own CPU (bench/msrp-send)
    r.secs = secs
    return r


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
    ap.add_argument("--programs", default="cli,framed,lib,raw,raw+sha1")
    ap.add_argument("--dir", default="/var/tmp", help="where the scratch folder goes")
    ap.add_argument("--concurrent", type=int, default=100,
                    help="transfers in one process (100; 0 = skip)")
    ap.add_argument("--concurrent-size", type=int, default=32 * MiB, help="each (32 MiB)")
    ap.add_argument("--concurrent-chunk", type=int, default=65536)
    ap.add_argument("--concurrent-runs", type=int, default=5)
    ap.add_argument("--single-size", type=int, default=0,
                    help="the single transfer it is compared with (default: N x each, the same "
                         "bytes and about the same time as the N at once; a 32 MiB single run "
                         "lasts ~0.1 s, a burst the shared machine's load hardly touches)")
    ap.add_argument("--pin", action="store_true",
                    help="sender on the first CPU, receiver on the last (see bench/README.md: "
                         "on a shared 2-vCPU machine this penalises the library)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--perf-cli", metavar="FILE",
                    help="perf record -g the CLI over each transfer into FILE.CHUNK (profiling)")
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

    # (numerator, denominator, what): printed when both ran.
    pairs = [("cli", "framed", "CLI end to end / framed floor"), ("lib", "raw", "(a)"),
             ("lib", "raw+sha1", "(b)"), ("lib-nohash", "raw", "(a)"),
             ("cli", "lib", "CLI / internal path")]
    pairs = [(a, b, w) for a, b, w in pairs if a in progs and b in progs]
    gib = args.size / (1024 * MiB)
    print()
    print(f"Medians of {args.runs} alternated runs, {fmt_size(args.size)} each. MB/s = 10^6 bytes "
          f"of file per second (cli, framed: sender's first byte to the success REPORT; the "
          f"others: to the durable file); CPU s/GiB = receiver user+sys per GiB of file (cli: "
          f"over the transfer, /proc ticks); RSS = peak (VmHWM), max over the runs.")
    print(f"| chunk | {' | '.join(f'{p} MB/s' for p in progs)} | "
          f"{' | '.join(f'{p} CPU s/GiB' for p in progs)} | "
          f"{' | '.join(f'{p} RSS MiB' for p in progs)} |")
    print("|" + "---|" * (1 + 3 * len(progs)))
    for chunk in chunks:
        st = {p: stats(chunk, p) for p in progs}
        print(f"| {fmt_size(chunk)} | {' | '.join(f'{st[p][0]:.0f}' for p in progs)} | "
              f"{' | '.join(f'{st[p][1] / 1000 / gib:.2f}' for p in progs)} | "
              f"{' | '.join(f'{st[p][2] / 1024:.1f}' for p in progs)} |")
    if pairs:
        print()
        print("Ratios of the medians: throughput a/b (≥ 1: a is faster) and CPU per GiB a/b "
              "(≤ 1: a spends less).")
        print(f"| chunk | {' | '.join(f'{a}/{b} MB/s {w}' for a, b, w in pairs)} | "
              f"{' | '.join(f'{a}/{b} CPU' for a, b, w in pairs)} |")
        print("|" + "---|" * (1 + 2 * len(pairs)))
        for chunk in chunks:
            st = {p: stats(chunk, p) for p in progs}
            def ratio(a, b, i):
                return f"{st[a][i] / st[b][i]:.2f}" if st[b][i] and st[a][i] == st[a][i] else "-"
            print(f"| {fmt_size(chunk)} | {' | '.join(ratio(a, b, 0) for a, b, w in pairs)} | "
                  f"{' | '.join(ratio(a, b, 1) for a, b, w in pairs)} |")

    if args.concurrent:
        print()
        n, size, chunk = args.concurrent, args.concurrent_size, args.concurrent_chunk
        print(f"Concurrency (item 5): {n} transfers at once into one lib process ({n} "
              f"connections, {n} sessions, {fmt_size(size)} each in {fmt_size(chunk)} chunks, "
              f"sha-1 announced and verified) next to ONE transfer into the same program, "
              f"alternated, {args.concurrent_runs} rounds")
        single = args.single_size or n * size
        print(f"The single transfer carries {fmt_size(single)} (--single-size).")
        csha1 = {sz: subprocess.run([f"{args.build}/bench/msrp-send", "--size", str(sz),
                                     "--print-sha1"], check=True, capture_output=True,
                                    text=True).stdout.strip() for sz in {size, single}}
        conc = {1: [], n: []}
        for rnd in range(args.concurrent_runs):
            for k in ((1, n) if rnd % 2 == 0 else (n, 1)):
                sz = single if k == 1 else size
                r = run_once(args, "lib", chunk, k, sz, csha1[sz], scratch)
                failures += not r.ok
                if r.ok:
                    conc[k].append(r)
                print(f"  round {rnd + 1}: {k:4d} transfer(s)  total {r.mbps:8.1f} MB/s  cpu "
                      f"{r.cpu_ms} ms  sender cpu {getattr(r, 'tx_cpu_ms', 0)} ms  wall "
                      f"{getattr(r, 'secs', 0) * 1000:.0f} ms  peak RSS {r.hwm_kb / 1024:.1f} MiB  "
                      f"{'ok' if r.ok else 'FAILED ' + r.note}", flush=True)
        one = median([r.mbps for r in conc[1]])
        many = median([r.mbps for r in conc[n]])
        cpu1 = median([r.cpu_ms / 1000 / (single / (1024 * MiB)) for r in conc[1]])
        cpun = median([r.cpu_ms / 1000 / (n * size / (1024 * MiB)) for r in conc[n]])
        tx1 = median([r.tx_cpu_ms / 1000 / (single / (1024 * MiB)) for r in conc[1]])
        txn = median([r.tx_cpu_ms / 1000 / (n * size / (1024 * MiB)) for r in conc[n]])
        # Both ends busy at once: CPU seconds of receiver + sender per wall second (2 = both
        # cores full on this 2-CPU machine).
        busy1 = median([(r.cpu_ms + r.tx_cpu_ms) / 1000 / r.secs for r in conc[1]])
        busyn = median([(r.cpu_ms + r.tx_cpu_ms) / 1000 / r.secs for r in conc[n]])
        rss = max([r.hwm_kb for r in conc[n]], default=0) / 1024
        print(f"| transfers | aggregate MB/s (median) | receiver CPU s/GiB | sender CPU s/GiB | "
              f"CPU busy (rx+tx s per s) | peak RSS MiB (max) |")
        print("|---|---|---|---|---|---|")
        print(f"| 1 | {one:.0f} | {cpu1:.2f} | {tx1:.2f} | {busy1:.2f} | "
              f"{max([r.hwm_kb for r in conc[1]], default=0) / 1024:.1f} |")
        print(f"| {n} | {many:.0f} | {cpun:.2f} | {txn:.2f} | {busyn:.2f} | {rss:.1f} |")
        print(f"aggregate/single throughput {many / one if one else float('nan'):.2f} "
              f"(target >= 0.8), peak RSS {rss:.1f} MiB (target <= 32); receiver CPU per GiB "
              f"single/{n} {cpu1 / cpun if cpun else float('nan'):.2f} (the throughput ratio "
              f"if the receiver's CPU were the only limit)")
    print(f"# load average at the end: {open('/proc/loadavg').read().strip()}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
