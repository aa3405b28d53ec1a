#!/usr/bin/env python3
"""R-DSP-3: file names from the network never escape the app's folder. Two files in one
INVITE named "../../escape.txt" and an absolute path inside the test's directory
("<tmp>/abs-escape.txt"); both are delivered, each file event carries the offered name
as it was, and each stored file sits directly in INBOX/mms.ua/ under a name with no '/',
not '..', not a dot-file, no control characters; the two stored names differ (a clash
gets a unique name); nothing is written outside the inbox."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import re
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    abs_name = os.path.join(h.tmp, 'abs-escape.txt')
    f1 = mp.make_file(h, '../../escape.txt', 2000, 'text/plain', seed=111, fname='one.txt')
    f2 = mp.make_file(h, abs_name, 2500, 'text/plain', seed=112, fname='two.txt')
    fs = [f1.selector(), f2.selector()]
    p = mp.Push(h, rx, 'invite_msrp_2files.xml', fs, ['text/plain'] * 2, [f1, f2],
                sender_args=['--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, fs, [True, True])
    res = p.result()
    stored = []
    for i, f in enumerate((f1, f2)):
        m = mp.message(res, i)
        mp.check_all_200(h, m, f.name)
        mp.check_success_report(h, m, f.name)
        ev = mp.wait_event(rx, 'file', 15, name=f.name)
        path = mp.check_file_event(h, rx, ev, f)
        base = os.path.basename(path)
        h.check(base not in ('', '.', '..') and '/' not in base and not re.search(r'[\x00-\x1f\x7f]', base),
                'stored name %r is a plain file name' % base)
        stored.append(path)
    h.check(stored[0] != stored[1], 'the two files got distinct stored names: %s' % stored)
    for leak in (os.path.join(h.tmp, 'escape.txt'), os.path.join(os.path.dirname(h.tmp), 'escape.txt'), abs_name):
        h.check(not os.path.exists(leak), 'nothing written outside the inbox at %s' % leak)
    mp.finish(h, rx)
    mp.check_inbox(h, rx, stored)


peers.main(test, peers=('sipp',))
