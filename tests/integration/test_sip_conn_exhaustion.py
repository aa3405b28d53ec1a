#!/usr/bin/env python3
"""R-SEC-4 (issue 12), descriptors and memory:
1. Under a 1024-descriptor limit (soft and hard, so the CLI cannot raise it), 1015
   connections that never send a byte do not stop a MESSAGE from being stored and
   answered 200 (over UDP, and over TCP on a new connection), the process does not spin
   (CPU time over a 5 s window while they are held), and its descriptors stay under the
   limit minus the reserve. Before the governor: every MESSAGE got "500 Inbox write
   failed" and the process spun at 100 % of a core.
2. 400 connections each holding an unfinished 200 KB header keep the receiver's RSS (its
   high-water mark) under 64 MiB (before: 139 MB, kept), and afterwards a MESSAGE is
   answered 200.
The caps are lifted (max-sip-connections, per source) so that the descriptor reserve and
the buffer bound are what is tested, all the attackers being on 127.0.0.1."""
import os, resource, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR
from governance_peers import (connect_many, close_all, cpu_seconds, open_fds, proc_status_mib,
                              rss_bound_mib, sanitized)

LIFT = ['--set', 'max-sip-connections=100000', '--set', 'max-sip-connections-per-source=100000']


def limit_descriptors():
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def push_twice(h, rx, what):
    for transport in ('u1', 't1'):
        s, bodies = h.push(rx.port, ari='mms.ua', transport=transport, body='%s %s' % (what, transport),
                           what='MESSAGE over %s answered 200 %s' % (transport, what), timeout=30)
        ev = rx.wait_event('push', 10)
        h.check_push(rx, ev, 'mms.ua', bodies[0])


def test(h):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2200:
        raise peers.Failure('the test needs 2200 descriptors of its own (hard limit %d)' % hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2200), hard))

    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--inbox', 'inbox'] + LIFT,
                    preexec_fn=limit_descriptors)
    rx.wait_ready()
    # In batches, so that the listen queue never overflows (an overflowing queue drops
    # the handshake's last ACK: the client thinks it is connected, the receiver never
    # sees the connection).
    # Each batch waits until the receiver has taken the last one in (or has paused
    # accepting), so that a loaded machine does not overflow the queue either.
    socks = []
    base = open_fds(rx.pid)
    while len(socks) < 1015:
        socks += connect_many(rx.port, min(35, 1015 - len(socks)))
        deadline = time.monotonic() + 5
        while (time.monotonic() < deadline and open_fds(rx.pid) < base + len(socks)
               and 'descriptors running out' not in rx.stderr_text()):
            time.sleep(0.05)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and 'descriptors running out' not in rx.stderr_text():
        time.sleep(0.5)
    h.check('accepting paused: descriptors running out' in rx.stderr_text(),
            'accepting paused for the descriptor reserve (%d descriptors open)' % open_fds(rx.pid))
    time.sleep(3)  # the last connections of the queue are taken in
    c0 = cpu_seconds(rx.pid)
    time.sleep(5)
    cpu = cpu_seconds(rx.pid) - c0
    fds = open_fds(rx.pid)
    h.check(cpu < (2.5 if sanitized(rx.pid) else 1.0), 'no spinning with 1015 connections held: %.2f s of CPU in 5 s' % cpu)
    h.check(900 <= fds <= 1024 - 32, 'descriptors near, but clear of, the 1024 limit: %d open' % fds)
    push_twice(h, rx, 'with 1015 connections held')
    close_all(socks)

    rx2 = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--inbox', 'inbox2'] + LIFT, name='receiver2')
    rx2.wait_ready()
    base = proc_status_mib(rx2.pid, 'VmRSS')
    header = (b'MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK1\r\n'
              b'X-Pad: ' + b'a' * (200 * 1024))
    socks = connect_many(rx2.port, 400, header)
    time.sleep(3)
    hwm = proc_status_mib(rx2.pid, 'VmHWM')
    rss = proc_status_mib(rx2.pid, 'VmRSS')
    peers.log('  RSS: %.1f MiB at start, %.1f MiB now, %.1f MiB at most' % (base, rss, hwm))
    bound = rss_bound_mib(rx2.pid)
    h.check(hwm < bound, '400 unfinished 200 KB headers: RSS high-water mark %.1f MiB < %d MiB'
            % (hwm, bound))
    push_twice(h, rx2, 'with 400 unfinished headers')
    close_all(socks)
    h.check_eq(rx2.terminate(), 0, 'receiver exit code after SIGTERM')


peers.main(test, peers=('sipp',))
