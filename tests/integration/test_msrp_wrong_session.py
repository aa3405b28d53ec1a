#!/usr/bin/env python3
"""R-MSRP-3, R-MSRP-1: routing by To-Path session id. Over one connection the sender
first pushes the offered file to the session of the a=path (200 per chunk, REPORT, file
event), then a second message to a session id the receiver never gave (same host and
port, mangled id): that SEND is answered 481 and nothing of it is stored."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'good.bin', 5000, seed=31)
    stray = mp.make_file(h, 'stray.bin', 3000, seed=32)
    fs = f.selector()
    plan = [{'file': f}, {'file': stray, 'wrong_session': True, 'chunk_size': 8192}]
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['application/octet-stream'], [], plan=plan,
                sender_args=['--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])
    res = p.result()
    good, bad = mp.message(res, 0), mp.message(res, 1)
    mp.check_all_200(h, good, 'the offered file')
    mp.check_success_report(h, good, 'the offered file')
    h.check(bad['to_path'] != good['to_path'], 'second message to another session id: %s' % bad['to_path'])
    h.check_eq(bad['statuses'], [481], 'SEND to an unknown session id: status')
    mp.check_no_success(h, bad, 'unknown session')
    ev = mp.wait_event(rx, 'file', 15, name=f.name)
    stored = mp.check_file_event(h, rx, ev, f)
    h.check_eq(len(rx.all_events('file')), 1, 'file events (the stray message is not one)')
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('sipp',))
