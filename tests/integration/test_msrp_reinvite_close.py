#!/usr/bin/env python3
"""R-MSRP-6, R-SEC-4 (issue 12, item 2): of two files offered in one INVITE, the second
never begins. At msrp-connect-timeout (3 s here) it ends with one transfer_failed naming
the deadline, and since the first file is still arriving, the receiver closes only the
second m= line: a re-INVITE whose offer keeps the first line and gives the second port 0,
which SIPp asserts and answers (invite_msrp_2files_reinvite.xml). The first file goes on
over the same session and is stored byte-exact; SIPp then ends the call with its BYE.
Nothing of the second file is stored."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h, extra=['--set', 'msrp-connect-timeout=3'])
    f1 = mp.make_file(h, 'slow.bin', 16000, 'application/octet-stream', seed=81)
    f2 = mp.make_file(h, 'never.bin', 20000, 'application/octet-stream', seed=82)
    started = time.monotonic()
    # 16 chunks, one a second: the first file is live well past the second's deadline.
    p = mp.Push(h, rx, 'invite_msrp_2files_reinvite.xml', [f1.selector(), f2.selector()],
                ['application/octet-stream'] * 2, [f1], timeout=90, name='reinvite',
                sender_args=['--chunk-size', '1000', '--delay', '1'])
    ev = mp.wait_event(rx, 'transfer_failed', 40, name=f2.name)
    h.check('msrp-connect-timeout' in (ev.get('reason') or ''),
            'transfer_failed names msrp-connect-timeout: %r' % ev.get('reason'))
    h.check(time.monotonic() - started <= 30, 'the second file given up after %.1f s'
            % (time.monotonic() - started))
    p.wait_ok('INVITE, 200, ACK; the receiver\'s re-INVITE closing the second line, 200, '
              'ACK; the first file; INFO, BYE, 200')
    ev1 = mp.wait_event(rx, 'file', 30, name=f1.name)
    stored = mp.check_file_event(h, rx, ev1, f1)
    res = p.result()
    h.check_eq(res['messages'][0]['statuses'], [200] * 16, 'every chunk of the first file answered 200')
    n = len([e for e in rx.all_events() if e.get('event') in ('transfer_failed', 'file')
             and e.get('name') == f2.name])
    h.check_eq(n, 1, 'events for the second file (exactly one outcome)')
    mp.check_no_file(h, rx, [f2.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('sipp',))
