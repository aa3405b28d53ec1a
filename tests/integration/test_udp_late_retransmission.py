#!/usr/bin/env python3
"""R-MSG-1, R-SEC-1 (issue 12): under load sofia keeps a server transaction only
sip-transaction-lifetime (2 s) after its response (sip/overload.c, so that a UDP flood
cannot fill the memory), but a UDP sender that lost the 200 retransmits for 32 s. Such a
late copy of an acknowledged MESSAGE is answered 200 again and not delivered a second time
(sip/repeats.c). A new MESSAGE (new branch and CSeq) with the same body is still a new push.
Without the check the late copy was stored twice."""
import os, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, SENDER
import sip_peer


def message(rx_port, peer_port, n, body):
    return ('MESSAGE sip:alice@127.0.0.1:%d SIP/2.0\r\n'
            'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-late-%d\r\n'
            'Max-Forwards: 70\r\n'
            'From: <%s>;tag=late%d\r\nTo: <%s>\r\nCall-ID: late-%d@127.0.0.1\r\n'
            'CSeq: %d MESSAGE\r\n'
            'Accept-Contact: *;+g.oma.pusheventappp="mms.ua"\r\n'
            'Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s'
            % (rx_port, peer_port, n, SENDER, n, AOR, n, n, len(body), body))


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--inbox', 'inbox', '--verbose'])
    rx.wait_ready()
    peer = sip_peer.Peer(h, 'sender', h.ports(1)[0])
    # Load: 150 pushes within a second put sofia on the short transaction lifetime.
    for n in range(1, 151):
        peer.send(message(rx.port, peer.port, n, 'load %d' % n), rx.port)
    for n in range(150):
        peer.wait(lambda m: m.status == 200, 'a 200 for the load', timeout=30)
    h.check('SIP load high' in rx.stderr_text(), 'the receiver switched to the short lifetime')

    watched = message(rx.port, peer.port, 1000, 'acknowledged once')
    peer.send(watched, rx.port)
    first = peer.wait(lambda m: m.status and m.header('call-id') == 'late-1000@127.0.0.1',
                      'the 200 for the watched MESSAGE', timeout=15)
    h.check_eq(first.status, 200, 'the watched MESSAGE answered')
    # The sender "lost" that 200 and retransmits after the transaction is gone (2 s).
    time.sleep(3.5)
    peer.send(watched, rx.port)
    again = peer.wait(lambda m: m.status and m.header('call-id') == 'late-1000@127.0.0.1',
                      'a final response to the late retransmission', timeout=15)
    h.check_eq(again.status, 200, 'the late retransmission is acknowledged again')
    # A new transaction with the same content is a new push.
    peer.send(message(rx.port, peer.port, 1001, 'acknowledged once'), rx.port)
    peer.wait(lambda m: m.status == 200 and m.header('call-id') == 'late-1001@127.0.0.1',
              'the 200 for a new MESSAGE with the same body', timeout=15)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(rx.all_events('push')) < 152:
        time.sleep(0.2)
    time.sleep(1)  # a second delivery of the watched push would show by now
    pushes = [ev for ev in rx.all_events('push') if ev.get('size') == len('acknowledged once')]
    h.check_eq(len(pushes), 2, 'pushes of that body: the watched one once, and the new one')
    h.check_eq(len(rx.all_events('push')), 152, 'every push delivered exactly once')
    peer.close()
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')


peers.main(test)
