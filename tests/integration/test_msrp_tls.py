#!/usr/bin/env python3
"""R-SEC-3: MSRP over TLS (RFC 4975 section 14, TCP/TLS/MSRP, msrps:) with real peers.

The receiver runs with a certificate for 127.0.0.1 signed by a test CA (tls_certs.py, made
now) and that CA as its trust anchors. SIPp offers TCP/TLS/MSRP with an msrps: a=path
(tests/sipp/invite_msrp_tls.xml) and msrp_sender.py pushes the file over Python's ssl:
  - verified by CA: the sender presents a CA-signed certificate for 127.0.0.1 (the host of
    its a=path) and checks the receiver by the CA; the file arrives; the answer is
    TCP/TLS/MSRP with an msrps: path and no a=fingerprint;
  - verified by fingerprint: the sender is self-signed and its offer carries its sha-256
    a=fingerprint; the answer carries the receiver's own a=fingerprint, which the sender
    checks; the file arrives;
  - a wrong a=fingerprint, and without one an untrusted, a wrong-name or an expired
    certificate: every SEND is refused (481, no session for that peer), nothing is delivered;
  - hostile bytes on the MSRP port: garbage and truncated TLS records, a handshake that
    never finishes and a connection that never speaks are dropped within the bounded
    handshake time (10 s), and the receiver keeps serving;
  - a plaintext TCP/MSRP offer still works with TLS configured (same port).
"""
import os, random, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp
import tls_certs

HANDSHAKE_TIMEOUT = 10  # SIPPUSH_MSRP_TLS_HANDSHAKE_TIMEOUT_S


def tls_push(h, rx, name, seed, fp_attr, sender_tls):
    f = mp.make_file(h, name, 30000, 'application/octet-stream', seed=seed)
    fs = f.selector()
    p = mp.Push(h, rx, 'invite_msrp_tls.xml', [fs], ['application/octet-stream'], [f],
                sender_args=list(sender_tls), keys={'fp_attr': fp_attr}, name=name)
    p.wait_ok()
    raw, secs = p.answer()
    h.check_eq(secs[0]['proto'], 'TCP/TLS/MSRP', '%s: the answer\'s proto' % name)
    paths = mp.attr(secs[0], 'path')
    h.check(paths and paths[0].startswith('msrps://127.0.0.1:%d/' % rx.msrp_port),
            '%s: the answer\'s a=path is our msrps: URI on the MSRP port (got %s)' % (name, paths))
    return f, p, secs[0]


def dropped_within(port, payload, limit, what):
    """Connects, sends payload, and returns how long until the receiver closed it."""
    s = socket.create_connection(('127.0.0.1', port), timeout=5)
    t0 = time.monotonic()
    if payload:
        s.sendall(payload)
    s.settimeout(limit)
    try:
        while s.recv(4096):
            pass
        return time.monotonic() - t0
    except socket.timeout:
        raise peers.Failure('%s: still open after %.0f s' % (what, limit))
    except OSError:
        return time.monotonic() - t0
    finally:
        s.close()


def test(h):
    pki = tls_certs.Pki(os.path.join(h.tmp, 'pki'))
    cert, key = pki.server
    rx = mp.msrp_receiver(h, extra=['--tls-cert', cert, '--tls-key', key, '--tls-ca', pki.ca])
    rx_fp = tls_certs.sha256_fingerprint(cert)

    # By CA: the sender's certificate is valid for the host of its a=path.
    f, p, sec = tls_push(h, rx, 'by-ca.bin', 71, 'x-no-fingerprint',
                         ['--tls-cert', cert, '--tls-key', key, '--tls-ca', pki.ca])
    h.check(not mp.attr(sec, 'fingerprint'), 'by CA: no a=fingerprint in the answer')
    mp.check_all_200(h, mp.message(p.result(), 0), 'by CA')
    mp.check_file_event(h, rx, mp.wait_event(rx, 'file', 15, name=f.name), f, hash_ok=True)

    # By fingerprint: a self-signed sender, both ends identified by a=fingerprint.
    ucert, ukey = pki.untrusted
    f, p, sec = tls_push(h, rx, 'by-fingerprint.bin', 72,
                         'fingerprint:sha-256 ' + tls_certs.sha256_fingerprint(ucert),
                         ['--tls-cert', ucert, '--tls-key', ukey, '--tls-peer-fingerprint', rx_fp])
    h.check_eq(mp.attr(sec, 'fingerprint'), ['sha-256 ' + rx_fp],
               'by fingerprint: the answer carries the receiver\'s a=fingerprint')
    mp.check_all_200(h, mp.message(p.result(), 0), 'by fingerprint')
    mp.check_file_event(h, rx, mp.wait_event(rx, 'file', 15, name=f.name), f, hash_ok=True)

    # Refused: the offer names another certificate; without a fingerprint, certificates the
    # CA did not sign, signed for another name, or expired.
    wrong = tls_certs.sha256_fingerprint(pki.wrong_name[0])
    for name, fp_attr, (pcert, pkey) in (
            ('wrong-fingerprint.bin', 'fingerprint:sha-256 ' + wrong, pki.untrusted),
            ('untrusted.bin', 'x-no-fingerprint', pki.untrusted),
            ('wrong-name.bin', 'x-no-fingerprint', pki.wrong_name),
            ('expired.bin', 'x-no-fingerprint', pki.expired)):
        f, p, sec = tls_push(h, rx, name, 73, fp_attr,
                             ['--tls-cert', pcert, '--tls-key', pkey, '--tls-peer-fingerprint', rx_fp,
                              '--wait', '5'])
        st = mp.message(p.result(), 0)['statuses']
        h.check(st and 200 not in st, '%s: no SEND chunk taken (statuses %s)' % (name, mp.summarize(st)))
        time.sleep(0.5)
        mp.check_no_file(h, rx, [f.name])

    # Hostile bytes on the MSRP port.
    rng = random.Random(3)
    hostile = [
        b'\x16\x03\x01\x00\x05' + bytes(rng.randrange(256) for _ in range(5)),   # a bogus handshake
        b'\x16\x03\x03\xff\xff' + bytes(rng.randrange(256) for _ in range(300)),  # truncated record
        b'\x17\x03\x03\x00\x10' + bytes(16),                                       # app data first
        b'\x16' + bytes(rng.randrange(256) for _ in range(2000)),
    ]
    for i, payload in enumerate(hostile):
        took = dropped_within(rx.msrp_port, payload, HANDSHAKE_TIMEOUT + 5, 'hostile TLS record %d' % i)
        h.check(took <= HANDSHAKE_TIMEOUT + 3, 'hostile TLS record %d dropped (%.1f s)' % (i, took))
    t_hang = dropped_within(rx.msrp_port, b'\x16\x03\x01', HANDSHAKE_TIMEOUT + 6, 'unfinished handshake')
    h.check(HANDSHAKE_TIMEOUT - 1 <= t_hang <= HANDSHAKE_TIMEOUT + 4,
            'a handshake that never finishes is dropped after the bound (%.1f s)' % t_hang)
    t_mute = dropped_within(rx.msrp_port, b'', HANDSHAKE_TIMEOUT + 6, 'silent connection')
    h.check(t_mute <= HANDSHAKE_TIMEOUT + 4, 'a connection that never speaks is dropped (%.1f s)' % t_mute)
    h.check(rx.running(), 'the receiver survived the hostile TLS bytes')

    # Plaintext TCP/MSRP on the same port, TLS configured: still served.
    f = mp.make_file(h, 'plain.bin', 20000, 'application/octet-stream', seed=74)
    p = mp.Push(h, rx, 'invite_msrp.xml', [f.selector()], ['application/octet-stream'], [f], name='plain')
    p.wait_ok()
    mp.check_all_200(h, mp.message(p.result(), 0), 'plaintext')
    mp.check_file_event(h, rx, mp.wait_event(rx, 'file', 15, name=f.name), f, hash_ok=True)

    # Stopped with handshakes under way (one waiting for its first byte, one mid-handshake):
    # a clean exit, nothing leaked (the sanitizer run checks).
    hanging = [socket.create_connection(('127.0.0.1', rx.msrp_port), timeout=5) for _ in range(2)]
    hanging[1].sendall(b'\x16\x03\x01')
    time.sleep(0.5)
    mp.finish(h, rx)
    for s in hanging:
        s.close()


peers.main(test, peers=('sipp',))
