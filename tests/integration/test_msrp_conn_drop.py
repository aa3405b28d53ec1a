#!/usr/bin/env python3
"""R-MSRP-6: the TCP connection drops mid-transfer. The sender pushes a 1 MiB file in
64 KiB chunks and closes the connection after 300000 bytes (inside a chunk); the SIP
session stays up (the BYE waits until the test has seen the outcome). The receiver
must give the host a transfer_failed event for the file, never a file event, and leave
nothing on disk: no temp dot-file, no partial file."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'cut-short.bin', 1024 * 1024, seed=101)
    fs = f.selector()
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['application/octet-stream'], [f], notify=False,
                sender_args=['--chunk-size', '65536', '--success-report', 'yes', '--drop-after', '300000'])
    ev = mp.wait_event(rx, 'transfer_failed', 30, name=f.name)
    h.check(isinstance(ev.get('reason'), str) and ev['reason'],
            'transfer_failed after the connection loss, with a reason: %r' % ev.get('reason'))
    res = p.result()
    h.check(res['dropped'] and res['bytes_sent'] == 300000, 'the sender dropped the connection after 300000 bytes')
    m = mp.message(res, 0)
    mp.check_no_success(h, m, 'dropped transfer')
    p.send_info()                     # now the BYE
    p.wait_ok('INVITE, 200, ACK, dropped transfer, BYE')
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])
    mp.check_no_file(h, rx, [f.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
