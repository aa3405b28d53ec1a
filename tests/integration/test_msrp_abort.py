#!/usr/bin/env python3
"""R-MSRP-1, R-MSRP-6: an aborted message (RFC 4975 '#' end-line). Two files over one
connection: the first is aborted after 3000 of its 10000 bytes (2048 bytes ending '+',
952 bytes ending '#'); the second is sent whole. The aborted file is never delivered and
nothing of it stays on disk (no temp dot-file, no partial file); the host gets a
transfer_failed event for it; the second file (same connection, after the abort) goes
through: the abort did not break the connection or the other session."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f1 = mp.make_file(h, 'aborted.bin', 10000, seed=71)
    f2 = mp.make_file(h, 'complete.bin', 6000, seed=72)
    fs = [f1.selector(), f2.selector()]
    plan = [{'file': f1, 'abort_after': 3000}, {'file': f2}]
    p = mp.Push(h, rx, 'invite_msrp_2files.xml', fs, ['application/octet-stream'] * 2, [], plan=plan,
                sender_wait=15, sender_args=['--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, fs, [True, True])
    res = p.result()
    m1, m2 = mp.message(res, 0), mp.message(res, 1)
    h.check(m1['aborted'] and [c['flag'] for c in m1['chunks']] == ['+', '#'],
            "file 1 sent as 2048 bytes '+' then 952 bytes '#': %s" % [c['flag'] for c in m1['chunks']])
    h.check_eq(m1['statuses'][0], 200, 'file 1: the chunk before the abort')
    peers.log('  response to the aborted chunk: %s' % m1['statuses'][1])
    mp.check_no_success(h, m1, 'aborted file')
    mp.check_all_200(h, m2, f2.name)
    mp.check_success_report(h, m2, f2.name)
    ev = mp.wait_event(rx, 'file', 15, name=f2.name)
    stored = mp.check_file_event(h, rx, ev, f2)
    tf = [e for e in rx.all_events('transfer_failed') if e.get('name') == f1.name]
    if not tf:
        tf = [mp.wait_event(rx, 'transfer_failed', 10, name=f1.name)]
    h.check(isinstance(tf[0].get('reason'), str) and tf[0]['reason'],
            'transfer_failed for the aborted file with a reason: %r' % tf[0].get('reason'))
    mp.check_no_file(h, rx, [f1.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('sipp',))
