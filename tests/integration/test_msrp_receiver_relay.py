#!/usr/bin/env python3
"""The receiver behind its own MSRP relay (R-MSRP-7, RFC 4976 §5), the relay being Kamailio's
msrp module (tests/kamailio/msrp-relay.cfg). sippush-receiver --msrp-relay connects to the
relay, sends AUTH, answers its 401 digest challenge with --username/--password, and takes
the Use-Path msrp://127.0.0.1:RELAY/u-alice;tcp. Once the relay routes to it (probed: a
SEND through the relay to an unknown session is answered by the receiver, not by the
relay), SIPp's INVITE gets an answer whose a=path is that Use-Path, then the receiver's own
URI; the independent sender (no relay of its own) sends its chunks to the relay, which
carries them down the receiver's AUTH connection (its From-Path is its real address, which
the relay sends the responses back to). Asserted: every chunk answered 200 and
the success REPORT back through the relay, the file event and the stored file, nothing
failed."""
import os, re, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import Failure
import msrp_peers as mp


def relay_routes_to_receiver(relay_port, use_path, timeout=20.0):
    """A SEND through the relay to a session the receiver does not have: the receiver's
    481 "No such session" comes back once the relay knows it (the relay's own 481 before)."""
    deadline = time.monotonic() + timeout
    last = None
    n = 0
    while time.monotonic() < deadline:
        n += 1
        s = socket.create_connection(('127.0.0.1', relay_port), timeout=2)
        try:
            lp = s.getsockname()[1]
            tid = 'probe%04d' % n
            s.sendall(('MSRP %s SEND\r\nTo-Path: %s msrp://127.0.0.1:9/nosuchsession;tcp\r\n'
                       'From-Path: msrp://127.0.0.1:%d/probe;tcp\r\nMessage-ID: p%d\r\n'
                       'Byte-Range: 1-1/1\r\nContent-Type: text/plain\r\n\r\nx\r\n-------%s$\r\n'
                       % (tid, use_path, lp, n, tid)).encode())
            data = b''
            while b'$\r\n' not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            last = data.split(b'\r\n', 1)[0].decode('utf-8', 'replace')
        except OSError as e:
            last = str(e)
        finally:
            s.close()
        if re.match(r'^MSRP \S+ 481 No such session', last or ''):
            return last
        time.sleep(0.2)
    raise Failure('the relay does not route to the receiver within %.0f s (last answer %r)'
                  % (timeout, last))


def test(h):
    relay = h.kamailio(cfg='msrp-relay.cfg')
    relay_uri = 'msrp://127.0.0.1:%d' % relay.port
    use_path = 'msrp://127.0.0.1:%d/u-alice;tcp' % relay.port
    rx = mp.msrp_receiver(h, ['--msrp-relay', relay_uri, '--username', 'alice',
                              '--password', 'secret'])
    line = relay_routes_to_receiver(relay.port, use_path)
    h.ok('after AUTH with the digest answer the relay routes to the receiver: %s' % line)

    # Chunks of 2 KiB: Kamailio's relay forwards frames of at most about 8 KiB.
    f = mp.make_file(h, 'behind-relay.bin', 20000, 'application/octet-stream', seed=4977)
    fs = f.selector()
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['application/octet-stream'], [f],
                sender_args=['--chunk-size', '2048', '--success-report', 'yes', '--own-from-path'])
    p.wait_ok()
    raw, secs = p.answer()
    h.check_eq(len(secs), 1, 'one m= line in the answer')
    paths = mp.attr(secs[0], 'path')
    hops = paths[0].split() if len(paths) == 1 else []
    h.check(len(hops) == 2 and hops[0] == use_path,
            'a=path is the relay\'s Use-Path, then our own URI (got %s)' % paths)
    h.check(len(hops) == 2 and re.match(r'^msrp://127\.0\.0\.1:%d/[^;/]{14,};tcp$' % rx.msrp_port, hops[1]),
            'the last a=path hop is the receiver\'s own URI with its session id (%s)' % hops[1:])

    m = mp.message(p.result(), 0)
    h.check(m['to_path'].startswith(use_path + ' '), 'the SENDs went to the relay: To-Path %r' % m['to_path'])
    mp.check_all_200(h, m, 'file through the receiver\'s relay')
    mp.check_success_report(h, m, 'file through the receiver\'s relay')
    ev = mp.wait_event(rx, 'file', 15, name=f.name)
    stored = mp.check_file_event(h, rx, ev, f, hash_ok=True)
    h.check(not rx.all_events('transfer_failed'), 'no transfer_failed event')
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('kamailio', 'sipp'))
