#!/usr/bin/env python3
"""R-MSRP-1: interrupted chunks (RFC 4975 7.1). Two files over one connection:
  file 1: the first chunk is announced 1-*/N and cut with '+' after 1500 bytes; the rest
          follows from byte 1501 (4 KiB chunks);
  file 2: a chunk announced with its planned end (4097-8192/N) is cut with '+' after
          byte 5000; the next chunk starts at 5001.
Every chunk is answered 200, each file gets its REPORT 000 200 OK 1-N/N and a file event
with the right sha-1."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f1 = mp.make_file(h, 'first.bin', 10000, seed=61)
    f2 = mp.make_file(h, 'second.bin', 12000, seed=62)
    fs = [f1.selector(), f2.selector()]
    plan = [{'file': f1, 'interrupt': 1500},
            {'file': f2, 'interrupt': 5000, 'interrupt_range': 'declared'}]
    p = mp.Push(h, rx, 'invite_msrp_2files.xml', fs, ['application/octet-stream'] * 2, [], plan=plan,
                sender_args=['--chunk-size', '4096', '--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, fs, [True, True])
    res = p.result()
    m1, m2 = mp.message(res, 0), mp.message(res, 1)
    h.check_eq([(c['byte_range'], c['body_bytes'], c['flag']) for c in m1['chunks'][:2]],
               [('1-*/10000', 1500, '+'), ('1501-4096/10000', 2596, '+')], 'file 1: interrupted chunk, then the rest')
    h.check_eq([(c['byte_range'], c['body_bytes'], c['flag']) for c in m2['chunks'][1:3]],
               [('4097-8192/12000', 904, '+'), ('5001-8192/12000', 3192, '+')], 'file 2: interrupted chunk, then the rest')
    stored = []
    for m, f in ((m1, f1), (m2, f2)):
        mp.check_all_200(h, m, f.name)
        mp.check_success_report(h, m, f.name)
        ev = mp.wait_event(rx, 'file', 15, name=f.name)
        stored.append(mp.check_file_event(h, rx, ev, f))
    mp.finish(h, rx)
    mp.check_inbox(h, rx, stored)


peers.main(test, peers=('sipp',))
