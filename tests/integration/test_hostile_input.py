#!/usr/bin/env python3
"""R-SEC-1: no packet from the network crashes, hangs or corrupts the receiver. A seeded
mutation fuzzer sends ~2000 damaged requests (MESSAGE with every routing header form,
INVITE with a tel: Contact (trap B1), REFER without Refer-To (B3), REFER with hostile
Refer-To headers (B2), NOTIFY, SUBSCRIBE, UPDATE, OPTIONS) over UDP and TCP to the CLI.
Afterwards the receiver must still answer a good MESSAGE 200, exit 0 on SIGTERM, log no
sanitizer report or assertion, and its inbox must hold exactly the files of its push
events. Deterministic: the same seed sends the same bytes."""
import os, random, re, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR

SEED = 20261125
UDP_CASES = 5000
TCP_CASES = 300

HEADERS = [
    'Accept-Contact: *;+g.oma.pusheventappp="mms.ua"',
    'Accept-Contact: *;+g.oma.pusheventappp="mms.ua, push.syncml";require;explicit',
    'a: *;+g.oma.pusheventappp="push.syncml"',
    'Accept-Contact: *;+g.3gpp.iari-ref="urn%3Aurn-7%3A3gpp-application.ims.iari.rcse.ft"',
    'Accept-Contact: *;+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.push"',
    'P-Asserted-Identity: "Op" <sip:push@operator.example>, <tel:+15551234567>',
    'P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.oma.push',
    'Contact: <tel:+123>',
    'Contact: <foo:x@h>',
    'Refer-To: <sip:ps@127.0.0.1;method=SUBSCRIBE?Event=ua-profile%3bprofile-type%3doma-app&Foo>',
    'Refer-To: <sip:ps@127.0.0.1;method=SUBSCRIBE?Call-ID=x&Via=y&body=z>',
    'Event: ua-profile;profile-type=oma-app;event-app-id="mms.ua"',
    'Subscription-State: active;expires=60',
    'Session-Expires: 1;refresher=uas',
]
METHODS = ['MESSAGE'] * 6 + ['INVITE', 'REFER', 'NOTIFY', 'SUBSCRIBE', 'UPDATE', 'OPTIONS', 'BYE', 'ACK']


def seed_request(rng, port, n):
    method = rng.choice(METHODS)
    hdrs = rng.sample(HEADERS, rng.randint(0, 4))
    body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 200)))
    head = ('%s sip:alice@127.0.0.1:%d SIP/2.0\r\n'
            'Via: SIP/2.0/UDP 127.0.0.1:9;rport;branch=z9hG4bK-h%d\r\n'
            'Max-Forwards: 70\r\n'
            'From: <sip:pushsender@example.net>;tag=h%d\r\n'
            'To: <sip:alice@127.0.0.1>\r\n'
            'Call-ID: hostile-%d@127.0.0.1\r\n'
            'CSeq: 1 %s\r\n%s'
            'Content-Type: application/octet-stream\r\n'
            'Content-Length: %d\r\n\r\n'
            % (method, port, n, n, n, method, ''.join(h + '\r\n' for h in hdrs), len(body)))
    return bytearray(head.encode() + body)


def mutate(rng, data):
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(8)
        i = rng.randrange(len(data) + 1)
        if op == 0 and data:                      # flip bytes
            data[min(i, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:                             # insert junk, NULs, high bytes
            data[i:i] = bytes(rng.choice([0, 0x22, 0x2c, 0x25, 0x3b, 0x0d, 0x0a, 0xff, 0x3c, 0x3e])
                              for _ in range(rng.randint(1, 16)))
        elif op == 2 and data:                    # delete a range
            del data[i:i + rng.randint(1, 40)]
        elif op == 3:                             # truncate
            del data[i:]
        elif op == 4:                             # duplicate a chunk
            j = rng.randrange(len(data) + 1)
            data[i:i] = data[j:j + rng.randint(1, 80)]
        elif op == 5:                             # lie about the length
            data[:] = re.sub(rb'Content-Length: \d+', b'Content-Length: %d' % rng.choice(
                [0, 1, 99999, 2**31, 2**64]), bytes(data), count=1)
        elif op == 6:                             # a long header line
            data[i:i] = b'X-Long: ' + b'A' * rng.choice([100, 3000, 20000]) + b'\r\n'
        else:                                     # a stray quote or bracket in a value
            data[i:i] = rng.choice([b'"', b'<', b'>', b',', b'%', b'%0', b'\\'])
    return bytes(data[:65000])


def good_message(port):
    return ('MESSAGE sip:alice@127.0.0.1:%d SIP/2.0\r\n'
            'Via: SIP/2.0/UDP 127.0.0.1:9;rport;branch=z9hG4bK-good\r\n'
            'Max-Forwards: 70\r\n'
            'From: <sip:pushsender@example.net>;tag=good\r\n'
            'To: <sip:alice@127.0.0.1>\r\n'
            'Call-ID: good@127.0.0.1\r\n'
            'CSeq: 1 MESSAGE\r\n'
            'Accept-Contact: *;+g.oma.pusheventappp="mms.ua"\r\n'
            'Content-Type: text/plain\r\n'
            'Content-Length: 9\r\n\r\nstill ok!' % port).encode()


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--app', 'push.syncml', '--inbox', 'inbox'],
                    env={'G_MESSAGES_DEBUG': '', 'TPORT_LOG': ''})
    rx.wait_ready()
    rng = random.Random(SEED)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(('127.0.0.1', 0))
    udp.setblocking(False)
    for n in range(UDP_CASES):
        udp.sendto(mutate(rng, seed_request(rng, rx.port, n)), ('127.0.0.1', rx.port))
        if n % 50 == 0:                           # keep the socket buffers from overflowing
            time.sleep(0.01)
        try:
            while udp.recv(65535):
                pass
        except BlockingIOError:
            pass
    h.ok('%d mutated requests sent over UDP' % UDP_CASES)
    for n in range(TCP_CASES):
        with socket.create_connection(('127.0.0.1', rx.port), timeout=2) as t:
            t.sendall(mutate(rng, seed_request(rng, rx.port, UDP_CASES + n)))
    h.ok('%d mutated requests sent over TCP, one connection each' % TCP_CASES)
    h.check(rx.running(), 'receiver still running after the mutated traffic')

    # Still serving: a good MESSAGE gets its 200.
    udp.setblocking(True)
    udp.settimeout(0.5)
    got = None
    deadline = time.monotonic() + 10
    while got is None and time.monotonic() < deadline:
        udp.sendto(good_message(rx.port), ('127.0.0.1', rx.port))
        try:
            while True:
                data = udp.recv(65535)
                if b'good@127.0.0.1' in data and not data.startswith(b'SIP/2.0 1'):
                    got = data
                    break
        except socket.timeout:
            pass
    udp.close()
    h.check(got is not None and got.startswith(b'SIP/2.0 200'),
            'a good MESSAGE after the storm is answered 200 (%r)' % (got or b'')[:40])

    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    err = rx.stderr_text()
    for bad in ('AddressSanitizer', 'LeakSanitizer', 'runtime error', 'Assertion', 'CRITICAL'):
        h.check(bad not in err, 'no "%s" in the receiver log' % bad)
    pushes = rx.all_events('push')
    h.ok('%d mutated MESSAGEs were still well-formed enough to deliver' % (len(pushes) - 1))
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), [rx.path_of(e) for e in pushes])
    rx.check_stdout_clean()


peers.main(test, peers=())
