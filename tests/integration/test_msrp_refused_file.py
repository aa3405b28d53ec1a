#!/usr/bin/env python3
"""R-INV-4: per-file decision. The app takes image/jpeg only (--accept-type image/jpeg);
an INVITE offers photo.jpg (image/jpeg) and report.pdf (application/pdf). The answer is a
200 OK with the first m= line accepted and the second with port 0 (asserted by SIPp and
here); photo.jpg then goes through and is stored; report.pdf never shows up."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h, ['--accept-type', 'image/jpeg'])
    f1 = mp.make_file(h, 'photo.jpg', 9000, 'image/jpeg', seed=21)
    f2 = mp.make_file(h, 'report.pdf', 8000, 'application/pdf', seed=22)
    fs = [f1.selector(), f2.selector()]
    p = mp.Push(h, rx, 'invite_msrp_2files_refused.xml', fs, ['image/jpeg', 'application/pdf'], [f1],
                sender_args=['--success-report', 'yes'])
    p.wait_ok('two files offered, the second refused with port 0, the first pushed')
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, fs, [True, False])
    m = mp.message(p.result(), 0)
    mp.check_all_200(h, m, f1.name)
    mp.check_success_report(h, m, f1.name)
    ev = mp.wait_event(rx, 'file', 15, name=f1.name)
    stored = mp.check_file_event(h, rx, ev, f1)
    mp.check_no_file(h, rx, [f2.name])
    h.check(not [e for e in rx.all_events('transfer_failed') if e.get('name') == f2.name],
            'a refused file is not a failed transfer')
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('sipp',))
