#!/usr/bin/env python3
"""R-INV-6 and R-MSRP-6: a session the sender does not refresh expires. SIPp INVITEs with
Session-Expires: 90;refresher=uac and never refreshes; the MSRP sender trickles a 200 KB
file (1000-byte chunks every 0.5 s, so it cannot finish in time). The receiver must tear
the session down itself with a BYE before the 90 s are up (RFC 4028 §10: the
non-refresher sends it at expiry minus min(32 s, interval/3)), report transfer_failed for
the file, and keep nothing of it. Takes about 60 s."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'slow.bin', 200000, 'application/octet-stream', seed=90)
    started = time.monotonic()
    p = mp.Push(h, rx, 'invite_msrp_expiry.xml', [f.selector()], ['application/octet-stream'], [f],
                sender_args=['--chunk-size', '1000', '--delay', '0.5'], notify=False, timeout=150)
    ev = mp.wait_event(rx, 'transfer_failed', 110, name=f.name)
    elapsed = time.monotonic() - started
    h.check(45 <= elapsed <= 95, 'the session expired after %.0f s (Session-Expires 90, BYE at '
            'about 60 s)' % elapsed)
    h.check(ev.get('reason'), 'transfer_failed says why: %r' % ev.get('reason'))
    p.wait_ok('INVITE (Session-Expires 90), 200, ACK, no refresh, BYE from the receiver, 200')
    raw, secs = p.answer()
    se = mp.headers_all(raw, 'Session-Expires')
    h.check(se and se[0].startswith('90'), 'the 200 OK took the offered interval: %s' % se)
    mp.check_no_file(h, rx, [f.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
