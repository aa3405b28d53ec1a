#!/usr/bin/env python3
"""R-MSG-1 over TCP: the receiver listens on UDP and TCP on one port; SIPp (-t t1)
sends a MESSAGE over TCP, gets 200 on the same connection, and the body is stored
byte-exact under mms.ua."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--inbox', 'inbox'])
    rx.wait_ready()
    s, bodies = h.push(rx.port, ari='mms.ua', transport='t1', ctype='application/vnd.wap.mms-message',
                       body='MMS over TCP', what='MESSAGE over TCP answered 200')
    h.check(all(t == 'TCP' for _, t, _ in s.messages()), 'every SIPp message went over TCP')
    ev = rx.wait_event('push', 5)
    f = h.check_push(rx, ev, 'mms.ua', bodies[0], content_type='application/vnd.wap.mms-message')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), [f])
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
