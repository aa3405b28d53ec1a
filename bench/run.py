#!/usr/bin/env python3
"""sippush benchmark (issue §11): the library's CPU cost per MESSAGE next to a bare
sofia-sip responder, in the same run.

For each transport (UDP, TCP) and each of N alternated pairs, a responder (bare-responder,
then lib-responder) is started on a free port, warmed up by one second of SIPp traffic,
then sent RATE MESSAGE/s for SECONDS by SIPp; the responder's CPU time (utime+stime from
/proc/PID/stat) over the measured run is divided by the MESSAGEs answered 200. Medians per
program and the lib/bare ratio are printed. Then the example CLI (sippush-receiver, which
makes every push durable in its inbox before the 200, with group commit) at the same rate, and optionally
(--capacity) the highest rate each responder sustains without failed or retransmitted
MESSAGEs. With two or more CPUs, SIPp is pinned to the first and the responder to the last
(--no-pin to let them float).

Nothing is built here. Make the build directory first:
    meson setup build-bench -Dbench=true --buildtype=release && ninja -C build-bench
then:  python3 bench/run.py [BUILD_DIR] [--rate 5000] [--seconds 10] [--pairs 5]
"""

import argparse
import atexit
import csv
import datetime
import errno
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "sipp", "message.xml")
CLK_TCK = os.sysconf("SC_CLK_TCK")
WARMUP_S = 1.0

_live = []  # Popen objects to clean up on exit
PIN = {"sipp": None, "responder": None}  # CPU sets (--pin)


def cleanup():
    for p in _live:
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            except ProcessLookupError:
                pass
    _live.clear()


def on_signal(signum, frame):
    cleanup()
    sys.exit(128 + signum)


def spawn(argv, cpus=None, **kw):
    if cpus:
        kw["preexec_fn"] = lambda: os.sched_setaffinity(0, cpus)
    p = subprocess.Popen(argv, **kw)
    _live.append(p)
    return p


def reap(p):
    if p in _live:
        _live.remove(p)


# ---- ports and /proc ---------------------------------------------------------------------

def _bound(port, kind):
    s = socket.socket(socket.AF_INET, kind)
    try:
        s.bind(("127.0.0.1", port))
        return False
    except OSError as e:
        return e.errno == errno.EADDRINUSE
    finally:
        s.close()


def free_port(exclude=()):
    """A port free on both UDP and TCP."""
    for _ in range(200):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in exclude and not _bound(port, socket.SOCK_DGRAM) \
                and not _bound(port, socket.SOCK_STREAM):
            return port
    raise RuntimeError("no free port")


def wait_listening(proc, port, timeout=10.0):
    """Waits until something holds port on UDP and TCP (the responder's listeners)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if _bound(port, socket.SOCK_DGRAM) and _bound(port, socket.SOCK_STREAM):
            return True
        time.sleep(0.02)
    return False


def cpu_ticks(pid):
    """utime+stime of the whole process (all threads), in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    fields = data[data.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


def cpu_ns(pid):
    """Run time in ns from /proc/PID/task/*/schedstat (finer than ticks), or None."""
    total = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total


# ---- SIPp ----------------------------------------------------------------------------------

class SippResult:
    def __init__(self, ok, failed, retrans, created, rc, wall, cpu_s, note=""):
        self.ok, self.failed, self.retrans, self.created = ok, failed, retrans, created
        self.rc, self.wall, self.cpu_s, self.note = rc, wall, cpu_s, note

    @property
    def clean(self):
        return self.rc == 0 and self.failed == 0 and self.ok == self.created and self.ok > 0

    def describe(self):
        s = f"{self.ok} ok"
        if self.failed or not self.clean:
            s += f", {self.failed} FAILED (sipp rc {self.rc})"
        if self.retrans:
            s += f", {self.retrans} retrans"
        return s + (f", {self.note}" if self.note else "")


def run_sipp(transport, port, rate, count, workdir, timeout_s):
    """Runs SIPp in the foreground: count MESSAGEs at rate/s to 127.0.0.1:port."""
    used = {port}
    local = free_port(used)
    used.add(local)
    ctrl = free_port(used)
    used.add(ctrl)
    media = free_port(used)
    stf = os.path.join(workdir, f"sipp-{local}.csv")
    argv = ["sipp", "-sf", SCENARIO, "-s", "alice", "-t", "u1" if transport == "udp" else "t1",
            "-r", str(rate), "-rp", "1000", "-m", str(count),
            "-i", "127.0.0.1", "-ci", "127.0.0.1", "-p", str(local), "-cp", str(ctrl),
            "-mp", str(media), "-nostdin", "-trace_stat", "-stf", stf, "-fd", "1",
            "-timeout", f"{int(timeout_s)}s", "-timeout_error",
            f"127.0.0.1:{port}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = spawn(argv, cpus=PIN["sipp"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
              cwd=workdir)
    try:
        _, err = p.communicate(timeout=timeout_s + 30)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    wall = time.monotonic() - t0
    reap(p)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    ok = failed = retrans = created = 0
    note = ""
    try:
        with open(stf, newline="") as f:
            rows = [r for r in csv.reader(f, delimiter=";") if r]
        head, last = rows[0], rows[-1]

        def col(name):
            return int(last[head.index(name)])
        ok, failed = col("SuccessfulCall(C)"), col("FailedCall(C)")
        retrans, created = col("Retransmissions(C)"), col("TotalCallCreated")
    except (OSError, ValueError, IndexError) as e:
        note = f"no SIPp statistics ({e}); stderr: {err.decode(errors='replace').strip()[:200]}"
    finally:
        try:
            os.unlink(stf)
        except OSError:
            pass
    if ok + failed < count and not note:
        note = f"only {ok + failed}/{count} calls ended"
    if p.returncode not in (0, 1):  # SIPp stopped on a fatal error: say which
        lines = [l.strip() for l in err.decode(errors="replace").splitlines()
                 if l.strip() and "Resolving remote host" not in l
                 and "enable -trace_err" not in l]
        if lines:
            msg = lines[0].split(": ", 1)[-1] if ": " in lines[0] else lines[0]
            note = (note + "; " if note else "") + f"SIPp: {msg[:120]}"
    return SippResult(ok, failed, retrans, created, p.returncode, wall, cpu_s, note)


# ---- one measured run ------------------------------------------------------------------------

class Run:
    def __init__(self, name, transport, rate, sipp, ticks, ns, rc):
        self.name, self.transport, self.rate, self.sipp, self.rc = name, transport, rate, sipp, rc
        self.cpu_s = ticks / CLK_TCK
        self.ns = ns

    @property
    def ok(self):
        return self.sipp.clean

    @property
    def achieved(self):
        return self.sipp.ok / self.sipp.wall if self.sipp.wall else 0.0

    @property
    def kept_up(self):
        """Every MESSAGE answered 200 at first try, at (nearly) the rate asked for."""
        return self.ok and self.sipp.retrans == 0 and self.achieved >= 0.95 * self.rate

    @property
    def us_per_msg(self):
        return self.cpu_s * 1e6 / self.sipp.ok if self.sipp.ok else float("nan")

    @property
    def us_per_msg_fine(self):
        return self.ns / 1e3 / self.sipp.ok if self.sipp.ok and self.ns is not None \
            else float("nan")

    def line(self, tag):
        s = self.sipp
        status = "ok  " if self.kept_up else "slow" if self.ok else "BAD "
        return (f"  {tag:<14} {status} {self.us_per_msg:7.2f} µs/msg"
                f"  (schedstat {self.us_per_msg_fine:7.2f})  cpu {self.cpu_s:6.2f} s"
                f"  {self.achieved:6.0f} msg/s  sipp cpu {s.cpu_s:5.2f} s  [{s.describe()}]")


def measure(argv, transport, rate, seconds, workdir, name, warmup=True, env=None):
    """Starts argv (which takes the bind URI last), warms it up, measures one SIPp run."""
    port = free_port()
    uri = f"sip:127.0.0.1:{port}"
    errlog = open(os.path.join(workdir, f"{name}-{port}.stderr"), "w+")
    proc = spawn(argv + [uri], cpus=PIN["responder"], stdout=subprocess.DEVNULL, stderr=errlog,
                 env=env)
    try:
        if not wait_listening(proc, port):
            errlog.seek(0)
            raise RuntimeError(f"{name} did not start: {errlog.read().strip()}")
        if warmup:
            n = max(1, int(rate * WARMUP_S))
            run_sipp(transport, port, rate, n, workdir, timeout_s=WARMUP_S + 30)
            time.sleep(0.2)
        t0, ns0 = cpu_ticks(proc.pid), cpu_ns(proc.pid)
        res = run_sipp(transport, port, rate, int(rate * seconds), workdir,
                       timeout_s=seconds * 3 + 30)
        time.sleep(0.2)  # let the loop finish the last responses and handle frees
        t1, ns1 = cpu_ticks(proc.pid), cpu_ns(proc.pid)
        ns = ns1 - ns0 if ns0 is not None and ns1 is not None else None
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        reap(proc)
        errlog.close()
    return Run(name, transport, rate, res, t1 - t0, ns, proc.returncode)


def median(values):
    values = [v for v in values if v == v]  # drop NaN
    return statistics.median(values) if values else float("nan")


# ---- main ----------------------------------------------------------------------------------

def main():
    global WARMUP_S
    ap = argparse.ArgumentParser(
        description="CPU per MESSAGE: libsippush vs a bare sofia-sip responder (issue §11).",
        epilog="Build first: meson setup build-bench -Dbench=true --buildtype=release "
               "&& ninja -C build-bench")
    ap.add_argument("build_dir", nargs="?", default="build-bench")
    ap.add_argument("--rate", type=int, default=5000, help="MESSAGE/s from SIPp (5000)")
    ap.add_argument("--seconds", type=float, default=10.0, help="measured seconds per run (10)")
    ap.add_argument("--warmup", type=float, default=WARMUP_S,
                    help="warm-up seconds before each measured run (1); over UDP, more than "
                         "32 s measures the steady state where sofia frees a transaction "
                         "for each one it makes, in both programs")
    ap.add_argument("--pairs", type=int, default=5, help="alternated bare/lib pairs (5)")
    ap.add_argument("--transports", default="udp,tcp", help="udp,tcp")
    ap.add_argument("--quick", action="store_true", help="smoke test: 2 s runs, 2 pairs")
    ap.add_argument("--no-cli", action="store_true", help="skip the sippush-receiver CLI")
    ap.add_argument("--capacity", action="store_true",
                    help="also search the highest clean rate of bare and lib (5 s steps)")
    ap.add_argument("--capacity-rates", default="5000,10000,15000,20000")
    ap.add_argument("--no-pin", action="store_true",
                    help="do not pin SIPp to the first CPU and the responder to the last "
                         "(pinning is the default with 2 or more CPUs)")
    ap.add_argument("--inbox-dir", default=None,
                    help="where the CLI's inbox goes (default: a temporary directory in "
                         "$TMPDIR); its fsyncs make the filesystem matter")
    args = ap.parse_args()
    WARMUP_S = args.warmup
    if args.quick:
        args.seconds, args.pairs = 2.0, 2

    cpus = sorted(os.sched_getaffinity(0))
    if not args.no_pin and len(cpus) >= 2:
        PIN["sipp"], PIN["responder"] = {cpus[0]}, {cpus[-1]}

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    atexit.register(cleanup)

    build = os.path.abspath(args.build_dir)
    bare = os.path.join(build, "bench", "bare-responder")
    lib = os.path.join(build, "bench", "lib-responder")
    cli = os.path.join(build, "examples", "sippush-receiver")
    for exe in (bare, lib, cli):
        if not os.access(exe, os.X_OK):
            sys.exit(f"{exe} is missing. Build it first:\n"
                     f"  meson setup {args.build_dir} -Dbench=true --buildtype=release "
                     f"&& ninja -C {args.build_dir}")
    if shutil.which("sipp") is None:
        sys.exit("sipp is not installed (Debian: apt-get install sip-tester)")

    # Silence sofia's own logs in every program.
    env = dict(os.environ)
    for k in list(env):
        if k.endswith("_DEBUG") or k == "TPORT_LOG":
            del env[k]
    env["SOFIA_DEBUG"] = "0"

    workdir = tempfile.mkdtemp(prefix="sippush-bench-")
    atexit.register(shutil.rmtree, workdir, True)

    sipp_version = subprocess.run(["sipp", "-v"], capture_output=True, text=True).stdout
    sipp_version = next((l.strip() for l in sipp_version.splitlines() if "SIPp" in l), "?")
    print(f"sippush benchmark — {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"host: {platform.node()}, {os.cpu_count()} CPUs, {platform.machine()}, "
          f"Linux {platform.release()}; {sipp_version}")
    print(f"rate {args.rate}/s, {args.seconds:g} s measured after a {WARMUP_S:g} s warm-up, "
          f"{args.pairs} alternated pairs per transport; body 100 bytes; build {build}")
    print("CPU = utime+stime of the responder over the measured run / MESSAGEs answered 200"
          " (clock tick 1/%d s; schedstat is the ns-resolution cross-check)" % CLK_TCK)
    print("Status: ok = every MESSAGE answered 200 at first try at ≥ 95 % of the rate; slow ="
          " all answered but with retransmissions or below the rate; BAD = failed calls.")
    if PIN["sipp"]:
        print(f"SIPp pinned to CPU {min(PIN['sipp'])}, the responder to CPU "
              f"{min(PIN['responder'])} (--no-pin to let them float); this script and the "
              "rest of the system share them.\n")
    else:
        print("SIPp runs on the same machine and competes for the CPUs (not pinned).\n")

    transports = [t.strip() for t in args.transports.split(",") if t.strip()]
    summary = {}
    for transport in transports:
        print(f"== {transport.upper()} ==")
        runs = {"bare": [], "lib": []}
        for i in range(args.pairs):
            for name, exe in (("bare", bare), ("lib", lib)):
                r = measure([exe], transport, args.rate, args.seconds, workdir, name, env=env)
                runs[name].append(r)
                print(r.line(f"{name} #{i + 1}"), flush=True)
        good = {n: [r for r in rs if r.ok] for n, rs in runs.items()}
        med = {n: median([r.us_per_msg for r in rs]) for n, rs in good.items()}
        medf = {n: median([r.us_per_msg_fine for r in rs]) for n, rs in good.items()}
        ratio = med["lib"] / med["bare"] if med["bare"] else float("nan")
        ratiof = medf["lib"] / medf["bare"] if medf["bare"] else float("nan")
        summary[transport] = (med, ratio, medf, ratiof, good, runs)
        for n in ("bare", "lib"):
            bad = len(runs[n]) - len(good[n])
            print(f"  median {n:<4} {med[n]:7.2f} µs/msg  (schedstat {medf[n]:7.2f})"
                  f"  over {len(good[n])} clean runs" + (f", {bad} BAD run(s) left out" if bad
                                                         else ""))
        pair_ratios = [l.us_per_msg / b.us_per_msg for b, l in zip(runs["bare"], runs["lib"])
                       if b.ok and l.ok and b.us_per_msg > 0]
        print("  per-pair lib/bare: " + " ".join(f"{r:.3f}" for r in pair_ratios)
              + f"  (median {median(pair_ratios):.3f})")
        verdict = "meets" if ratio <= 1.1 else "MISSES"
        print(f"  ratio lib/bare {ratio:.3f}  (schedstat {ratiof:.3f}) — {verdict} the "
              f"≤ 1.1× target\n", flush=True)

    cli_summary = []
    if not args.no_cli:
        print("== sippush-receiver CLI (durable inbox: every push durable before its 200, "
              "group commit; bench/durable-run.py compares it with the bare responder) ==")
        for transport in transports:
            res = cli_run(cli, transport, args.rate, args.seconds, workdir, args.inbox_dir, env)
            print(res.line(f"cli {transport} @{args.rate}"), flush=True)
            entry = [transport, res, None]
            if not res.kept_up:
                print(f"  the CLI did not keep {args.rate}/s on {transport.upper()}; "
                      "looking for its highest clean rate (5 s runs):")
                entry[2] = cli_search(cli, transport, args.rate, workdir, args.inbox_dir, env)
            cli_summary.append(entry)
        print()

    cap = {}
    if args.capacity:
        rates = [int(r) for r in args.capacity_rates.split(",") if r.strip()]
        print("== capacity: highest rate with no failed and no retransmitted MESSAGE "
              "(5 s runs, warm-up 1 s) ==")
        for transport in transports:
            for name, exe in (("bare", bare), ("lib", lib)):
                best = None
                for rate in rates:
                    r = measure([exe], transport, rate, 5.0, workdir, name, env=env)
                    clean = r.kept_up
                    print(r.line(f"{name} {transport} @{rate}"), flush=True)
                    if not clean:
                        break
                    best = (rate, r)
                cap[(transport, name)] = best
        print()

    print("== summary ==")
    for transport, (med, ratio, medf, ratiof, good, runs) in summary.items():
        print(f"{transport.upper()}: bare {med['bare']:.2f} µs/msg, lib {med['lib']:.2f} µs/msg, "
              f"ratio {ratio:.3f} (schedstat: {medf['bare']:.2f} / {medf['lib']:.2f} = "
              f"{ratiof:.3f}); target ≤ 1.10")
    for transport, res, best in cli_summary:
        s = f"CLI {transport.upper()} @{args.rate}/s: {res.us_per_msg:.2f} µs/msg, "
        s += "kept up" if res.kept_up else \
            f"did NOT keep up ({res.achieved:.0f} msg/s achieved; {res.sipp.describe()})"
        if best is not None:
            s += f"; highest clean rate tried: {best[0]}/s ({best[1].us_per_msg:.2f} µs/msg)" \
                if best[0] else "; no clean rate found"
        print(s)
    for (transport, name), best in cap.items():
        if best:
            rate, r = best
            print(f"capacity {transport.upper()} {name}: ≥ {rate}/s clean "
                  f"({r.achieved:.0f} msg/s achieved, {r.us_per_msg:.2f} µs/msg)")
        else:
            print(f"capacity {transport.upper()} {name}: below the lowest rate tried")
    bad_runs = sum(len(rs[n]) - len(g[n]) for _, _, _, _, g, rs in summary.values()
                   for n in ("bare", "lib"))
    return 1 if bad_runs else 0


def cli_argv(cli, inbox):
    return [cli, "--aor", "sip:alice@127.0.0.1", "--app", "mms.ua", "--inbox", inbox,
            "--json", "--bind"]


def cli_run(cli, transport, rate, seconds, workdir, inbox_parent, env):
    inbox = tempfile.mkdtemp(prefix="inbox-", dir=inbox_parent or workdir)
    try:
        return measure(cli_argv(cli, inbox), transport, rate, seconds, workdir, "cli", env=env)
    finally:
        shutil.rmtree(inbox, ignore_errors=True)


def cli_search(cli, transport, rate, workdir, inbox_parent, env):
    """The highest of a few lower rates at which the CLI completes every MESSAGE."""
    for r in (3000, 2000, 1500, 1000, 700, 500, 300, 200, 100, 50):
        if r >= rate:
            continue
        res = cli_run(cli, transport, r, 5.0, workdir, inbox_parent, env)
        print(res.line(f"cli {transport} @{r}"), flush=True)
        if res.kept_up:
            return (r, res)
    return (0, None)


if __name__ == "__main__":
    sys.exit(main())
