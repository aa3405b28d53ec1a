#!/usr/bin/env python3
"""R-SEC-4 (issue 12): a flood of MESSAGEs over UDP at 5000/s keeps the receiver's RSS
(high-water mark) under 64 MiB while it keeps answering; after the flood a MESSAGE is
stored and answered 200. Before: sofia kept every server transaction 32 s (Timer J),
525 MB at 5000/s; now, under load, sip-transaction-lifetime (2 s), shortened with the rate
to keep about 1000 of them, bounds them (sip/overload.c; without load RFC 3261's 32 s stay,
which test_cli_stop relies on).
CI floods at 2000/s for 10 s and checks that RSS plateaus; SIPPUSH_GOVERNANCE_FULL=1
(or SIPPUSH_FLOOD_RATE / SIPPUSH_FLOOD_SECONDS) runs the issue's 5000/s for 60 s against
its 64 MiB."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR
from governance_peers import FULL, measured_env, proc_status_mib, rss_bound_mib

RATE = int(os.environ.get('SIPPUSH_FLOOD_RATE', '5000' if FULL else '2000'))
SECONDS = int(os.environ.get('SIPPUSH_FLOOD_SECONDS', '60' if FULL else '10'))
BENCH_SCENARIO = os.path.join(os.path.dirname(peers.TESTS_DIR), 'bench', 'sipp', 'message.xml')


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--inbox', 'inbox'], env=measured_env())
    rx.wait_ready()
    scenario = BENCH_SCENARIO if os.path.exists(BENCH_SCENARIO) else 'message_uac.xml'
    # SIPp sends at RATE for SECONDS; its global timeout ends it then, answered or not.
    flood = h.sipp(scenario, remote='127.0.0.1:%d' % rx.port, calls=RATE * SECONDS,
                   rate=RATE, timeout=SECONDS + 2, name='sipp-flood',
                   keys={'ac': '*;+g.oma.pusheventappp="mms.ua"', 'pai': peers.SENDER,
                         'ctype': 'text/plain', 'body': 'flood'},
                   extra=['-rp', '1000'])
    peak = half = 0.0
    t0 = time.monotonic()
    while flood.running() and time.monotonic() - t0 < SECONDS + 30:
        peak = max(peak, proc_status_mib(rx.pid, 'VmHWM'))
        if not half and time.monotonic() - t0 >= SECONDS / 2:
            half = peak
        time.sleep(0.5)
    flood.stop()
    peak = max(peak, proc_status_mib(rx.pid, 'VmHWM'))
    answered = sum(1 for _ in rx.all_events('push'))
    peers.log('  %d s at %d/s: %d pushes stored, RSS high-water mark %.1f MiB'
              % (SECONDS, RATE, answered, peak))
    h.check(answered > 0, 'the receiver kept answering during the flood (%d stored)' % answered)
    # Bounded means a plateau: kept 32 s, transactions grow with the flood's length (139 MiB
    # after 10 s, twice the 5 s figure); kept ~1000 under load, the second half adds little.
    # The absolute target (64 MiB at 5000/s for 60 s) is the full-size run's
    # (SIPPUSH_GOVERNANCE_FULL=1), measured alone: on a shared CI machine the figure moves.
    h.check(half > 0 and peak <= half * 1.25 + 4,
            'RSS plateaus under the flood: %.1f MiB at half time, %.1f MiB at the end' % (half, peak))
    bound = rss_bound_mib(rx.pid) if FULL else 2 * rss_bound_mib(rx.pid)
    h.check(peak < bound, 'RSS high-water mark under the flood %.1f MiB < %d MiB' % (peak, bound))
    # What the flood left waiting is stored first (a slow disk keeps max-pending-deliveries
    # full for a while, and a push meanwhile gets 503 with Retry-After, as designed).
    last, still_since, deadline = -1, time.monotonic(), time.monotonic() + 60
    while time.monotonic() < deadline and time.monotonic() - still_since < 2:
        n = len(rx.all_events('push'))
        if n != last:
            last, still_since = n, time.monotonic()
        time.sleep(0.2)
    s, bodies = h.push(rx.port, ari='mms.ua', body='after the flood', timeout=30,
                       what='MESSAGE after the flood answered 200')
    time.sleep(0.5)
    h.check(any(ev.get('size') == len(bodies[0]) for ev in rx.all_events('push')),
            'the MESSAGE after the flood was stored')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')


peers.main(test, peers=('sipp',))
