#!/usr/bin/env python3
"""Seed D.3 through Kamailio (tests/kamailio/kamailio.cfg with PUSH_SENDER defined).
The CLI registers with Kamailio and, after the 200 (R-SUB-1: subscribe after the initial
registration), SUBSCRIBEs to its own AOR through Kamailio (--proxy); Kamailio routes the
ua-profile SUBSCRIBE of the registered user to the Push Sender (SIPp, sub_uas.xml) as an
IMS filter criterion would. The Push Sender sees the Request-URI = the AOR (no
--subscribe-uri) and the Event with the ARI list; its empty NOTIFY makes the subscription
active and its SyncML NOTIFY reaches push.syncml. The refresh and the un-SUBSCRIBE follow
the Record-Route through Kamailio."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, sip_header, sip_body

SYNCML = 'application/vnd.syncml.ds.notification'


def test(h):
    ps = h.sipp_uas('sub_uas.xml', keys={'expires': '4', 'body': 'SyncML DS notification via the core'})
    kam = h.kamailio(defines={'PUSH_SENDER': '"sip:127.0.0.1:%d"' % ps.port})
    rx = h.receiver(['--aor', AOR, '--registrar', kam.uri, '--proxy', kam.uri, '--subscribe',
                     '--app', 'mms.ua', '--app', 'push.syncml', '--inbox', 'inbox'])
    rx.wait_ready()
    reg = rx.wait_event('registered', 10)
    sub = rx.wait_event('subscribed', 10)
    h.check_eq(sub, {'event': 'subscribed', 'status': 200}, 'subscribed through Kamailio')
    h.check(rx.event_time(sub) > rx.event_time(reg), 'subscribed after registering (R-SUB-1)')
    push = rx.wait_event('push', 5)
    h.check_eq(push.get('method'), 'NOTIFY', 'push.method')
    h.check_eq(push.get('ari'), 'push.syncml', 'push.ari')
    sent = [raw for d, _, raw in ps.messages() if d == 'sent' and raw.startswith(b'NOTIFY ')]
    with open(rx.path_of(push), 'rb') as f:
        h.check(f.read() == sip_body(sent[-1]), 'stored NOTIFY body is byte-exact')

    first = ps.received_requests('SUBSCRIBE')[0]
    h.check(first.startswith(b'SUBSCRIBE sip:alice@127.0.0.1 '), 'Request-URI is the AOR (seed 9.2.1.1)')
    h.check_eq(sip_header(first, 'Event'), 'ua-profile;profile-type=oma-app;event-app-id="mms.ua,push.syncml"',
               'Event at the Push Sender')
    h.check('Record-Route' in first.decode('utf-8', 'replace'), 'the SUBSCRIBE came through Kamailio')
    h.check('relaying SUBSCRIBE ua-profile for alice to the push sender' in kam.stderr_text(),
            'Kamailio routed it by the filter criterion')

    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and len(ps.received_requests('SUBSCRIBE')) < 2:
        time.sleep(0.1)
    subs = ps.received_requests('SUBSCRIBE')
    h.check(len(subs) >= 2, 'refresh reached the Push Sender through Kamailio (%d SUBSCRIBEs)' % len(subs))
    h.check_eq(sip_header(subs[1], 'Call-ID'), sip_header(first, 'Call-ID'), 'refresh in the same dialog')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    ps.wait_ok(10, 'SUBSCRIBE, NOTIFYs, refresh, un-SUBSCRIBE through Kamailio')
    h.check_eq(sip_header(ps.received_requests('SUBSCRIBE')[-1], 'Expires'), '0', 'un-SUBSCRIBE on stop')
    rx.check_stdout_clean()


peers.main(test)
