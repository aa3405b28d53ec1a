#!/usr/bin/env python3
"""R-INV-2, R-SEC-2: the concurrent INVITE session limit (default 16). SIPp opens 17 MSRP
INVITE sessions at once and holds every accepted one open (ACK, then it waits for the
test): the first 16 get 200 OK, the 17th is refused 486 or 503 (never 200, never a
half-open session) with a rejected event {"method":"INVITE"}. The test then ends the 16
(INFO -> BYE -> 200) and a new INVITE pushes a file: the refused attempt and the ended
sessions left nothing behind."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import random
import re
import time
import peers
import msrp_peers as mp

LIMIT = 16


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'held.jpg', 1000, 'image/jpeg', seed=131)
    prefix = 'held%d' % random.randrange(1 << 30)
    n = LIMIT + 1
    s = h.sipp('invite_msrp_hold.xml', remote='127.0.0.1:%d' % rx.port, calls=n, rate=50, timeout=60,
               keys={'ac': mp.AC, 'pai': peers.SENDER, 'accept_types': 'image/jpeg', 'fs': f.selector()},
               extra=['-l', str(n), '-cid_str', prefix + '-%u@%s'])
    ev = rx.wait_event('rejected', 30, method='INVITE')
    h.check(ev.get('status') in (486, 503), 'rejected.status is 486 or 503: %r' % ev.get('status'))

    # every INVITE answered and ACKed (the trace is flushed per message; an ACK may be
    # re-sent for a retransmitted 200, so count Call-IDs)
    def acked():
        return {peers.sip_header(raw, 'Call-ID') for raw in s.sent_requests('ACK')}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(acked()) < n and s.running():
        time.sleep(0.05)
    finals = {}
    for d, _, raw in s.messages():
        if d == 'received' and re.match(rb'^SIP/2\.0 [2-6]\d\d', raw) and b'INVITE' in (peers.sip_header(raw, 'CSeq') or '').encode():
            finals.setdefault(peers.sip_header(raw, 'Call-ID'), int(raw[8:11]))
    h.check_eq(len(acked()), n, 'calls ACKed by SIPp (every INVITE answered)')
    ok = sorted(c for c, st in finals.items() if st == 200)
    refused = {c: st for c, st in finals.items() if st != 200}
    h.check_eq(len(ok), LIMIT, 'INVITE sessions accepted (200) at once')
    h.check(len(refused) == 1 and list(refused.values())[0] in (486, 503),
            'exactly one INVITE refused 486/503: %s' % refused)
    h.check_eq(list(refused)[0], '%s-%d@127.0.0.1' % (prefix, n), 'the refused INVITE is the 17th')

    for cid in ok:
        mp.send_info(s, cid)
    s.wait_ok(30, '%d held sessions ended with BYE / 200, the refused one ACKed' % LIMIT)

    # the sessions are released: a new one gets through
    f2 = mp.make_file(h, 'after.jpg', 3000, 'image/jpeg', seed=132)
    fs = f2.selector()
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['image/jpeg'], [f2], sender_args=['--success-report', 'yes'],
                name='after')
    p.wait_ok('a new INVITE after the 16 ended')
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])
    m = mp.message(p.result(), 0)
    mp.check_success_report(h, m, f2.name)
    ev = mp.wait_event(rx, 'file', 15, name=f2.name)
    stored = mp.check_file_event(h, rx, ev, f2)
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('sipp',))
