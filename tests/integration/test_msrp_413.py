#!/usr/bin/env python3
"""R-MSRP-3, R-SEC-2, issue 5 item 5: --max-size 1000 is advertised as a=max-size:1000 and
enforced. The offer names no size (RFC 5547 makes it optional), so the session is
accepted; the SEND's Byte-Range announces 4092 bytes: 413, no success REPORT, no file
event, no temp file left."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h, ['--max-size', '1000'])
    f = mp.make_file(h, 'too-big.bin', 4092, seed=51)
    fs = f.selector(size=False)
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['application/octet-stream'], [f],
                sender_args=['--chunk-size', '8192', '--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True], max_size=1000)
    m = mp.message(p.result(), 0)
    h.check_eq(m['total'], 4092, 'MSRP message size announced in Byte-Range')
    h.check_eq(m['statuses'], [413], 'SEND over max-size: status')
    mp.check_no_success(h, m, 'over max-size')
    mp.check_no_file(h, rx, [f.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
