#!/usr/bin/env python3
"""R-MSRP-5: the file-selector's sha-1 does not match the content. The transfer itself
is fine (every chunk 200), but the receiver must not report it as good: a failure REPORT
(Status 000 4xx) instead of the success REPORT, a transfer_failed event naming the
mismatch, no file event, no file and no temp file left."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hashlib
import re
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'tampered.bin', 9000, seed=91)
    wrong = hashlib.sha1(b'not the content').hexdigest()
    fs = f.selector(hash_hex=wrong)
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['application/octet-stream'], [f],
                sender_args=['--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])
    m = mp.message(p.result(), 0)
    mp.check_no_success(h, m, 'hash mismatch')
    fails = [r for r in m['reports'] if re.match(r'^000 4\d\d', r['status'] or '')]
    h.check(len(fails) == 1, 'one failure REPORT with Status 000 4xx (got %s)' % m['reports'])
    ev = mp.wait_event(rx, 'transfer_failed', 15, name=f.name)
    h.check(re.search(r'(?i)hash|sha', str(ev.get('reason'))) is not None,
            'transfer_failed names the hash mismatch: %r' % ev.get('reason'))
    mp.check_no_file(h, rx, [f.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
