#!/usr/bin/env python3
"""R-MSRP-1 with RFC 6135: an offer with a=setup:passive makes the receiver the active end.
SIPp INVITEs with a=setup:passive and an a=path naming a TCP listener of this test; the
200 OK must answer a=setup:active (asserted by SIPp), and the receiver must connect to
that listener and open the session with a bodiless SEND (To-Path: our path, From-Path:
its own a=path, RFC 4975 §7.1.1 / RFC 6135 §5). The file then goes over that connection
the other way: 200 per chunk, REPORT 000 200 OK, file event, stored bytes intact."""
import os, re, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import random
import peers
import msrp_peers as mp


def read_request(sock, buf, timeout):
    """One MSRP message (start line, headers, optional body, end-line) from sock."""
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


def test(h):
    rx = mp.msrp_receiver(h)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    our_path = 'msrp://127.0.0.1:%d/jshA7we;tcp' % port

    f = mp.make_file(h, 'passive.bin', 70000, 'application/octet-stream', seed=61)
    prefix = 'setup%d' % random.randrange(1 << 30)
    sipp = h.sipp('invite_msrp_setup.xml', remote='127.0.0.1:%d' % rx.port,
                  keys={'ac': mp.AC, 'pai': peers.SENDER, 'accept_types': 'application/octet-stream',
                        'fs': f.selector(), 'setup': 'passive', 'msrp_port': str(port)},
                  extra=['-cid_str', prefix + '-%u@%s'])

    listener.settimeout(15)
    try:
        conn, _ = listener.accept()
    except socket.timeout:
        raise peers.Failure('the receiver did not connect to the a=setup:passive offer\'s a=path')
    h.check(True, 'the receiver connected out to %s (a=setup:passive)' % our_path)

    tid, method, msg, buf = read_request(conn, b'', 10)
    h.check_eq(method, 'SEND', 'the active end speaks first with a SEND')
    h.check_eq(header(msg, 'To-Path'), our_path, 'its To-Path is the offer\'s a=path')
    rx_path = header(msg, 'From-Path') or ''
    h.check(re.match(r'^msrp://127\.0\.0\.1:%d/[0-9a-f]{20,};tcp$' % rx.msrp_port, rx_path) is not None,
            'its From-Path is the receiver\'s own a=path (got %r)' % rx_path)
    h.check('\r\n\r\n' not in msg.split('\r\n', 1)[1], 'the opening SEND has no body')
    conn.sendall(('MSRP %s 200 OK\r\nTo-Path: %s\r\nFrom-Path: %s\r\n-------%s$\r\n'
                  % (tid, rx_path, our_path, tid)).encode())

    with open(f.path, 'rb') as fh:
        data = fh.read()
    tid = 'pas%08d' % random.randrange(10 ** 8)
    conn.sendall(('MSRP %s SEND\r\nTo-Path: %s\r\nFrom-Path: %s\r\nMessage-ID: pm1\r\n'
                  'Success-Report: yes\r\nByte-Range: 1-%d/%d\r\nContent-Type: application/octet-stream\r\n\r\n'
                  % (tid, rx_path, our_path, len(data), len(data))).encode() + data
                 + ('\r\n-------%s$\r\n' % tid).encode())
    got = {}
    while 'REPORT' not in got or tid not in got:
        rtid, what, msg, buf = read_request(conn, buf, 10)
        got['REPORT' if what == 'REPORT' else rtid] = msg
    h.check(got[tid].startswith('MSRP %s 200' % tid), 'the SEND over the receiver\'s connection got 200')
    h.check_eq(header(got['REPORT'], 'Status'), '000 200 OK', 'success REPORT')
    h.check_eq(header(got['REPORT'], 'Byte-Range'), '1-%d/%d' % (len(data), len(data)), 'REPORT Byte-Range')

    ev = mp.wait_event(rx, 'file', 15, name=f.name)
    mp.check_file_event(h, rx, ev, f, hash_ok=True)
    mp.send_info(sipp, prefix + '-1@127.0.0.1')
    sipp.wait_ok(20, 'INVITE a=setup:passive, 200 with a=setup:active, ACK, BYE')
    conn.close()
    listener.close()
    mp.finish(h, rx)


peers.main(test, peers=('sipp',))
