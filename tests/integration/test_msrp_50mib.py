#!/usr/bin/env python3
"""A 50 MiB file in 64 KiB chunks (R-MSRP-1, R-MSRP-2, R-DSP-2): 800 pipelined SEND
chunks on one connection, each answered 200; one REPORT 000 200 OK with Byte-Range
1-52428800/52428800; the file event's size and sha-1 match (hash in the RFC 5547 colon
form), the stored file is byte-exact, nothing else is left in the inbox. The receiver's
peak RSS is logged (the benchmark, not this test, holds the memory target). With
SIPPUSH_TEST_SMALL_FILES=1 (the valgrind run) the file is 2 MiB, the rest unchanged."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp

# SIPPUSH_TEST_SMALL_FILES=1 (the valgrind run): 2 MiB, still 64 KiB chunks, pipelined.
SIZE = (2 if os.environ.get('SIPPUSH_TEST_SMALL_FILES') == '1' else 50) * 1024 * 1024
CHUNK = 64 * 1024


def vm_hwm(pid):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        return None


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'big.bin', SIZE, 'application/octet-stream', seed=50)
    fs = f.selector(hash_form='colon')
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['application/octet-stream'], [f], timeout=240,
                sender_wait=180, sender_args=['--chunk-size', str(CHUNK), '--success-report', 'yes'])
    p.wait_ok('%d MiB in 64 KiB chunks: INVITE, transfer, BYE' % (SIZE >> 20))
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])
    res = p.result()
    m = mp.message(res, 0)
    h.check_eq(len(m['chunks']), SIZE // CHUNK, 'SEND chunks of 64 KiB')
    mp.check_all_200(h, m, '%d MiB' % (SIZE >> 20))
    mp.check_success_report(h, m, '%d MiB' % (SIZE >> 20))
    ev = mp.wait_event(rx, 'file', 60, name=f.name)
    stored = mp.check_file_event(h, rx, ev, f, hash_ok=True)
    peers.log('  receiver peak RSS (VmHWM) after %d MiB: %s' % (SIZE >> 20, vm_hwm(rx.pid)))
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('sipp',))
