#!/usr/bin/env python3
"""R-SEC-4 (issue 12): SIP connections over TCP are closed within their limits. With
idle-timeout=3 and sip-message-timeout=4: connections that never send a byte are closed
after 3 s (and before 3 + 2 s); connections that trickle one byte of a never-ending header
every 0.5 s (each byte would restart sofia's own timer) are closed after 4 s of message;
a MESSAGE over TCP on a connection of its own is still stored and answered 200 meanwhile,
and the closes are logged once, not per connection."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR
from governance_peers import connect_many, closed_by_peer, close_all


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--inbox', 'inbox',
                     '--set', 'idle-timeout=3', '--set', 'sip-message-timeout=4'])
    rx.wait_ready()
    t0 = time.monotonic()
    idle = connect_many(rx.port, 20)
    trickle = connect_many(rx.port, 10, b'MESSAGE sip:alice@127.0.0.1 SIP/2.0\r\nX-Slow: ')
    closed = {}
    while time.monotonic() - t0 < 9 and len(closed) < 30:
        for i, s in enumerate(idle + trickle):
            if i not in closed and closed_by_peer(s):
                closed[i] = time.monotonic() - t0
        for i, s in enumerate(trickle):
            if 20 + i not in closed:
                try:
                    s.send(b'x')
                except OSError:
                    pass
        time.sleep(0.5)
    idle_t = [closed.get(i) for i in range(20)]
    slow_t = [closed.get(20 + i) for i in range(10)]
    h.check(all(t is not None and 3 <= t <= 5.5 for t in idle_t),
            'the 20 silent connections were closed between 3 s and 5.5 s: %s'
            % ['%.1f' % t if t else None for t in idle_t])
    h.check(all(t is not None and 4 <= t <= 6.5 for t in slow_t),
            'the 10 trickling connections were closed between 4 s and 6.5 s: %s'
            % ['%.1f' % t if t else None for t in slow_t])
    close_all(idle + trickle)

    s, bodies = h.push(rx.port, ari='mms.ua', transport='t1', body='still served',
                       what='MESSAGE over TCP answered 200 after the closes')
    ev = rx.wait_event('push', 5)
    h.check_push(rx, ev, 'mms.ua', bodies[0])
    err = rx.stderr_text()
    h.check_eq(err.count('closed: idle'), 1, 'idle closes logged once')
    h.check_eq(err.count('closed: message not complete in time'), 1, 'slow-message closes logged once')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')


peers.main(test, peers=('sipp',))
