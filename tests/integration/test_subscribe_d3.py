#!/usr/bin/env python3
"""Seed D.3 against SIPp as the Push Sender (tests/sipp/sub_uas.xml), no registrar.
R-SUB-1: at start the CLI (--subscribe --subscribe-uri) SUBSCRIBEs with
`Event: ua-profile;profile-type=oma-app;event-app-id="mms.ua,push.syncml"` (checked on the
wire) and an Accept built from the applications' types (R-SUB-2).
R-NOT-1: the initial empty NOTIFY is answered 200 and gives {"event":"subscribed"}; the
NOTIFY with a SyncML DS notification body reaches push.syncml (routed by the
event-app-id of its Event header) and is stored byte-exact under the inbox rules.
R-SUB-3: with 4 s granted the refresh SUBSCRIBE comes before expiry, in the same dialog.
On SIGTERM the receiver un-SUBSCRIBEs (Expires: 0)."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, sip_header, sip_body

SYNCML = 'application/vnd.syncml.ds.notification'


def test(h):
    ps = h.sipp_uas('sub_uas.xml', keys={'expires': '4', 'body': 'SyncML DS notification #1'})
    rx = h.receiver(['--aor', AOR, '--subscribe', '--subscribe-uri', 'sip:pushsender@127.0.0.1:%d' % ps.port,
                     '--app', 'mms.ua', '--app', 'push.syncml', '--accept-type', SYNCML,
                     '--accept-type', 'application/vnd.wap.mms-message', '--inbox', 'inbox'])
    rx.wait_ready()
    ev = rx.wait_event('subscribed', 10)
    h.check_eq(ev, {'event': 'subscribed', 'status': 200}, 'subscribed event')
    push = rx.wait_event('push', 5)
    sent = [raw for d, _, raw in ps.messages() if d == 'sent' and raw.startswith(b'NOTIFY ')]
    body = sip_body(sent[-1])
    h.check_eq(push.get('method'), 'NOTIFY', 'push.method')
    h.check_eq(push.get('content_type'), SYNCML, 'push.content_type')
    h.check_eq(push.get('size'), len(body), 'push.size')
    h.check_eq(push.get('sender'), 'sip:pushsender@example.net', 'push.sender (P-Asserted-Identity)')
    path = rx.path_of(push)
    with open(path, 'rb') as f:
        h.check(f.read() == body, 'stored NOTIFY body is byte-exact')
    h.check_eq(os.path.basename(os.path.dirname(path)), 'push.syncml',
               'NOTIFY routed to push.syncml by its Event event-app-id')
    h.check_eq(push.get('ari'), 'push.syncml', 'push.ari')

    # R-SUB-3: a refresh inside the 4 s granted
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and len(ps.received_requests('SUBSCRIBE')) < 2:
        time.sleep(0.1)
    subs = ps.received_requests('SUBSCRIBE')
    h.check(len(subs) >= 2, 'refresh SUBSCRIBE received (%d SUBSCRIBEs)' % len(subs))
    h.check_eq(sip_header(subs[1], 'Call-ID'), sip_header(subs[0], 'Call-ID'), 'refresh in the same dialog')
    h.check_eq(sip_header(subs[1], 'Event'), sip_header(subs[0], 'Event'), 'refresh Event')

    first = subs[0]
    h.check(first.startswith(b'SUBSCRIBE sip:pushsender@127.0.0.1:%d ' % ps.port), 'Request-URI is --subscribe-uri')
    h.check_eq(sip_header(first, 'Event'),
               'ua-profile;profile-type=oma-app;event-app-id="mms.ua,push.syncml"', 'Event on the wire (R-SUB-1)')
    h.check_eq(sip_header(first, 'Accept'), '%s, application/vnd.wap.mms-message' % SYNCML, 'Accept on the wire (R-SUB-2)')
    h.check_eq(sip_header(first, 'Expires'), '3600', 'Expires asked')
    h.check('<sip:alice@127.0.0.1>' in sip_header(first, 'From'), 'From is the AOR')

    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    ps.wait_ok(10, 'SUBSCRIBE, NOTIFYs, refresh, un-SUBSCRIBE')
    last = ps.received_requests('SUBSCRIBE')[-1]
    h.check_eq(sip_header(last, 'Expires'), '0', 'un-SUBSCRIBE on stop')
    h.check(not rx.all_events('rejected'), 'no rejected events')
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
