#!/usr/bin/env python3
"""R-SEC-4, R-MSRP-6 (issue 12, item 2): an accepted file whose sender never connects, or
whose transfer stalls, ends with exactly one transfer_failed naming the deadline, nothing
stored, and the receiver's BYE (the file was the INVITE's only m= line). The CLI runs with
--set msrp-connect-timeout=2 --set msrp-stall-timeout=2; SIPp INVITEs (Session-Expires 90,
far off), ACKs and waits for the receiver's BYE (invite_msrp_expiry.xml).

1. The sender never starts (the scenario's sender command is `true`).
2. The sender sends one 1000-byte chunk of a 20000-byte file, then sleeps 30 s."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp

TIMEOUT = 2


def expect_given_up(h, rx, p, f, setting, started):
    ev = mp.wait_event(rx, 'transfer_failed', 30, name=f.name)
    elapsed = time.monotonic() - started
    h.check(setting in (ev.get('reason') or ''), 'transfer_failed names %s: %r'
            % (setting, ev.get('reason')))
    # 2 s, checked once a second, after the INVITE's round trip; a loaded host gets room
    h.check(elapsed <= 20, '%s: given up after %.1f s' % (f.name, elapsed))
    p.wait_ok('%s: INVITE, 200, ACK, then the receiver\'s BYE, 200' % f.name)
    # exactly one outcome: nothing more for this file a while later
    time.sleep(TIMEOUT + 1.5)
    n = len([e for e in rx.all_events() if e.get('event') in ('transfer_failed', 'file')
             and e.get('name') == f.name])
    h.check_eq(n, 1, '%s: events (transfer_failed or file)' % f.name)
    mp.check_no_file(h, rx, [f.name])


def test(h):
    rx = mp.msrp_receiver(h, extra=['--set', 'msrp-connect-timeout=%d' % TIMEOUT,
                                    '--set', 'msrp-stall-timeout=%d' % TIMEOUT])

    f1 = mp.make_file(h, 'never.bin', 20000, 'application/octet-stream', seed=71)
    started = time.monotonic()
    p1 = mp.Push(h, rx, 'invite_msrp_expiry.xml', [f1.selector()], ['application/octet-stream'],
                 [f1], notify=False, timeout=60, name='never', keys={'python': 'true'})
    expect_given_up(h, rx, p1, f1, 'msrp-connect-timeout', started)

    f2 = mp.make_file(h, 'stalled.bin', 20000, 'application/octet-stream', seed=72)
    started = time.monotonic()
    p2 = mp.Push(h, rx, 'invite_msrp_expiry.xml', [f2.selector()], ['application/octet-stream'],
                 [f2], notify=False, timeout=60, name='stalled', progress=True,
                 sender_args=['--chunk-size', '1000', '--delay', '30'])
    p2.wait_sender_progress(1, timeout=20)
    expect_given_up(h, rx, p2, f2, 'msrp-stall-timeout', started)

    mp.finish(h, rx)
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
