#!/usr/bin/env python3
"""R-MSG-3: a MESSAGE for an ARI no application serves gets 480 (never 200), routed
through Kamailio, and the CLI emits {"event":"rejected","method":"MESSAGE","status":480}
with no push event and no file in the inbox. A later MESSAGE for a served ARI still
works (the rejection does not disturb the receiver)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    kam = h.kamailio()
    rx = h.receiver(['--aor', AOR, '--registrar', kam.uri, '--app', 'mms.ua', '--inbox', 'inbox'])
    rx.wait_ready()
    h.check_eq(rx.wait_event('registered', 10).get('status'), 200, 'registered with Kamailio')

    s, _ = h.push(kam.port, ari='com.example.nobody', scenario='message_uac_480.xml',
                  what='MESSAGE for an unserved ARI answered 480 through Kamailio')
    ev = rx.wait_event('rejected', 5)
    h.check_eq(ev.get('method'), 'MESSAGE', 'rejected.method')
    h.check_eq(ev.get('status'), 480, 'rejected.status (the code sent on the wire)')
    h.check(isinstance(ev.get('reason'), str), 'rejected.reason is a string: %r' % ev.get('reason'))
    h.check(not rx.all_events('push'), 'no push event for the unserved ARI')
    got = [raw for d, _, raw in s.messages() if d == 'received' and raw.startswith(b'SIP/2.0 ')]
    h.check(all(not r.startswith(b'SIP/2.0 2') for r in got), 'SIPp never got a 2xx: %s'
            % [r.split(b'\r\n')[0].decode() for r in got])

    # the receiver still serves its own app afterwards
    s2, bodies = h.push(kam.port, ari='mms.ua', body='after the rejection',
                        what='MESSAGE for mms.ua still answered 200')
    ev = rx.wait_event('push', 5)
    f = h.check_push(rx, ev, 'mms.ua', bodies[0])
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), [f])
    rx.check_stdout_clean()


peers.main(test)
