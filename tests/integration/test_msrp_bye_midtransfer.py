#!/usr/bin/env python3
"""R-MSRP-6: BYE mid-transfer. The sender pushes a file slowly (20 chunks of 2 KiB, 0.25 s
apart: about 5 s); once the receiver has answered the first chunk 200 (the transfer has
begun: the sender's --progress file says so), the test lets SIPp send the BYE. The
session ends with the file incomplete: the host gets a transfer_failed event for it,
never a file event, and nothing is left on disk (no temp dot-file, no partial file)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'slow.bin', 20 * 2048, seed=141)
    fs = f.selector()
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['application/octet-stream'], [f], notify=False,
                sender_wait=10, sender_args=['--chunk-size', '2048', '--delay', '0.25', '--success-report', 'yes'],
                progress=True)
    # Not before the first chunk's 200: a BYE that overtook the first SEND would end a
    # session whose transfer never began (no transfer_failed to expect).
    acked = p.wait_sender_progress(1)
    peers.log('  before the BYE: %d of 20 chunks answered 200 (%d bytes)' % (acked[-1]['chunks'], acked[-1]['acked']))
    p.send_info()                     # the BYE goes out while the sender still has ~4.75 s to go
    p.wait_ok('INVITE, 200, ACK, BYE in the middle of the transfer')
    ev = mp.wait_event(rx, 'transfer_failed', 15, name=f.name)
    h.check(isinstance(ev.get('reason'), str) and ev['reason'],
            'transfer_failed after the BYE, with a reason: %r' % ev.get('reason'))
    res = p.result()
    m = mp.message(res, 0)
    h.check(len(m['chunks']) < 20 or any(s != 200 for s in m['statuses']),
            'the transfer was cut short by the BYE (%d chunks sent, statuses %s)'
            % (len(m['chunks']), mp.summarize(m['statuses'])))
    mp.check_no_success(h, m, 'transfer ended by BYE')
    mp.check_no_file(h, rx, [f.name])
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
