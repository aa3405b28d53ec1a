#!/usr/bin/env python3
"""R-SUB-3: a Push Sender that answers the SUBSCRIBE 489 Bad Event. The CLI reports
{"event":"subscription_failed","status":489} and does not retry (489 is not a failure a
retry can mend): SIPp sees exactly one SUBSCRIBE while the receiver keeps running."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    ps = h.sipp_uas('sub_uas_489.xml')
    rx = h.receiver(['--aor', AOR, '--subscribe', '--subscribe-uri', 'sip:pushsender@127.0.0.1:%d' % ps.port,
                     '--app', 'mms.ua'])
    rx.wait_ready()
    ev = rx.wait_event('subscription_failed', 10)
    h.check_eq(ev, {'event': 'subscription_failed', 'status': 489}, 'subscription_failed event')
    ps.wait_ok(10, 'SUBSCRIBE answered 489')
    time.sleep(2)  # nothing may follow; a retry would be armed before the event was printed
    h.check_eq(len(ps.received_requests('SUBSCRIBE')), 1, 'SUBSCRIBEs sent (no retry after 489)')
    h.check(rx.running(), 'receiver still running')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
