#!/usr/bin/env python3
"""--exit-after N: the CLI exits 0 by itself after N deliveries, each answered 200
(SIPp sends 3 MESSAGEs, all must get 200), and the inbox then holds exactly the 3
delivered files, byte-exact, directly in inbox/mms.ua/, with no dot-files."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--exit-after', '3', '--inbox', 'inbox'])
    rx.wait_ready()
    _, bodies = h.push(rx.port, ari='mms.ua', calls=3, rate=20, body='one of three',
                       what='3 MESSAGEs all answered 200')
    rc = rx.wait_exit(10, 'after 3 deliveries with --exit-after 3')
    h.check_eq(rc, 0, 'exit code after --exit-after 3')
    evs = rx.all_events('push')
    h.check_eq(len(evs), 3, 'push events')
    files = [h.check_push(rx, ev, 'mms.ua', body) for ev, body in zip(evs, bodies)]
    h.check_eq(len(set(files)), 3, 'three distinct file names')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), files)
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
