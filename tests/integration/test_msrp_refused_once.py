#!/usr/bin/env python3
"""R-MSRP-8, R-MSRP-3: one outcome per transfer. --max-size 1000, an offer without a size
(accepted), then a 6000-byte message sent by the independent sender in six 1000-byte
chunks, pipelined: every chunk is refused 413 (none 200: the first refusal ends the
message), the sender gets exactly one failure REPORT (Failure-Report: yes by default), the
host exactly one transfer_failed event for the file, and nothing is stored."""
import os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    rx = mp.msrp_receiver(h, ['--max-size', '1000'])
    f = mp.make_file(h, 'refused.bin', 6000, seed=81)
    fs = f.selector(size=False)
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['application/octet-stream'], [f],
                sender_args=['--chunk-size', '1000', '--success-report', 'yes', '--linger', '1'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True], max_size=1000)
    m = mp.message(p.result(), 0)
    h.check_eq(len(m['chunks']), 6, 'six chunks sent')
    h.check_eq(m['statuses'], [413] * 6, 'every chunk of the refused message: 413, never 200')
    failures = [r for r in m['reports'] if re.match(r'^000 413( |$)', r['status'] or '')]
    h.check(len(failures) == 1 and len(m['reports']) == 1,
            'exactly one REPORT, a failure 000 413 (got %s)' % m['reports'])
    ev = mp.wait_event(rx, 'transfer_failed', 15, name=f.name)
    h.check(ev.get('reason'), 'transfer_failed has a reason: %r' % ev.get('reason'))
    mp.check_no_file(h, rx, [f.name])
    mp.finish(h, rx)
    tf = [e for e in rx.all_events('transfer_failed') if e.get('name') == f.name]
    h.check_eq(len(tf), 1, 'transfer_failed events for the refused file, up to exit')
    mp.check_inbox(h, rx, [])


peers.main(test, peers=('sipp',))
