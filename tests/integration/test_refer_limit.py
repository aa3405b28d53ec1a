#!/usr/bin/env python3
"""R-SEC-2 for REFER: every accepted REFER makes a subscription, so their number is
capped (32, lib/subscription.h). Peer B, the Refer-To target, never answers; REFERs
1-32 get 202, the 33rd gets 503 and {"event":"rejected","method":"REFER","status":503};
the receiver keeps serving and stops cleanly. Then A stops answering: at SIGTERM every
REFER still gets its final NOTIFY (503, terminated) and the stop does not wait for A's
answers (the CLI exits 1 when a stop takes over 5 s)."""
import os, sys, urllib.parse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import sip_peer
from peers import AOR

LIMIT = 32


def test(h):
    a = sip_peer.Peer(h, 'peer-A', h.ports(1)[0], auto_answer=('NOTIFY',))
    b = sip_peer.Peer(h, 'peer-B', h.ports(1)[0])
    rx = h.receiver(['--aor', AOR, '--app', 'push.syncml'])
    rx.wait_ready()
    refer_to = '<sip:ps@127.0.0.1:%d;method=SUBSCRIBE?Event=%s>' % (
        b.port, urllib.parse.quote('ua-profile;profile-type=oma-app', safe=''))
    for n in range(1, LIMIT + 2):
        sip_peer.refer(a, rx.port, refer_to, n=n)
        resp = a.wait(lambda m: m.status and m.status >= 200 and m.header('call-id') == 'refer-%d@127.0.0.1' % n,
                      'final response to REFER %d' % n)
        if n <= LIMIT:
            if resp.status != 202:
                raise peers.Failure('REFER %d answered %d, want 202' % (n, resp.status))
        else:
            h.check_eq(resp.status, 503, 'REFER %d (over the limit) answered' % n)
    h.ok('REFERs 1-%d answered 202' % LIMIT)
    ev = rx.wait_event('rejected', 5)
    h.check_eq((ev.get('method'), ev.get('status')), ('REFER', 503), 'rejected event for the REFER over the limit')
    h.check_eq(len(rx.all_events('refer')), LIMIT, 'refer events (accepted ones)')
    s, bodies = h.push(rx.port, ari='push.syncml', what='MESSAGE still answered 200')
    a.auto_answer = ()
    h.check_eq(rx.terminate(timeout=40), 0, 'receiver exit code after SIGTERM, A silent')
    finals = [m for m in a.requests('NOTIFY')
              if 'terminated' in (m.header('subscription-state') or '') and b'SIP/2.0 503' in m.body]
    h.check_eq(len({m.header('call-id') for m in finals}), LIMIT,
               'REFERs given their final NOTIFY (503) at stop')
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
