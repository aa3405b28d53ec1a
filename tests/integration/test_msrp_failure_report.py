#!/usr/bin/env python3
"""R-MSRP-1: 200 per chunk "unless Failure-Report: no" (RFC 4975 7.1.2). Two files over
one connection, Success-Report: yes on both: the first with Failure-Report: no (no
response at all to its chunks), the second with Failure-Report: partial (only negative
responses: none here). Both still get their REPORT 000 200 OK and are delivered. The
checks are deterministic: responses to chunks would arrive on the connection before the
REPORT that follows the last chunk."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f1 = mp.make_file(h, 'quiet.bin', 9000, seed=151)
    f2 = mp.make_file(h, 'partial.bin', 7000, seed=152)
    fs = [f1.selector(), f2.selector()]
    plan = [{'file': f1, 'failure_report': 'no'}, {'file': f2, 'failure_report': 'partial'}]
    p = mp.Push(h, rx, 'invite_msrp_2files.xml', fs, ['application/octet-stream'] * 2, [], plan=plan,
                sender_args=['--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, fs, [True, True])
    res = p.result()
    stored = []
    for i, (f, fr) in enumerate(((f1, 'no'), (f2, 'partial'))):
        m = mp.message(res, i)
        h.check(all(s is None for s in m['statuses']),
                '%s (Failure-Report: %s): no response to any of its %d chunks (got %s)'
                % (f.name, fr, len(m['statuses']), mp.summarize(m['statuses'])))
        mp.check_success_report(h, m, f.name)
        ev = mp.wait_event(rx, 'file', 15, name=f.name)
        stored.append(mp.check_file_event(h, rx, ev, f))
    h.check(not [r for r in res['responses'] if not r['matched']], 'no stray responses: %s' % res['responses'])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, stored)


peers.main(test, peers=('sipp',))
