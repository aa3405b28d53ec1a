#!/usr/bin/env python3
"""1000 concurrent TCP SIP connections each pushing MESSAGEs into one receiver (issue 13
item 5b), next to the same load over 1 connection.

The receiver is the example CLI (sippush-receiver --inbox DIR --json, stdout to
/dev/null): every push is stored as a file before its 200. For each mode (N connections,
then 1 connection), a fresh CLI is started with
  --set max-sip-connections=N+64 --set max-sip-connections-per-source=N+64
(every connection comes from 127.0.0.1; the defaults would let one source hold far fewer)
and the process's RLIMIT_NOFILE raised to N+1024 (and this script's own, for its
sockets). An asyncio client opens N connections, waits until all are open, then sends
RATE MESSAGEs/s in total, spread evenly over the connections (connection i sends at
RATE/N per second, without waiting for answers; its reader matches responses by
Call-ID), COUNT MESSAGEs in all, the same MESSAGE as bench/sipp/message.xml.

Checked: every MESSAGE answered 200 (none lost, no other status), and every one stored
(the files in the inbox). Printed per mode: throughput (MESSAGEs answered / time from the
first send to the last 200), the CLI's CPU µs per MESSAGE (utime+stime from
/proc/PID/stat over the sending window, connection set-up excluded), peak RSS (VmHWM),
and the latency of the 200 (median, 99th percentile).

Usage: python3 bench/tcp-scale.py [BUILD_DIR] [--connections 1000] [--rate 2000]
       [--count 20000] [--inbox-dir /dev/shm] [--rounds 1]
Exit status 1 when a check failed.
"""

import argparse
import asyncio
import atexit
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (bench/run.py: spawning, ports, CPU accounting)

BODY = ("0123456789abcdef" * 6 + "01\r\n").encode()


def message(port, lport, conn, seq):
    call_id = f"scale-{conn}-{seq}@127.0.0.1"
    head = (f"MESSAGE sip:alice@127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/TCP 127.0.0.1:{lport};branch=z9hG4bK-{conn}-{seq}\r\n"
            f"From: \"Push Sender\" <sip:pushsender@example.net>;tag=t{conn}-{seq}\r\n"
            f"To: <sip:alice@127.0.0.1>\r\n"
            f"Call-ID: {call_id}\r\n"
            f"CSeq: 1 MESSAGE\r\n"
            f"Max-Forwards: 70\r\n"
            f"Accept-Contact: *;+g.oma.pusheventappp=\"mms.ua\"\r\n"
            f"Content-Type: application/vnd.wap.mms-message\r\n"
            f"Content-Length: {len(BODY)}\r\n\r\n")
    return call_id, head.encode() + BODY


class Conn:
    def __init__(self, idx):
        self.idx = idx
        self.sent = {}  # Call-ID → send time
        self.latencies = []
        self.statuses = {}
        self.closed_early = False
        self.last = 0.0  # when its last 200 came


async def reader(conn, r, expected):
    buf = b""
    while len(conn.latencies) + sum(v for k, v in conn.statuses.items() if k != 200) < expected:
        data = await r.read(65536)
        if not data:
            conn.closed_early = True
            return
        buf += data
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                break
            head = buf[:end].decode("latin-1")
            length = 0
            call_id = None
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name in ("content-length", "l"):
                    length = int(value.strip())
                elif name in ("call-id", "i"):
                    call_id = value.strip()
            if len(buf) < end + 4 + length:
                break
            buf = buf[end + 4 + length:]
            status = int(head.split(" ", 2)[1])
            if status < 200:
                continue
            conn.statuses[status] = conn.statuses.get(status, 0) + 1
            if status == 200 and call_id in conn.sent:
                conn.last = time.monotonic()
                conn.latencies.append(conn.last - conn.sent.pop(call_id))


async def client(port, n, rate, count, started):
    conns, streams = [], []
    for i in range(n):
        r, w = await asyncio.open_connection("127.0.0.1", port)
        conns.append(Conn(i))
        streams.append((r, w))
    per_conn = [count // n + (1 if i < count % n else 0) for i in range(n)]
    started.set_result(time.monotonic())
    t0 = time.monotonic()
    interval = n / rate  # each connection's time between two MESSAGEs

    async def sender(i):
        c, (r, w) = conns[i], streams[i]
        lport = w.get_extra_info("sockname")[1]
        first = t0 + interval * i / n  # spread the connections over one interval
        for seq in range(per_conn[i]):
            delay = first + seq * interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            call_id, data = message(port, lport, i, seq)
            c.sent[call_id] = time.monotonic()
            w.write(data)
        await w.drain()

    readers = [asyncio.create_task(reader(conns[i], streams[i][0], per_conn[i])) for i in range(n)]
    await asyncio.gather(*(sender(i) for i in range(n)))
    deadline = max(30.0, count / rate)
    done, pending = await asyncio.wait(readers, timeout=deadline)
    for t in pending:
        t.cancel()
    t_end = time.monotonic()
    for _, w in streams:
        w.close()
    return conns, t0, t_end


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def one_mode(cli, n, rate, count, inbox_parent, env):
    port = run.free_port()
    inbox = tempfile.mkdtemp(prefix="inbox-", dir=inbox_parent)
    cap = n + 64
    argv = run.cli_argv(cli, inbox) + [f"sip:127.0.0.1:{port};transport=tcp",
                                       "--set", f"max-sip-connections={cap}",
                                       "--set", f"max-sip-connections-per-source={cap}"]
    nofile = n + 1024

    def limits():
        resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        if run.PIN["responder"]:
            os.sched_setaffinity(0, run.PIN["responder"])

    log = open(os.path.join(inbox_parent, f"cli-{n}.log"), "w+")
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=limits, env=env)
    run._live.append(p)
    try:
        deadline = time.monotonic() + 10
        while not run._bound(port, run.socket.SOCK_STREAM):
            if p.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the CLI did not start (exit {p.poll()})")
            time.sleep(0.05)
        loop = asyncio.new_event_loop()
        started = loop.create_future()
        task = loop.create_task(client(port, n, rate, count, started))
        loop.run_until_complete(started)
        cpu0 = run.cpu_ticks(p.pid)
        conns, t0, t_end = loop.run_until_complete(task)
        time.sleep(0.2)
        cpu1 = run.cpu_ticks(p.pid)
        hwm = vm_hwm_kib(p.pid)
        loop.close()
        stored = sum(len(files) for _, _, files in os.walk(inbox))
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        run.reap(p)
        shutil.rmtree(inbox, ignore_errors=True)
    lat = sorted(x for c in conns for x in c.latencies)
    ok = len(lat)
    other = {}
    for c in conns:
        for s, k in c.statuses.items():
            if s != 200:
                other[s] = other.get(s, 0) + k
    closed = sum(1 for c in conns if c.closed_early)
    # From the first send to the last 200 (to the reader deadline when some are missing).
    wall = (max(c.last for c in conns) if ok == count else t_end) - t0
    cpu_us = (cpu1 - cpu0) / os.sysconf("SC_CLK_TCK") * 1e6 / max(ok, 1)
    res = {
        "n": n, "ok": ok, "count": count, "other": other, "closed": closed, "stored": stored,
        "throughput": ok / wall if wall > 0 else 0.0, "cpu_us": cpu_us, "hwm_mib": hwm / 1024,
        "p50_ms": statistics.median(lat) * 1e3 if lat else float("nan"),
        "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1e3 if lat else float("nan"),
    }
    res["good"] = ok == count and not other and closed == 0 and stored == count
    if not res["good"]:
        log.seek(0)
        res["log_tail"] = log.read()[-2000:]
    log.close()
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir", nargs="?", default="build-bench")
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--rate", type=int, default=2000, help="MESSAGEs/s over all connections")
    ap.add_argument("--count", type=int, default=20000, help="MESSAGEs in all")
    ap.add_argument("--inbox-dir", default="/dev/shm")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--no-pin", action="store_true")
    args = ap.parse_args()

    cli = os.path.join(os.path.abspath(args.build_dir), "examples", "sippush-receiver")
    if not os.access(cli, os.X_OK):
        sys.exit(f"{cli} is missing (build with -Dbench=true first)")
    need = args.connections + 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            sys.exit(f"RLIMIT_NOFILE hard limit {hard} < {need}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    cpus = sorted(os.sched_getaffinity(0))
    if not args.no_pin and len(cpus) >= 2:
        run.PIN["responder"] = {cpus[-1]}
        os.sched_setaffinity(0, {cpus[0]})  # the client
    signal.signal(signal.SIGTERM, run.on_signal)
    signal.signal(signal.SIGINT, run.on_signal)
    atexit.register(run.cleanup)
    env = dict(os.environ)
    env["SOFIA_DEBUG"] = "0"
    parent = tempfile.mkdtemp(prefix="sippush-tcp-scale-", dir=args.inbox_dir)
    atexit.register(shutil.rmtree, parent, True)

    print(f"sippush TCP scale: {args.count} MESSAGEs at {args.rate}/s, CLI inbox under "
          f"{args.inbox_dir}, {args.rounds} round(s)"
          + ("" if args.no_pin else f"; client on CPU {cpus[0]}, CLI on CPU {cpus[-1]}"),
          flush=True)
    bad = 0
    for rnd in range(args.rounds):
        for n in (args.connections, 1):
            r = one_mode(cli, n, args.rate, args.count, parent, env)
            bad += not r["good"]
            print(f"  round {rnd + 1} {n:5d} connection(s): {'ok ' if r['good'] else 'BAD'} "
                  f"{r['ok']}/{r['count']} answered 200, stored {r['stored']}, other {r['other']}, "
                  f"closed early {r['closed']}; {r['throughput']:.0f} MESSAGE/s, "
                  f"{r['cpu_us']:.1f} µs CPU/MESSAGE, peak RSS {r['hwm_mib']:.1f} MiB, "
                  f"200 after {r['p50_ms']:.1f} ms median / {r['p99_ms']:.1f} ms p99", flush=True)
            if "log_tail" in r:
                print("    the CLI's stderr ended with:\n" + r["log_tail"], flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
