#!/usr/bin/env python3
"""--accept-type (issue section 7): with --accept-type text/plain the application takes
only text/plain; a MESSAGE with another type is refused 415 (never 200) with a rejected
event carrying 415 and nothing stored, a text/plain one (with parameters) is stored."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--accept-type', 'text/plain', '--inbox', 'inbox'])
    rx.wait_ready()
    s, _ = h.push(rx.port, ari='mms.ua', ctype='application/octet-stream', scenario='message_uac_415.xml',
                  what='MESSAGE with a type the app does not take answered 415')
    resp = [raw for d, _, raw in s.messages() if d == 'received' and raw.startswith(b'SIP/2.0 415')]
    h.check(resp and peers.sip_header(resp[0], 'Accept') is not None,
            '415 carries an Accept header: %r' % (peers.sip_header(resp[0], 'Accept') if resp else None))
    ev = rx.wait_event('rejected', 5)
    h.check_eq(ev.get('status'), 415, 'rejected.status')
    h.check(not rx.all_events('push'), 'no push event for the refused type')

    _, bodies = h.push(rx.port, ari='mms.ua', ctype='text/plain;charset=UTF-8', body='plain text',
                       what='text/plain;charset=UTF-8 MESSAGE answered 200')
    ev = rx.wait_event('push', 5)
    f = h.check_push(rx, ev, 'mms.ua', bodies[0], content_type='text/plain;charset=UTF-8')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), [f])
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
