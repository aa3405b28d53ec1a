#!/usr/bin/env python3
"""R-SEC-3, R-SEC-1: hostile bytes on the SIP TLS listener, and TLS start-up errors.

Start-up: a sips: bind without --tls-cert, a missing certificate file, and a key file
that holds no key refuse to start with a message naming the problem (never "ready").
Hostile input on the TLS port (bind sips:): garbage that is not TLS, a TLS record header
that announces more than it sends and then closes, random record bodies, a ClientHello cut
short, and handshakes left hanging. After each the receiver is alive and a real TLS
client (Python ssl, verifying the receiver's certificate against the test CA) still gets
200 to an OPTIONS, while the hanging handshakes are still open; the hanging handshakes are
then closed by the receiver within its limits (idle-timeout, sip-message-timeout: sofia
itself never ends a handshake a client began, the connection governor does, R-SEC-4)."""
import os, random, socket, ssl, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import tls_certs
from peers import AOR


def refused_start(h, args, words, what):
    rc, out, err = h.run([peers.receiver_path(), '--aor', AOR, '--app', 'mms.ua', '--json',
                          '--inbox', os.path.join(h.tmp, 'inbox')] + args, timeout=20)
    h.check_eq(rc, 1, '%s: exit code' % what)
    h.check('"ready"' not in out, '%s: never ready' % what)
    h.check(words in err, '%s: stderr names it (%r): %s' % (what, words, err.strip()[-300:]))


def options_over_tls(h, port, ca, n):
    ctx = ssl.create_default_context(cafile=ca)
    with socket.create_connection(('127.0.0.1', port), timeout=peers.slow(5)) as raw:
        with ctx.wrap_socket(raw, server_hostname='127.0.0.1') as c:
            c.sendall(('OPTIONS sip:127.0.0.1:%d SIP/2.0\r\n'
                       'Via: SIP/2.0/TLS 127.0.0.1:1;branch=z9hG4bK-tls-%d\r\n'
                       'Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=t%d\r\n'
                       'To: <sip:127.0.0.1>\r\nCall-ID: tls-probe-%d\r\nCSeq: 1 OPTIONS\r\n'
                       'Content-Length: 0\r\n\r\n' % (port, n, n, n)).encode())
            data = b''
            while b'\r\n\r\n' not in data:
                chunk = c.recv(4096)
                if not chunk:
                    break
                data += chunk
            return data


def test(h):
    pki = tls_certs.Pki(os.path.join(h.tmp, 'pki'))
    port = h.ports(1)[0]
    sips = ['--bind', 'sips:127.0.0.1:%d' % port]
    refused_start(h, sips, 'needs a certificate (tls-certificate)', 'sips: bind without --tls-cert')
    refused_start(h, sips + ['--tls-cert', pki.ca + '.missing'], 'TLS certificate', 'missing certificate file')
    refused_start(h, sips + ['--tls-cert', pki.server[0], '--tls-key', pki.ca],
                  'TLS certificate', 'key file without a key')

    # The connection limits, stretched under valgrind (a TLS handshake alone takes seconds).
    limit = int(peers.slow(3))
    rx = h.receiver(sips + ['--aor', AOR, '--app', 'mms.ua', '--tls-cert', pki.server[0], '--tls-key', pki.server[1],
                            '--tls-ca', pki.ca, '--inbox', 'inbox', '--idle-timeout', str(limit),
                            '--set', 'sip-message-timeout=%d' % limit], bind_port=port)
    ev = rx.wait_event('ready', 10)
    h.check_eq(ev.get('sips'), 'sips:127.0.0.1:%d' % port, 'ready.sips')
    h.check(options_over_tls(h, port, pki.ca, 0).startswith(b'SIP/2.0 200'), 'OPTIONS over TLS: 200')

    rng = random.Random(11)
    hanging = []
    attacks = [
        ('not TLS', lambda: b'OPTIONS sip:x SIP/2.0\r\n\r\n' + bytes(rng.randrange(256) for _ in range(500))),
        ('record header announcing 16 KiB, then close', lambda: b'\x16\x03\x01\x40\x00' + b'\x01' * 100),
        ('random handshake record', lambda: b'\x16\x03\x01\x01\x00' + bytes(rng.randrange(256) for _ in range(256))),
        ('random alert record', lambda: b'\x15\x03\x03\x00\x02\xff\xff'),
        ('random application data before a handshake', lambda: b'\x17\x03\x03\x00\x10' + b'A' * 16),
        ('huge record length', lambda: b'\x16\x03\x03\xff\xff' + b'\x00' * 1000),
    ]
    for n, (what, make) in enumerate(attacks * 3, 1):
        with socket.create_connection(('127.0.0.1', port), timeout=5) as s:
            try:
                s.sendall(make())
                s.shutdown(socket.SHUT_WR)
                s.settimeout(5)
                while s.recv(4096):
                    pass
            except OSError:
                pass
        h.check(rx.running(), 'alive after: %s (#%d)' % (what, n))
    # Handshakes that never finish: a ClientHello cut short, and silence.
    for i in range(5):
        s = socket.create_connection(('127.0.0.1', port), timeout=5)
        if i % 2 == 0:
            s.sendall(b'\x16\x03\x01\x00\x80\x01\x00\x00\x7c\x03\x03')
        hanging.append(s)
    reply = options_over_tls(h, port, pki.ca, 1)
    h.check(reply.startswith(b'SIP/2.0 200'),
            'a real TLS client is served while 5 handshakes hang: %r' % reply[:40])
    t0 = time.monotonic()
    for n, s in enumerate(hanging):
        s.settimeout(max(0.1, peers.slow(15) - (time.monotonic() - t0)))
        try:
            closed = s.recv(4096) == b''
        except ConnectionResetError:
            closed = True
        except socket.timeout:
            closed = False
        h.check(closed, 'hanging handshake #%d closed by the receiver (%.1f s)' % (n, time.monotonic() - t0))
        s.close()
    h.check(options_over_tls(h, port, pki.ca, 2).startswith(b'SIP/2.0 200'), 'still served at the end')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    rx.check_stdout_clean()


peers.main(test, peers=())
