#!/usr/bin/env python3
"""R-INV-1: an MSRP offer whose accept-types the application does not take (the CLI's
--accept-type image/jpeg; the offer: text/html) is answered 488, never 200, with a
rejected event {"method":"INVITE","status":488}; no MSRP session, nothing stored."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h, ['--accept-type', 'image/jpeg'])
    f = mp.make_file(h, 'page.html', 500, 'text/html', seed=3)
    s = h.sipp('invite_msrp_488.xml', remote='127.0.0.1:%d' % rx.port,
               keys={'ac': mp.AC, 'pai': peers.SENDER, 'accept_types': 'text/html', 'fs': f.selector()})
    s.wait_ok(20, 'INVITE with accept-types text/html answered 488 and ACKed')
    h.check(not [raw for d, _, raw in s.messages() if d == 'received' and raw.startswith(b'SIP/2.0 200')],
            'no 200 OK to the INVITE')
    ev = rx.wait_event('rejected', 10, method='INVITE')
    h.check_eq(ev.get('status'), 488, 'rejected.status')
    mp.check_no_file(h, rx, [f.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
