#!/usr/bin/env python3
"""REFERs the receiver declines, each checked on the wire with a scripted peer; the
Refer-To target (peer B) must never see a SUBSCRIBE, and the receiver keeps serving.
R-REF-1: --refer reject -> 603 and {"event":"refer","target":…,"accepted":false}.
R-REF-5: a Refer-To for another method (INVITE, or none: RFC 3515 means INVITE) -> 603,
  {"event":"rejected","method":"REFER","status":603,…}.
R-SEC-1 (trap B3): a REFER without Refer-To -> 400, rejected; no crash.
R-SEC-1 (trap B2): a Refer-To with hostile embedded headers (a component without `=`;
  Call-ID/Via/body) -> 400, rejected: nothing reaches a SUBSCRIBE.
Another event package in the embedded Event -> 489, rejected.
R-DSP-4: with --trusted-sender, a REFER from anyone else -> 403, rejected.
Finally a good REFER is declined by the policy, then a MESSAGE still gets 200."""
import os, sys, urllib.parse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import sip_peer
from peers import AOR

EVENT = urllib.parse.quote('ua-profile;profile-type=oma-app;event-app-id="push.syncml"', safe='')


def test(h):
    a = sip_peer.Peer(h, 'peer-A', h.ports(1)[0], auto_answer=('NOTIFY',))
    b = sip_peer.Peer(h, 'peer-B', h.ports(1)[0])
    rx = h.receiver(['--aor', AOR, '--app', 'push.syncml', '--refer', 'reject',
                     '--trusted-sender', 'sip:pushsender@example.net'])
    rx.wait_ready()
    target = 'sip:ps@127.0.0.1:%d' % b.port
    cases = [
        ('declined by policy (R-REF-1)', '<%s;method=SUBSCRIBE?Event=%s>' % (target, EVENT), '', 603, None),
        ('method INVITE (R-REF-5)', '<%s;method=INVITE>' % target, '', 603, 'REFER'),
        ('no method (R-REF-5)', '<%s>' % target, '', 603, 'REFER'),
        ('no Refer-To (B3)', None, '', 400, 'REFER'),
        ('component without = (B2)', '<%s;method=SUBSCRIBE?Event=%s&Foo>' % (target, EVENT), '', 400, 'REFER'),
        ('Call-ID/Via/body embedded (B2)', '<%s;method=SUBSCRIBE?Call-ID=x&Via=y&body=z>' % target, '', 400, 'REFER'),
        ('CRLF in an embedded header (B2)', '<%s;method=SUBSCRIBE?Event=ua-profile%%0d%%0aVia:%%20x>' % target, '', 400, 'REFER'),
        ('another event package', '<%s;method=SUBSCRIBE?Event=presence>' % target, '', 489, 'REFER'),
        ('sender not allowed (R-DSP-4)', '<%s;method=SUBSCRIBE?Event=%s>' % (target, EVENT),
         'X-Case: stranger\r\n', 403, 'REFER'),
    ]
    for n, (what, refer_to, extra, status, rejected) in enumerate(cases, 1):
        sip_peer.refer(a, rx.port, refer_to, n=n, sender='stranger' if 'stranger' in extra else 'pushsender')
        resp = a.wait(lambda m: m.status and m.status >= 200 and m.header('call-id') == 'refer-%d@127.0.0.1' % n,
                      'final response to REFER %d' % n)
        h.check_eq(resp.status, status, 'REFER %s answered' % what)
        if rejected:
            ev = rx.wait_event('rejected', 5)
            h.check_eq((ev.get('method'), ev.get('status')), (rejected, status),
                       'rejected event for %s (reason %r)' % (what, ev.get('reason')))
        else:
            ev = rx.wait_event('refer', 5)
            h.check_eq(ev, {'event': 'refer', 'target': target, 'accepted': False}, 'refer event, declined')

    h.check_eq(b.requests('SUBSCRIBE'), [], 'no SUBSCRIBE reached the Refer-To target')
    s, bodies = h.push(rx.port, ari='push.syncml', what='MESSAGE after the REFERs answered 200')
    rx.wait_event('push', 5)
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
