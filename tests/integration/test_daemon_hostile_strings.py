#!/usr/bin/env python3
"""sippushd: what comes from the wire reaches D-Bus as valid strings (issue 14 item 3,
R-SEC-1). A MESSAGE whose From and Content-Type hold bytes that are not UTF-8 (a D-Bus
string must be UTF-8: GVariant refuses the value, and the daemon must not go down with it)
is delivered with those bytes replaced, answered 200 after the agent's reply, and the daemon
keeps serving."""
import os, socket, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import daemon_peers as dp
from peers import AOR


def message(port, via_port, seq, sender, ctype, body=b'hostile bytes'):
    sender, ctype = sender.replace(b'%', b'%%'), ctype.replace(b'%', b'%%')
    return (b'MESSAGE sip:alice@127.0.0.1:%d SIP/2.0\r\n'
            b'Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK-hs%d\r\n'
            b'Max-Forwards: 70\r\n'
            b'From: <' + sender + b'>;tag=hs%d\r\n'
            b'To: <sip:alice@example.org>\r\n'
            b'Call-ID: hostile-%d@127.0.0.1\r\n'
            b'CSeq: 1 MESSAGE\r\n'
            b'Accept-Contact: *;+g.oma.pusheventappp="mms.ua"\r\n'
            b'Content-Type: ' + ctype + b'\r\n'
            b'Content-Length: %d\r\n\r\n') % (port, via_port, seq, seq, seq, len(body)) + body


def final_status(sock, port):
    while True:
        data, _ = sock.recvfrom(65536)
        if data.startswith(b'SIP/2.0 1'):
            continue
        return int(data.split(b' ', 2)[1])


def test(h):
    conn = dp.bus()
    d = dp.daemon(h, ['--aor', AOR, '--app', 'mms.ua'], conn=conn)
    a = dp.agent(h, ['--app', 'mms.ua'])
    a.wait_event('registered', app='mms.ua')
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('127.0.0.1', 0))
    sock.settimeout(10)
    me = sock.getsockname()[1]
    rows = [
        (b'sip:\xff\xfe@operator.example', b'text/plain'),
        (b'sip:push@operator.example', b'application/x-\xc3\x28'),
        (b'sip:%ff@operator.example', b'text/plain'),
    ]
    for seq, (sender, ctype) in enumerate(rows, 1):
        sock.sendto(message(d.port, me, seq, sender, ctype), ('127.0.0.1', d.port))
        status = final_status(sock, d.port)
        h.check(status in (200, 400, 415), 'row %d answered (%d), not dropped' % (seq, status))
        if status == 200:
            ev = a.wait_event('deliver', 5)
            h.check(isinstance(ev['push'].get('sender'), str), 'row %d: sender arrived as a string' % seq)
    # Still serving: a plain push goes through.
    sock.sendto(message(d.port, me, 9, b'sip:push@operator.example', b'text/plain'),
                ('127.0.0.1', d.port))
    h.check_eq(final_status(sock, d.port), 200, 'a plain MESSAGE after the hostile ones')
    a.stop()
    h.check_eq(d.terminate(), 0, 'sippushd exit code after SIGTERM')


dp.main(test, peer_names=())
