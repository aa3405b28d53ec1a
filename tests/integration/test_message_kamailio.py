#!/usr/bin/env python3
"""R-MSG-1, R-DSP-1: the CLI registers with Kamailio (tests/kamailio/kamailio.cfg);
SIPp sends MESSAGEs to Kamailio with Accept-Contact: *;+g.oma.pusheventappp="<ari>";
Kamailio routes them (lookup location) to the CLI, which stores each body in the right
application's folder and answers 200 (which Kamailio relays back to SIPp). Checks the
JSON push event (method, ari, content_type, size, sender = bare URI, path) and that the
stored file holds exactly the SIP body; then the inbox holds exactly those files."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, SENDER


def test(h):
    kam = h.kamailio()
    rx = h.receiver(['--aor', AOR, '--registrar', kam.uri, '--app', 'mms.ua', '--app', 'push.syncml',
                     '--inbox', 'inbox'])
    rx.wait_ready()
    ev = rx.wait_event('registered', 10)
    h.check_eq(ev.get('status'), 200, 'registered with Kamailio: status')
    h.check_eq(ev.get('expires'), 3600, 'registered with Kamailio: expires granted')

    files = []
    for ari, ctype, text in (('mms.ua', 'application/vnd.wap.mms-message', 'MMS notification for alice'),
                             ('push.syncml', 'application/vnd.syncml.notification', 'SyncML server alert')):
        s, bodies = h.push(kam.port, ari=ari, ctype=ctype, body=text,
                           what='MESSAGE for %s through Kamailio answered 200' % ari)
        ev = rx.wait_event('push', 5)
        files.append(h.check_push(rx, ev, ari, bodies[0], content_type=ctype, sender=SENDER))
        # SIPp only talks to Kamailio; Kamailio logged where lookup("location") sent it
        h.check(('relaying MESSAGE to sip:alice@127.0.0.1:%d' % rx.port) in kam.stderr_text(),
                'Kamailio relayed the MESSAGE to the registered contact (port %d)' % rx.port)

    h.check_eq(len(rx.all_events('push')), 2, 'push events in all')
    h.check(not rx.all_events('rejected'), 'no rejected events')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), files)
    rx.check_stdout_clean()


peers.main(test)
