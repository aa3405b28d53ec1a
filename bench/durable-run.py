#!/usr/bin/env python3
"""The durable inbox with group commit (issue 13 item 3): the example CLI, which stores
every MESSAGE durably (SipPushStore: temp file, one flush per batch, rename, one folder
sync per batch) before its 200, next to the bare sofia-sip responder, over TCP.

For each filesystem given (default: tmpfs at /dev/shm and the disk holding the build
directory) and each of N rounds, alternated in this order:
  1. bare-responder at --rate (1000/s) for --seconds: CPU µs per MESSAGE;
  2. sippush-receiver --inbox on that filesystem at --rate: CPU µs per push;
  3. sippush-receiver at --sustain (5000/s) for --seconds: whether every MESSAGE got its
     200 at first try at >= 95 % of the rate, and the rate achieved.
(and, with --before CLI, an older CLI binary measured like 2. for comparison).
Medians per filesystem are printed with the CLI/bare ratio (target <= 3x) and the
sustained rate (target >= 5000/s). The measuring is run.py's (imported): CPU =
utime+stime of the whole process from /proc/PID/stat, worker threads included; schedstat
(ns) is printed next to it.

Build first:  meson setup build-bench -Dbench=true --buildtype=release && ninja -C build-bench
Then:         python3 bench/durable-run.py [BUILD_DIR] [--rounds 5] [--fs tmpfs=/dev/shm,disk=DIR]
"""

import argparse
import atexit
import datetime
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (bench/run.py: spawning, SIPp, CPU accounting)


def fs_type(path):
    out = subprocess.run(["stat", "-f", "-c", "%T", path], capture_output=True, text=True)
    return out.stdout.strip() or "?"


def cli_measure(cli, inbox_parent, rate, seconds, workdir, env, name="cli"):
    # The inboxes are removed only at the end: on ext4, inodes freed in the last minutes
    # make every new file slower to create (recently_deleted() in the inode allocator), so
    # removing one run's 50 000 files would slow the next run down.
    inbox = tempfile.mkdtemp(prefix="inbox-", dir=inbox_parent)
    r = run.measure(run.cli_argv(cli, inbox), "tcp", rate, seconds, workdir, name, env=env)
    # Warm-up and measured pushes answered 200 are all in the inbox (a check on the way).
    r.stored = sum(len(files) for _, _, files in os.walk(inbox))
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir", nargs="?", default="build-bench")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--rate", type=int, default=1000, help="rate of the CPU comparison (1000)")
    ap.add_argument("--sustain", type=int, default=5000, help="rate the CLI must keep (5000)")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--fs", default=None,
                    help="NAME=DIR,… where the inbox goes (default tmpfs=/dev/shm and "
                         "disk=the build directory's filesystem)")
    ap.add_argument("--before", default=None,
                    help="another sippush-receiver binary (e.g. main's) measured like the CLI")
    ap.add_argument("--no-pin", action="store_true")
    args = ap.parse_args()

    build = os.path.abspath(args.build_dir)
    bare = os.path.join(build, "bench", "bare-responder")
    cli = os.path.join(build, "examples", "sippush-receiver")
    for exe in (bare, cli) + ((args.before,) if args.before else ()):
        if not os.access(exe, os.X_OK):
            sys.exit(f"{exe} is missing (build with -Dbench=true first)")
    if shutil.which("sipp") is None:
        sys.exit("sipp is not installed (Debian: apt-get install sip-tester)")

    cpus = sorted(os.sched_getaffinity(0))
    if not args.no_pin and len(cpus) >= 2:
        run.PIN["sipp"], run.PIN["responder"] = {cpus[0]}, {cpus[-1]}
    signal.signal(signal.SIGTERM, run.on_signal)
    signal.signal(signal.SIGINT, run.on_signal)
    atexit.register(run.cleanup)

    env = dict(os.environ)
    for k in list(env):
        if k.endswith("_DEBUG") or k == "TPORT_LOG":
            del env[k]
    env["SOFIA_DEBUG"] = "0"
    workdir = tempfile.mkdtemp(prefix="sippush-durable-bench-")
    atexit.register(shutil.rmtree, workdir, True)

    if args.fs:
        fss = [tuple(x.split("=", 1)) for x in args.fs.split(",") if x]
    else:
        fss = [("tmpfs", "/dev/shm"), ("disk", build)]
    parents = []
    for name, d in fss:
        p = tempfile.mkdtemp(prefix="sippush-durable-", dir=d)
        atexit.register(shutil.rmtree, p, True)
        parents.append((name, p))

    print(f"sippush durable inbox benchmark — {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"host: {platform.node()}, {os.cpu_count()} CPUs, Linux {platform.release()}; "
          f"build {build}; TCP (sipp -t t1), 100-byte bodies")
    print(f"{args.rounds} alternated rounds per filesystem: bare @{args.rate}/s, CLI "
          f"@{args.rate}/s, CLI @{args.sustain}/s, {args.seconds:g} s each after 1 s warm-up")
    for name, p in parents:
        print(f"  {name}: inbox under {p} ({fs_type(p)})")
    if run.PIN["sipp"]:
        print(f"SIPp pinned to CPU {min(run.PIN['sipp'])}, the programs to CPU "
              f"{min(run.PIN['responder'])}.")
    print()

    results = {}
    for name, parent in parents:
        print(f"== {name} ({fs_type(parent)}) ==")
        rs = {"bare": [], "cli": [], "sustain": [], "before": []}
        for i in range(args.rounds):
            r = run.measure([bare], "tcp", args.rate, args.seconds, workdir, "bare", env=env)
            rs["bare"].append(r)
            print(r.line(f"bare #{i + 1}"), flush=True)
            r = cli_measure(cli, parent, args.rate, args.seconds, workdir, env)
            rs["cli"].append(r)
            print(r.line(f"cli #{i + 1}") + f"  stored {r.stored}", flush=True)
            if args.before:
                r = cli_measure(args.before, parent, args.rate, args.seconds, workdir, env,
                                "before")
                rs["before"].append(r)
                print(r.line(f"before #{i + 1}") + f"  stored {r.stored}", flush=True)
            r = cli_measure(cli, parent, args.sustain, args.seconds, workdir, env)
            rs["sustain"].append(r)
            print(r.line(f"cli@{args.sustain} #{i + 1}") + f"  stored {r.stored}", flush=True)
        results[name] = rs
        print()

    print("== summary (medians over the rounds; the machine is shared, so the spread is wide) ==")
    ok = True
    for name, rs in results.items():
        med = {k: run.median([r.us_per_msg for r in v if r.ok]) for k, v in rs.items()}
        medf = {k: run.median([r.us_per_msg_fine for r in v if r.ok]) for k, v in rs.items()}
        ratio = med["cli"] / med["bare"] if med["bare"] else float("nan")
        ratiof = medf["cli"] / medf["bare"] if medf["bare"] else float("nan")
        pairs = [c.us_per_msg / b.us_per_msg for b, c in zip(rs["bare"], rs["cli"])
                 if b.ok and c.ok and b.us_per_msg > 0]
        kept = sum(1 for r in rs["sustain"] if r.kept_up)
        rate = run.median([r.achieved for r in rs["sustain"] if r.ok])
        print(f"{name}: CPU per push @{args.rate}/s: CLI {med['cli']:.1f} µs, bare "
              f"{med['bare']:.1f} µs, ratio {ratio:.2f}x (schedstat {medf['cli']:.1f} / "
              f"{medf['bare']:.1f} = {ratiof:.2f}x; per round "
              + " ".join(f"{p:.2f}" for p in pairs) + "); target <= 3x")
        if rs["before"]:
            print(f"{name}: before: {med['before']:.1f} µs per push, "
                  f"{med['before'] / med['bare']:.2f}x bare")
        print(f"{name}: sustained @{args.sustain}/s: kept up in {kept}/{len(rs['sustain'])} rounds, "
              f"median {rate:.0f} MESSAGE/s achieved; target >= {args.sustain}/s")
        ok = ok and ratio <= 3.0 and kept * 2 > len(rs["sustain"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
