#!/usr/bin/env python3
"""R-SEC-1, R-SEC-2, R-MSRP-3: a network-level fuzzer against the running CLI (under
ASan+UBSan in the ASan build). Recorded exchanges -- every request the SIPp scenarios of
the integration tests send (tests/sipp/*.xml, filled in as a run fills them) and the MSRP
SEND chunks of a real file push to a live session -- are mutated (byte flips, insertions,
deletions, truncation, splicing of two recordings, huge Content-Length / Byte-Range
values, long lines) and sent over UDP, over TCP in writes split at random points, and to
the MSRP port over TCP (split too, several chunks pipelined).

After every CHECK_EVERY cases the receiver must still be running, answer a good MESSAGE
200 and take a good file end to end (INVITE with SDP over UDP, SEND over MSRP, 200 and the
file event with the right size). The first failure stops the run, and the cases since the
last good check are written as the reproducer (netfuzz-repro/NNNN-TRANSPORT files, kept
with the logs: SIPPUSH_KEEP_TMP=1 or a failure keeps them). At the end: SIGTERM exits 0
and stderr has no sanitizer report, runtime error, CRITICAL or assertion.

NETFUZZ_SECONDS (default 40) is the time spent sending; NETFUZZ_SEED the seed (default
fixed; the same seed sends the same bytes). A long run: bench/netfuzz. NETFUZZ_REPLAY=DIR
replays a reproducer instead, case by case, and names the first case after which the
receiver is gone (its MSRP cases go to the MSRP port as they are)."""
import os
import random
import re
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'fuzz', 'seeds'))
import peers  # noqa: E402
import msrp_peers as mp  # noqa: E402
import sipp as sipp_seeds  # noqa: E402
from peers import AOR, Failure  # noqa: E402

SECONDS = float(os.environ.get('NETFUZZ_SECONDS', '40'))
SEED = int(os.environ.get('NETFUZZ_SEED', '20261203'))
CHECK_EVERY = int(os.environ.get('NETFUZZ_CHECK_EVERY', '150'))
ARI = 'mms.ua'
CRLF = b'\r\n'


def recorded_sip(port):
    """The SIPp scenarios' requests, addressed to the receiver."""
    out = []
    for scenario, _, raw in sipp_seeds.messages():
        if raw.startswith(b'SIP/2.0'):
            continue                              # responses: the receiver's side sends them
        raw = raw.replace(b'ua-profile', ARI.encode())
        raw = re.sub(rb'@127\.0\.0\.1:50[67]0', b'@127.0.0.1:%d' % port, raw, count=1)
        out.append(raw)
    return out


def chunk(tid, to_path, from_path, mid, start, body, total, flag=b'$', ctype=b'text/plain',
          extra=()):
    hdr = [b'MSRP ' + tid + b' SEND', b'To-Path: ' + to_path, b'From-Path: ' + from_path,
           b'Message-ID: ' + mid] + list(extra)
    total = total if isinstance(total, bytes) else b'%d' % total
    hdr.append(b'Byte-Range: %d-%d/%s' % (start, start + len(body) - 1, total))
    if body:
        hdr.append(b'Content-Type: ' + ctype)
        data = CRLF.join(hdr) + CRLF + CRLF + body + CRLF
    else:
        data = CRLF.join(hdr) + CRLF
    return data + b'-------' + tid + flag + CRLF


def mutate(rng, data, others):
    data = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        op = rng.randrange(9)
        i = rng.randrange(len(data) + 1)
        if op == 0 and data:                      # flip bits
            data[min(i, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:                             # insert separators, NULs, high bytes
            data[i:i] = bytes(rng.choice(b'\0"%,;<>\r\n\xff:/-$#+*')
                              for _ in range(rng.randint(1, 12)))
        elif op == 2 and data:                    # delete a range
            del data[i:i + rng.randint(1, 60)]
        elif op == 3:                             # truncate
            del data[i:]
        elif op == 4:                             # splice in a piece of another recording
            o = rng.choice(others)
            j = rng.randrange(len(o) + 1)
            data[i:i] = o[j:j + rng.randint(1, 200)]
        elif op == 5:                             # huge or lying lengths
            data[:] = re.sub(rb'Content-Length: \d+', b'Content-Length: %d' % rng.choice(
                [0, 1, 65535, 2**31, 2**32 + 1, 2**64 - 1]), bytes(data), count=1)
        elif op == 6:
            data[:] = re.sub(rb'Byte-Range: [^\r]*', rng.choice(
                [b'Byte-Range: 1-*/*', b'Byte-Range: 18446744073709551615-1/2',
                 b'Byte-Range: 0-0/0', b'Byte-Range: 5-2/1', b'Byte-Range: 1-9999999999/*']),
                bytes(data), count=1)
        elif op == 7:                             # a long line
            data[i:i] = b'X-Long: ' + b'A' * rng.choice([200, 5000, 70000]) + CRLF
        else:                                     # duplicate a header block
            data[i:i] = data[:rng.randint(0, 300)]
    return bytes(data[:200000])


def send_split(rng, sock, data):
    """Writes @data in pieces cut at random points (TCP framing must not care)."""
    pos = 0
    while pos < len(data):
        n = rng.choice([1, 2, 7, 100, 1400, len(data)])
        sock.sendall(data[pos:pos + n])
        pos += n


class Sip:
    """A UDP endpoint that talks to the receiver like a push sender."""

    def __init__(self, rx):
        self.rx = rx
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.port = self.sock.getsockname()[1]
        self.n = 0

    def drain(self):
        self.sock.setblocking(False)
        try:
            while self.sock.recv(65535):
                pass
        except (BlockingIOError, ConnectionRefusedError):
            pass
        self.sock.setblocking(True)

    def request(self, method, call_id, extra=b'', body=b'', ctype=b'text/plain', to_tag=b'',
                cseq=1, ruri=None):
        self.n += 1
        return (b'%s %s SIP/2.0\r\n'
                b'Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK-nf%d\r\n'
                b'Max-Forwards: 70\r\nFrom: <sip:pushsender@example.net>;tag=nf\r\n'
                b'To: <sip:alice@127.0.0.1>%s\r\nCall-ID: %s\r\nCSeq: %d %s\r\n'
                b'Accept-Contact: *;+g.oma.pusheventappp="%s"\r\n'
                b'Contact: <sip:nf@127.0.0.1:%d>\r\n%s'
                b'Content-Type: %s\r\nContent-Length: %d\r\n\r\n'
                % (method, ruri or b'sip:alice@127.0.0.1:%d' % self.rx.port, self.port, self.n,
                   to_tag, call_id, cseq, method, ARI.encode(), self.port, extra, ctype,
                   len(body))) + body

    def transaction(self, data, call_id, timeout=10.0):
        """Sends @data until a final response with @call_id comes (retransmitting)."""
        self.drain()
        self.sock.settimeout(0.5)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.sock.sendto(data, ('127.0.0.1', self.rx.port))
                try:
                    while True:
                        got = self.sock.recv(65535)
                        if call_id in got and got.startswith(b'SIP/2.0 ') \
                                and not got.startswith(b'SIP/2.0 1'):
                            return got
                except socket.timeout:
                    pass
        finally:
            self.sock.settimeout(None)
        return None


def good_message(sip, k):
    cid = b'nf-good-%d@127.0.0.1' % k
    got = sip.transaction(sip.request(b'MESSAGE', cid, body=b'still ok %d' % k), cid)
    if got is None or not got.startswith(b'SIP/2.0 200'):
        raise Failure('a good MESSAGE after the mutated traffic is answered 200 (got %r)'
                      % (got or b'nothing')[:60])


def open_session(sip, k, size):
    """INVITE with an MSRP offer for a text file of @size bytes; returns (call_id, to_tag,
    contact, the receiver's a=path, our path)."""
    cid = b'nf-invite-%d@127.0.0.1' % k
    ours = b'msrp://127.0.0.1:9/nfs%d;tcp' % k
    sdp = (b'v=0\r\no=nf 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n'
           b'm=message 9 TCP/MSRP *\r\na=sendonly\r\na=accept-types:text/plain\r\n'
           b'a=path:%s\r\na=file-selector:name:"netfuzz-%d.txt" type:text/plain size:%d\r\n'
           % (ours, k, size))
    got = sip.transaction(sip.request(b'INVITE', cid, body=sdp, ctype=b'application/sdp'), cid)
    if got is None or not got.startswith(b'SIP/2.0 200'):
        raise Failure('a good file INVITE after the mutated traffic is answered 200 (got %r)'
                      % (got or b'nothing')[:60])
    to_tag = re.search(rb'(?im)^(?:To|t):[^\r]*?(;tag=[^;\r>]+)', got).group(1)
    contact = re.search(rb'(?im)^(?:Contact|m):[^<\r]*<([^>]+)>', got).group(1)
    path = re.search(rb'a=path:(\S+)', got).group(1)
    sip.sock.sendto(sip.request(b'ACK', cid, to_tag=to_tag, ruri=contact),
                    ('127.0.0.1', sip.rx.port))
    return cid, to_tag, contact, path, ours


def close_session(sip, session):
    cid, to_tag, contact, _, _ = session
    sip.transaction(sip.request(b'BYE', cid, to_tag=to_tag, cseq=2, ruri=contact), cid, 5)


def good_transfer(h, rx, sip, k):
    body = (b'netfuzz file %d ' % k) * 20
    session = open_session(sip, k, len(body))
    _, _, _, path, ours = session
    tid = b'nfgood%04d' % k
    with socket.create_connection(('127.0.0.1', rx.msrp_port), timeout=10) as t:
        t.sendall(chunk(tid, path, ours, b'nfm%d' % k, 1, body, len(body)))
        buf = b''
        deadline = time.monotonic() + 10
        while b'MSRP ' + tid + b' 200' not in buf and time.monotonic() < deadline:
            try:
                more = t.recv(65536)
            except socket.timeout:
                break
            if not more:
                break
            buf += more
    if b'MSRP ' + tid + b' 200' not in buf:
        raise Failure('a good SEND after the mutated traffic is answered 200 (got %r)' % buf[:80])
    ev = mp.wait_event(rx, 'file', 15, name='netfuzz-%d.txt' % k)
    h.check(ev.get('size') == len(body), 'the good file has its size (%s)' % ev.get('size'))
    close_session(sip, session)


def send_case(rng, rx, sip, kind, data):
    try:
        if kind == 'udp':
            sip.sock.sendto(data, ('127.0.0.1', rx.port))
        else:
            port = rx.port if kind == 'tcp' else rx.msrp_port
            with socket.create_connection(('127.0.0.1', port), timeout=5) as t:
                send_split(rng, t, data)
    except OSError:
        pass                                      # the receiver closed a bad connection


def replay(h, rx, sip, directory):
    rng = random.Random(SEED)
    for name in sorted(os.listdir(directory)):
        kind = name.split('-', 1)[1]
        with open(os.path.join(directory, name), 'rb') as f:
            send_case(rng, rx, sip, kind, f.read())
        time.sleep(0.05)
        if not rx.running():
            raise Failure('the receiver is gone after case %s' % name)
        sip.drain()
    h.ok('replayed %s: the receiver is still running' % directory)


def test(h):
    # Quiet logs: a storm under -v would spend its time writing them.
    rx = mp.msrp_receiver(h, env={'G_MESSAGES_DEBUG': '', 'TPORT_LOG': ''})
    rng = random.Random(SEED)
    sip = Sip(rx)
    sip_records = recorded_sip(rx.port)
    h.check(len(sip_records) > 20, '%d recorded SIP requests to mutate' % len(sip_records))
    if os.environ.get('NETFUZZ_REPLAY'):
        replay(h, rx, sip, os.environ['NETFUZZ_REPLAY'])
        good_message(sip, 0)
        return
    # The first finding, as a fixed case: a MESSAGE behind another in one TCP write, with a
    # Content-Length of 2^31, aborted the receiver in sofia's su_alloc (R-SEC-2).
    first = sip.request(b'MESSAGE', b'nf-pipelined-1@127.0.0.1', body=b'first').replace(
        b'SIP/2.0/UDP', b'SIP/2.0/TCP')
    second = sip.request(b'MESSAGE', b'nf-pipelined-2@127.0.0.1', body=b'second').replace(
        b'SIP/2.0/UDP', b'SIP/2.0/TCP').replace(b'Content-Length: 6', b'Content-Length: 2147483648')
    answers = b''
    with socket.create_connection(('127.0.0.1', rx.port), timeout=5) as t:
        t.sendall(first + second + b'x' * 1000)
        t.settimeout(0.5)
        deadline = time.monotonic() + 10
        while b'SIP/2.0 400' not in answers and time.monotonic() < deadline:
            try:
                more = t.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not more:
                break
            answers += more
    # The second is refused 400 and sofia closes the connection; the first was delivered
    # (its 200 finds the connection gone: sofia's choice, not checked).
    h.check(answers.startswith(b'SIP/2.0 400') and b'nf-pipelined-2' in answers,
            'a pipelined MESSAGE with Content-Length 2^31 is answered 400 (%r)' % answers[:60])
    ev = mp.wait_event(rx, 'push', 10)
    h.check(ev.get('size') == 5, 'the MESSAGE before it was delivered (%s)' % ev)
    good_message(sip, 0)  # answered: the receiver has read past the case
    h.check(rx.running(), 'a pipelined MESSAGE with Content-Length 2^31 does not abort the receiver')
    repro = os.path.join(h.tmp, 'netfuzz-repro')
    os.makedirs(repro)
    # A live session whose To-Path the mutated chunks mostly carry.
    live = open_session(sip, 0, 1 << 20)
    _, _, _, live_path, live_ours = live
    text = b'recorded chunk body ' * 8
    msrp_records = [
        chunk(b'nfrec001', live_path, live_ours, b'm1', 1, text, 1 << 20, b'+'),
        chunk(b'nfrec002', live_path, live_ours, b'm1', len(text) + 1, text, 1 << 20, b'+',
              extra=[b'Success-Report: yes', b'Failure-Report: partial']),
        chunk(b'nfrec003', live_path, live_ours, b'm2', 1, b'To: <sip:a@b>\r\n\r\nContent-Type: '
              b'text/plain\r\n\r\nhi', b'*', b'$', b'message/cpim'),
        chunk(b'nfrec004', live_path, live_ours, b'm3', 1, b'', 0),
        chunk(b'nfrec005', b'msrp://127.0.0.1:%d/nosuchsession;tcp' % rx.msrp_port, live_ours,
              b'm4', 1, text, len(text)),
        b'MSRP nfrep001 REPORT\r\nTo-Path: ' + live_path + b'\r\nFrom-Path: ' + live_ours
        + b'\r\nMessage-ID: m1\r\nByte-Range: 1-10/10\r\nStatus: 000 200 OK\r\n-------nfrep001$\r\n',
    ]
    everything = sip_records + msrp_records
    cases, since_check, checks, k = 0, [], 0, 1
    deadline = time.monotonic() + SECONDS

    def save_repro():
        for i, (kind, data) in enumerate(since_check):
            with open(os.path.join(repro, '%04d-%s' % (i, kind)), 'wb') as f:
                f.write(data)
        peers.log('reproducer: %d cases in %s' % (len(since_check), repro))

    def check():
        nonlocal k
        try:
            h.check(rx.running(), 'receiver still running after %d cases' % cases)
            good_message(sip, k)
            good_transfer(h, rx, sip, k)
        except Failure:
            save_repro()
            raise
        k += 1

    while time.monotonic() < deadline:
        kind = rng.choice(['udp', 'udp', 'tcp', 'msrp', 'msrp'])
        if kind == 'udp':
            data = mutate(rng, rng.choice(sip_records), everything)[:65000]
        elif kind == 'tcp':
            data = b''.join(mutate(rng, rng.choice(sip_records), everything)
                            for _ in range(rng.randint(1, 3)))
        else:
            data = b''.join(mutate(rng, rng.choice(msrp_records), everything)
                            if rng.random() < 0.8 else rng.choice(msrp_records)
                            for _ in range(rng.randint(1, 4)))
        since_check.append((kind, data))
        send_case(rng, rx, sip, kind, data)
        if kind == 'udp' and cases % 20 == 0:
            sip.drain()
        cases += 1
        if cases % CHECK_EVERY == 0:
            check()
            checks += 1
            since_check = []
    check()
    checks += 1
    h.ok('%d mutated cases in %.0f s, %d liveness checks (a MESSAGE 200 and a file each)'
         % (cases, SECONDS, checks))
    close_session(sip, live)
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    err = rx.stderr_text()
    for bad in ('AddressSanitizer', 'LeakSanitizer', 'runtime error', 'Assertion', 'CRITICAL'):
        if bad in err:
            save_repro()
        h.check(bad not in err, 'no "%s" in the receiver log' % bad)
    rx.check_stdout_clean()


peers.main(test, peers=())
