#!/usr/bin/env python3
"""Two files in one INVITE (R-INV-4, R-MSRP-1): two m= lines, each accepted with its own
a=path (distinct session ids, same MSRP listener); the sender pushes both over ONE TCP
connection, their chunks alternating (--interleave: file 1 chunk, file 2 chunk, ...) so
that only the To-Path session id tells them apart; each chunk 200, one REPORT per file; two file events, two files
stored under INBOX/mms.ua/."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f1 = mp.make_file(h, 'photo.jpg', 30000, 'image/jpeg', seed=11)
    f2 = mp.make_file(h, 'notes.txt', 7000, 'text/plain', seed=12)
    fs = [f1.selector(), f2.selector(hash_form='lower')]
    p = mp.Push(h, rx, 'invite_msrp_2files.xml', fs, ['image/jpeg', 'text/plain'], [f1, f2],
                sender_args=['--chunk-size', '4096', '--interleave', '--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    sessions = mp.check_answer(h, rx, raw, secs, fs, [True, True])
    res = p.result()
    m1, m2 = mp.message(res, 0), mp.message(res, 1)
    h.check(res['connected'] and res['peer'] == '127.0.0.1:%d' % rx.msrp_port,
            'one TCP connection to the MSRP listener carried both files (%s)' % res['peer'])
    h.check(m1['to_path'].split('/')[3].split(';')[0] == sessions[0]
            and m2['to_path'].split('/')[3].split(';')[0] == sessions[1],
            'file 1 went to session 1, file 2 to session 2')
    h.check(m2['chunks'][0]['t'] <= m1['chunks'][-1]['t'],
            'the chunks of the two files alternated on the connection')
    for m, f in ((m1, f1), (m2, f2)):
        mp.check_all_200(h, m, f.name)
        mp.check_success_report(h, m, f.name)
    stored = []
    for f in (f1, f2):
        ev = mp.wait_event(rx, 'file', 15, name=f.name)
        stored.append(mp.check_file_event(h, rx, ev, f))
    mp.finish(h, rx)
    mp.check_inbox(h, rx, stored)


peers.main(test, peers=('sipp',))
