#!/usr/bin/env python3
"""R-MSRP-3: a SEND whose Content-Type the session did not negotiate is refused 415.
The app takes image/jpeg (--accept-type image/jpeg), the offer and the answer say
image/jpeg; the sender then sends the content as text/html in one chunk: 415, no
success REPORT, no file event, nothing stored."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h, ['--accept-type', 'image/jpeg'])
    f = mp.make_file(h, 'picture.jpg', 3000, 'image/jpeg', seed=41)
    fs = f.selector()
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['image/jpeg'], [f],
                sender_args=['--content-type', 'text/html', '--chunk-size', '8192', '--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])
    m = mp.message(p.result(), 0)
    h.check_eq(m['content_type'], 'text/html', 'the SEND Content-Type as sent')
    h.check_eq(m['statuses'], [415], 'SEND with an unsupported Content-Type: status')
    mp.check_no_success(h, m, 'unsupported type')
    mp.check_no_file(h, rx, [f.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
