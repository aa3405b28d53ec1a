#!/usr/bin/env python3
"""R-SEC-3 with RFC 6135: the receiver connects out over TLS for an a=setup:passive offer of
TCP/TLS/MSRP (tests/sipp/invite_msrp_setup_tls.xml). The test's listener is a Python ssl
server with a self-signed certificate, named by the offer's a=fingerprint; it asks for the
receiver's certificate and verifies it by the test CA.
  - right fingerprint: the receiver connects, presents its certificate, opens the session
    with a bodiless SEND from its msrps: path, and the file sent back arrives;
  - wrong fingerprint: the receiver refuses the listener after the handshake: nothing is
    sent on the connection, and the transfer fails (transfer_failed event)."""
import os, random, re, socket, ssl, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp
import tls_certs


def read_message(sock, buf, timeout):
    deadline = time.monotonic() + timeout
    while True:
        m = re.match(rb'MSRP (\S+) ([A-Z]+|\d{3})[^\r\n]*\r\n', buf)
        if m:
            end = b'\r\n-------' + m.group(1)
            i = buf.find(end)
            if i >= 0 and len(buf) >= i + len(end) + 3:
                msg, rest = buf[:i + len(end) + 3], buf[i + len(end) + 3:]
                return m.group(1).decode(), m.group(2).decode(), msg.decode('latin-1'), rest
        left = deadline - time.monotonic()
        if left <= 0:
            raise peers.Failure('no complete MSRP message within %.0f s (got %r)' % (timeout, buf[:200]))
        sock.settimeout(left)
        data = sock.recv(65536)
        if not data:
            raise peers.Failure('the receiver closed the MSRP connection (got %r)' % buf[:200])
        buf += data


def header(msg, name):
    m = re.search(r'^%s: *(.*?)\r$' % re.escape(name), msg, re.M)
    return m.group(1) if m else None


def offer(h, rx, pki, name, fingerprint):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*pki.untrusted)
    ctx.load_verify_locations(pki.ca)
    ctx.verify_mode = ssl.CERT_REQUIRED  # the receiver must present its (CA-signed) certificate
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    f = mp.make_file(h, name, 50000, 'application/octet-stream', seed=81)
    prefix = 'tlsp%d' % random.randrange(1 << 30)
    sipp = h.sipp('invite_msrp_setup_tls.xml', remote='127.0.0.1:%d' % rx.port,
                  keys={'ac': mp.AC, 'pai': peers.SENDER, 'accept_types': 'application/octet-stream',
                        'fs': f.selector(), 'setup': 'passive', 'msrp_port': str(port),
                        'fp_attr': 'fingerprint:sha-256 ' + fingerprint},
                  extra=['-cid_str', prefix + '-%u@%s'])
    listener.settimeout(15)
    try:
        raw, _ = listener.accept()
    except socket.timeout:
        raise peers.Failure('%s: the receiver did not connect to the passive offer\'s a=path' % name)
    raw.settimeout(15)
    conn = ctx.wrap_socket(raw, server_side=True)
    return f, sipp, prefix, listener, conn, 'msrps://127.0.0.1:%d/jshA7we;tcp' % port


def test(h):
    pki = tls_certs.Pki(os.path.join(h.tmp, 'pki'))
    cert, key = pki.server
    rx = mp.msrp_receiver(h, extra=['--tls-cert', cert, '--tls-key', key, '--tls-ca', pki.ca])

    # The listener is the one the offer names: the session opens and the file arrives.
    f, sipp, prefix, listener, conn, our_path = offer(
        h, rx, pki, 'passive-tls.bin', tls_certs.sha256_fingerprint(pki.untrusted[0]))
    h.check_eq(tls_certs.sha256_fingerprint_der(conn.getpeercert(binary_form=True)),
               tls_certs.sha256_fingerprint(cert), 'the receiver presented its own certificate')
    tid, method, msg, buf = read_message(conn, b'', 10)
    h.check_eq(method, 'SEND', 'the active end speaks first with a SEND, over TLS')
    h.check_eq(header(msg, 'To-Path'), our_path, 'its To-Path is the offer\'s msrps: a=path')
    rx_path = header(msg, 'From-Path') or ''
    h.check(re.match(r'^msrps://127\.0\.0\.1:%d/[0-9a-f]{20,};tcp$' % rx.msrp_port, rx_path) is not None,
            'its From-Path is the receiver\'s msrps: path (got %r)' % rx_path)
    conn.sendall(('MSRP %s 200 OK\r\nTo-Path: %s\r\nFrom-Path: %s\r\n-------%s$\r\n'
                  % (tid, rx_path, our_path, tid)).encode())
    with open(f.path, 'rb') as fh:
        data = fh.read()
    tid = 'tlp%08d' % random.randrange(10 ** 8)
    conn.sendall(('MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: %s\r\nMessage-ID: tp1\r\n'
                  'Byte-Range: 1-%d/%d\r\nContent-Type: application/octet-stream\r\n\r\n'
                  % (tid, rx_path, our_path, len(data), len(data))).encode() + data
                 + ('\r\n-------%s$\r\n' % tid).encode())
    while True:
        rtid, what, msg, buf = read_message(conn, buf, 10)
        if rtid == tid:
            break
    h.check(msg.startswith('MSRP %s 200' % tid), 'the SEND over the receiver\'s TLS connection got 200')
    mp.check_file_event(h, rx, mp.wait_event(rx, 'file', 15, name=f.name), f, hash_ok=True)
    mp.send_info(sipp, prefix + '-1@127.0.0.1')
    sipp.wait_ok(20, 'INVITE a=setup:passive over TLS, 200 with a=setup:active, ACK, BYE')
    conn.close()
    listener.close()

    # The offer names another certificate: the receiver leaves after the handshake.
    f, sipp, prefix, listener, conn, our_path = offer(
        h, rx, pki, 'passive-wrong.bin', tls_certs.sha256_fingerprint(pki.wrong_name[0]))
    conn.settimeout(10)
    try:
        got = conn.recv(4096)
    except (OSError, ssl.SSLError):
        got = b''
    h.check_eq(got, b'', 'wrong fingerprint: the receiver sends nothing and closes')
    ev = mp.wait_event(rx, 'transfer_failed', 15)
    h.check(ev is not None, 'wrong fingerprint: the transfer fails (%s)' % ev)
    mp.check_no_file(h, rx, [f.name])
    mp.send_info(sipp, prefix + '-1@127.0.0.1')
    sipp.wait_ok(20, 'INVITE a=setup:passive with a wrong fingerprint, BYE')
    conn.close()
    listener.close()
    mp.finish(h, rx)


peers.main(test, peers=('sipp',))
