#!/usr/bin/env python3
"""R-DSP-4: with --trusted-sender, a push whose P-Asserted-Identity is another URI gets
403 (and a rejected event with status 403, nothing stored); one whose P-Asserted-Identity
is on the list gets 200, even though its From is not (PAI wins over From), and the
sender reported is the PAI URI."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR

TRUSTED = 'sip:trusted@example.net'


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--trusted-sender', TRUSTED, '--inbox', 'inbox'])
    rx.wait_ready()

    h.push(rx.port, ari='mms.ua', pai='sip:intruder@example.org', scenario='message_uac_403.xml',
           what='PAI not on the allow-list answered 403')
    ev = rx.wait_event('rejected', 5)
    h.check_eq(ev.get('status'), 403, 'rejected.status')
    h.check_eq(ev.get('method'), 'MESSAGE', 'rejected.method')
    h.check(not rx.all_events('push'), 'no push event for the untrusted sender')

    _, bodies = h.push(rx.port, ari='mms.ua', pai=TRUSTED, body='from a trusted sender',
                       what='PAI on the allow-list (From is not) answered 200')
    ev = rx.wait_event('push', 5)
    f = h.check_push(rx, ev, 'mms.ua', bodies[0], sender=TRUSTED)
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), [f])
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
