#!/usr/bin/env python3
"""R-MSRP-1: out-of-order Byte-Ranges. Two files over one connection: the first in
reverse chunk order (last range first, '$' on the chunk 1-1000 sent last), the second
shuffled (seed 7). Each chunk 200; the receiver writes at the Byte-Range offsets and
completes when 1..N is covered and the final '$' is in: REPORT 000 200 OK 1-N/N, the
file event's sha-1 equals the file's, the stored bytes are exact."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f1 = mp.make_file(h, 'reversed.bin', 20500, seed=81)
    f2 = mp.make_file(h, 'shuffled.bin', 33333, seed=82)
    fs = [f1.selector(), f2.selector()]
    plan = [{'file': f1, 'order': 'reverse'}, {'file': f2, 'order': 'shuffle', 'seed': 7}]
    p = mp.Push(h, rx, 'invite_msrp_2files.xml', fs, ['application/octet-stream'] * 2, [], plan=plan,
                sender_args=['--chunk-size', '1000', '--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, fs, [True, True])
    res = p.result()
    stored = []
    for i, f in enumerate((f1, f2)):
        m = mp.message(res, i)
        starts = [c['start'] for c in m['chunks']]
        h.check(starts != sorted(starts), '%s: chunks sent out of order (%s...)' % (f.name, starts[:6]))
        mp.check_all_200(h, m, f.name)
        mp.check_success_report(h, m, f.name)
        ev = mp.wait_event(rx, 'file', 15, name=f.name)
        stored.append(mp.check_file_event(h, rx, ev, f))
    mp.finish(h, rx)
    mp.check_inbox(h, rx, stored)


peers.main(test, peers=('sipp',))
