#!/usr/bin/env python3
"""R-REG-3: retry with back-off, honouring Retry-After. The SIPp registrar
(tests/sipp/registrar_503.xml) answers 503 with Retry-After: 1 twice, then 200. The
receiver must report two registration_failed (503) events, retry each time after about
1 s (>= 0.9 s: honoured; < 8 s: Retry-After replaced the 30 s default back-off), then
report registered, and de-REGISTER on SIGTERM."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    reg = h.sipp_uas('registrar_503.xml')
    rx = h.receiver(['--aor', AOR, '--registrar', reg.uri, '--app', 'mms.ua'])
    rx.wait_ready()
    f1 = rx.wait_event('registration_failed', 10)
    h.check_eq(f1.get('status'), 503, 'first registration_failed.status')
    f2 = rx.wait_event('registration_failed', 10)
    h.check_eq(f2.get('status'), 503, 'second registration_failed.status')
    ok = rx.wait_event('registered', 10)
    h.check_eq(ok.get('status'), 200, 'registered.status after two 503s')
    h.check_eq(ok.get('expires'), 120, 'registered.expires')
    t1, t2, t3 = rx.event_time(f1), rx.event_time(f2), rx.event_time(ok)
    for a, b, what in ((t1, t2, 'first retry'), (t2, t3, 'second retry')):
        h.check(b - a >= 0.9, '%s came %.2f s after the 503 (Retry-After: 1 honoured, >= 0.9 s)' % (what, b - a))
        h.check(b - a < 8, '%s came %.2f s after the 503 (Retry-After replaced the 30 s back-off)' % (what, b - a))
    h.check_eq(len(rx.all_events('registration_failed')), 2, 'registration_failed events in all')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    reg.wait_ok(10, '503, 503, 200 and the de-REGISTER, all in one Call-ID')
    # On the wire, from SIPp's own trace: 503 sent -> next REGISTER received >= 1 s later
    msgs = reg.timed_messages()
    h.check_eq(len(reg.received_requests('REGISTER')), 4, 'REGISTERs including the de-REGISTER')
    sent503 = [ts for d, _, raw, ts in msgs if d == 'sent' and raw.startswith(b'SIP/2.0 503')]
    regs = [ts for d, _, raw, ts in msgs if d == 'received' and raw.startswith(b'REGISTER ')]
    h.check_eq(len(sent503), 2, '503 responses sent')
    for i in range(2):
        gap = regs[i + 1] - sent503[i]
        h.check(0.95 <= gap < 8, 'on the wire, REGISTER %d came %.3f s after 503 #%d (Retry-After: 1)' % (i + 2, gap, i + 1))
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
