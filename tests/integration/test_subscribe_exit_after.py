#!/usr/bin/env python3
"""--exit-after counts NOTIFY pushes too (issue 4 item 4): with --exit-after 1 the CLI
stores the SyncML NOTIFY of the SIPp Push Sender (sub_uas.xml), then stops by itself:
un-SUBSCRIBE (Expires: 0) and exit 0; the inbox holds exactly that file (R-NOT-1)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, sip_header


def test(h):
    ps = h.sipp_uas('sub_uas.xml', keys={'expires': '600', 'body': 'one SyncML notification'})
    rx = h.receiver(['--aor', AOR, '--subscribe', '--subscribe-uri', 'sip:pushsender@127.0.0.1:%d' % ps.port,
                     '--app', 'push.syncml', '--exit-after', '1', '--inbox', 'inbox'])
    rx.wait_ready()
    push = rx.wait_event('push', 10)
    h.check_eq(push.get('method'), 'NOTIFY', 'push.method')
    h.check_eq(rx.wait_exit(10, 'after one NOTIFY push'), 0, 'exit code after --exit-after 1')
    ps.wait_ok(10, 'SUBSCRIBE, NOTIFYs, un-SUBSCRIBE')
    h.check_eq(sip_header(ps.received_requests('SUBSCRIBE')[-1], 'Expires'), '0', 'un-SUBSCRIBE before exit')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), [rx.path_of(push)])
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
