#!/usr/bin/env python3
"""Self-test of the test-side MSRP sender (msrp_sender.py), with no sippush code involved:
a tiny fake MSRP receiver written here on its own (minimal, strict about what the sender
must get right) checks the sender's framing per RFC 4975 (start line, To-Path/From-Path
first, Byte-Range start-end/total, Content-Type last, CRLF before the end-line, '+' '$' '#'
end-lines), message/cpim wrapping (RFC 3862), chunk order, interruption and abort, several
sessions over one connection, pipelining (the fake answers nothing until it has read every
chunk), the drop-after option and the SIP INFO it sends to SIPp when done; and that the
sender records responses and REPORTs correctly. Exits 0 (pass) or 1 (fail)."""
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SENDER = os.path.join(HERE, 'msrp_sender.py')


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)
    print('ok: ' + msg, flush=True)


# ---------------------------------------------------------------------------------------
# The fake receiver: one listening socket; every connection read to EOF in a thread.

class FakeReceiver:
    def __init__(self, sessions, respond_after=0, reply=None):
        """sessions: the session ids it knows (others get 481). respond_after: hold every
        response until this many chunks are in (pipelining check). reply: {session: status}
        to answer something else than 200."""
        self.sessions = set(sessions)
        self.respond_after = respond_after
        self.reply = reply or {}
        self.ls = socket.socket()
        self.ls.bind(('127.0.0.1', 0))
        self.ls.listen(8)
        self.port = self.ls.getsockname()[1]
        self.conns = []           # per connection: {'chunks': [...], 'bytes': N, 'error': str}
        self.lock = threading.Lock()
        self.done = threading.Event()
        threading.Thread(target=self.accept, daemon=True).start()

    def path(self, session):
        return 'msrp://127.0.0.1:%d/%s;tcp' % (self.port, session)

    def accept(self):
        while True:
            try:
                c, _ = self.ls.accept()
            except OSError:
                return
            rec = {'chunks': [], 'bytes': 0, 'error': None, 'closed': False}
            with self.lock:
                self.conns.append(rec)
            threading.Thread(target=self.serve, args=(c, rec), daemon=True).start()

    def serve(self, c, rec):
        data = b''
        pending = []
        try:
            while True:
                b = c.recv(65536)
                if not b:
                    break
                rec['bytes'] += len(b)
                data += b
                while True:
                    frame, data = self.parse(data)
                    if frame is None:
                        break
                    rec['chunks'].append(frame)
                    pending.append(frame)
                    if len(rec['chunks']) >= self.respond_after:
                        for f in pending:
                            self.answer(c, f, rec)
                        pending = []
        except Exception as e:
            rec['error'] = str(e)
        rec['leftover'] = data
        rec['closed'] = True
        c.close()

    @staticmethod
    def parse(data):
        """A whole SEND frame from the front of data, or (None, data) when incomplete."""
        i = data.find(b'\r\n\r\n')
        j = data.find(b'\r\n-------')
        if i < 0 and j < 0:
            return None, data
        first = data.split(b'\r\n', 1)[0]
        m = re.match(rb'^MSRP ([A-Za-z0-9][A-Za-z0-9.+%=-]{2,31}) SEND$', first)
        if not m:
            raise Fail('bad start line %r' % first[:100])
        tid = m.group(1)
        end = b'-------' + tid
        # Headers end either at an empty line (a body follows) or at the end-line.
        lines_end = i if (i >= 0 and (j < 0 or i < j + 2)) else -1
        if lines_end >= 0 and data[:lines_end + 2].find(b'\r\n' + end) >= 0:
            lines_end = -1
        if lines_end < 0:
            k = data.find(b'\r\n' + end)
            if k < 0 or len(data) < k + len(end) + 5:
                return None, data
            head = data[:k]
            body = None
            flag = data[k + 2 + len(end):k + 3 + len(end)]
            tail = data[k + 3 + len(end):k + 5 + len(end)]
            rest = data[k + 5 + len(end):]
        else:
            head = data[:lines_end]
            k = data.find(b'\r\n' + end, lines_end + 4)
            if k < 0 or len(data) < k + len(end) + 5:
                return None, data
            body = data[lines_end + 4:k]
            flag = data[k + 2 + len(end):k + 3 + len(end)]
            tail = data[k + 3 + len(end):k + 5 + len(end)]
            rest = data[k + 5 + len(end):]
        if flag not in (b'$', b'+', b'#') or tail != b'\r\n':
            raise Fail('bad end-line flag %r tail %r' % (flag, tail))
        hdrs = []
        for line in head.split(b'\r\n')[1:]:
            k2, sep, v = line.decode().partition(':')
            if not sep or v[:1] != ' ':
                raise Fail('bad header line %r' % line)
            hdrs.append((k2, v[1:]))
        return {'tid': tid.decode(), 'headers': hdrs, 'body': body, 'flag': flag.decode()}, rest

    def answer(self, c, f, rec):
        h = dict(f['headers'])
        to, frm = h['To-Path'], h['From-Path']
        session = to.rsplit('/', 1)[1].split(';')[0]
        status = 481 if session not in self.sessions else self.reply.get(session, 200)
        fr = h.get('Failure-Report', 'yes')
        if fr == 'yes' or (fr == 'partial' and status != 200):
            c.sendall(('MSRP %s %d %s\r\nTo-Path: %s\r\nFrom-Path: %s\r\n-------%s$\r\n'
                       % (f['tid'], status, 'OK' if status == 200 else 'No', frm, to, f['tid'])).encode())
        if status != 200 or f['flag'] != '$' or h.get('Success-Report') != 'yes':
            return
        mid = h['Message-ID']
        total = int(h['Byte-Range'].split('/')[1])
        covered = sum(len(x['body'] or b'') for x in rec['chunks']
                      if dict(x['headers'])['Message-ID'] == mid)
        if covered == total:
            c.sendall(('MSRP r%s REPORT\r\nTo-Path: %s\r\nFrom-Path: %s\r\nMessage-ID: %s\r\n'
                       'Byte-Range: 1-%d/%d\r\nStatus: 000 200 OK\r\n-------r%s$\r\n'
                       % (f['tid'][:20], frm, to, mid, total, total, f['tid'][:20])).encode())

    def close(self):
        self.ls.close()


# ---------------------------------------------------------------------------------------
# A fake SIP UAS answering like the receiver's contract (for running the SIPp scenarios
# end to end without sippush): 200 OK with an MSRP answer pointing at a FakeReceiver.

class FakeUAS:
    def __init__(self, msrp, refuse_second=False, status=200, limit=None):
        self.msrp = msrp
        self.refuse_second = refuse_second
        self.status = status
        self.limit = limit
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.port = self.sock.getsockname()[1]
        self.sessions = set()
        self.seen = []            # (method or status, call-id)
        self.paths = {}
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while True:
            try:
                data, addr = self.sock.recvfrom(65535)
            except OSError:
                return
            head, _, body = data.partition(b'\r\n\r\n')
            lines = head.decode().split('\r\n')
            if lines[0].startswith('SIP/2.0'):
                continue
            method = lines[0].split(' ', 1)[0]
            hdrs = [(l.split(':', 1)[0].strip(), l.split(':', 1)[1].strip()) for l in lines[1:] if ':' in l]
            h = {k.lower(): v for k, v in hdrs}
            cid = h['call-id']
            self.seen.append((method, cid, h.get('via', '')))
            if method == 'ACK':
                continue
            status, extra, sdp = 200, [], b''
            if method == 'INVITE' and cid not in self.sessions:
                if self.limit is not None and len(self.sessions) >= self.limit:
                    status = 486
                else:
                    status = self.status
                if status == 200:
                    self.sessions.add(cid)
            if method == 'BYE':
                self.sessions.discard(cid)
            if method in ('INVITE', 'UPDATE') and status == 200:
                extra = ['Require: timer', 'Session-Expires: 1800;refresher=uac']
            if method == 'INVITE' and status == 200:
                sdp = self.answer(cid, body.decode())
            resp = ['SIP/2.0 %d %s' % (status, {200: 'OK', 486: 'Busy Here', 488: 'Not Acceptable Here'}[status])]
            resp += ['%s: %s' % (k, v) for k, v in hdrs if k.lower() in ('via', 'from', 'call-id', 'cseq')]
            resp.append('To: %s%s' % (h['to'], '' if 'tag=' in h['to'] else ';tag=uas1'))
            resp += ['Contact: <sip:uas@127.0.0.1:%d>' % self.port, 'Allow: INVITE, ACK, BYE, CANCEL, UPDATE'] + extra
            if sdp:
                resp += ['Content-Type: application/sdp']
            resp += ['Content-Length: %d' % len(sdp), '', '']
            self.sock.sendto('\r\n'.join(resp).encode() + sdp, addr)

    def answer(self, cid, offer):
        out = ['v=0', 'o=uas 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0']
        n = 0
        for line in offer.split('\r\n'):
            if line.startswith('m='):
                n += 1
                refused = self.refuse_second and n == 2
                out.append('m=message %d TCP/MSRP *' % (0 if refused else self.msrp.port))
                if not refused:
                    sess = '%s-%d' % (re.sub(r'[^A-Za-z0-9]', '', cid)[:20], n)
                    self.paths.setdefault(cid, []).append(sess)
                    self.msrp.sessions.add(sess)
                    out += ['a=recvonly', 'a=path:%s' % self.msrp.path(sess)]
            elif line.startswith(('a=accept-types:', 'a=file-selector:')) and not (self.refuse_second and n == 2):
                out.append(line)
        return ('\r\n'.join(out) + '\r\n').encode()


def sipp_bin():
    import shutil
    return os.environ.get('SIPPUSH_SIPP') or shutil.which('sipp')


def run_sipp(tmp, scenario, uas, keys, extra=(), timeout=30):
    sipp = sipp_bin()
    sdir = os.path.join(os.environ.get('SIPPUSH_TESTS_DIR') or os.path.dirname(HERE), 'sipp')
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    argv = [sipp, '127.0.0.1:%d' % uas.port, '-sf', os.path.join(sdir, scenario), '-i', '127.0.0.1',
            '-p', str(port), '-m', '1', '-nostdin', '-timeout', '%ds' % timeout, '-timeout_error',
            '-trace_err', '-error_file', os.path.join(tmp, scenario + '.err'), '-s', 'alice']
    for k, v in keys.items():
        argv += ['-key', k, v]
    argv += list(extra)
    p = subprocess.run(argv, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout + 10)
    err = ''
    try:
        with open(os.path.join(tmp, scenario + '.err')) as f:
            err = f.read()[-1500:]
    except OSError:
        pass
    return p.returncode, (err if p.returncode != 0 else ''), port


def scenarios_selftest(tmp, fpath, p2):
    """The tests/sipp/invite_msrp*.xml scenarios against FakeUAS + FakeReceiver: SIPp loads
    them, its ereg assertions accept a contract-conforming answer, the <exec>'d sender
    pushes the file(s) and its INFO lets the call end with BYE / 200."""
    if not sipp_bin():
        print('sipp not installed: scenario part skipped', flush=True)
        return
    import shlex
    fs = 'name:"My cool picture.jpg" type:image/jpeg size:5000'
    common = {'ac': '*;+g.oma.pusheventappp="mms.ua"', 'pai': 'sip:pushsender@example.net',
              'python': sys.executable, 'sender': SENDER}
    for scen, kw in (('invite_msrp.xml', {}), ('invite_msrp_refresh.xml', {})):
        fk = FakeReceiver([])
        uas = FakeUAS(fk)
        out = os.path.join(tmp, scen + '.json')
        keys = dict(common, accept_types='message/cpim', fs=fs,
                    sender_args=' '.join(shlex.quote(a) for a in [fpath, '--cpim', '--success-report', 'yes', '--result', out]))
        rc, err, _ = run_sipp(tmp, scen, uas, keys)
        check(rc == 0, '%s against a contract-conforming fake: SIPp exit 0 (%s)' % (scen, err))
        with open(out) as f:
            r = json.load(f)
        check(r['messages'][0]['statuses'] == [200, 200, 200] and len(r['messages'][0]['reports']) == 1,
              '%s: the exec-ed sender pushed the file to the captured a=path' % scen)
        methods = [m for m, _, _ in uas.seen]
        want = ['INVITE', 'ACK', 'BYE'] if scen == 'invite_msrp.xml' else ['INVITE', 'ACK', 'UPDATE', 'INVITE', 'ACK', 'BYE']
        check(methods == want, '%s: SIP flow %s' % (scen, methods))
    for scen, refuse in (('invite_msrp_2files.xml', False), ('invite_msrp_2files_refused.xml', True)):
        fk = FakeReceiver([])
        uas = FakeUAS(fk, refuse_second=refuse)
        out = os.path.join(tmp, scen + '.json')
        files = [fpath] if refuse else [fpath, p2]
        keys = dict(common, accept_types1='image/jpeg', accept_types2='application/octet-stream',
                    fs1=fs, fs2='name:"second.bin" type:application/octet-stream size:3000',
                    sender_args=' '.join(shlex.quote(a) for a in files + ['--success-report', 'yes', '--result', out]))
        rc, err, _ = run_sipp(tmp, scen, uas, keys)
        check(rc == 0, '%s against the fake: SIPp exit 0 (%s)' % (scen, err))
        with open(out) as f:
            r = json.load(f)
        check(len(r['messages']) == len(files) and all(len(m['reports']) == 1 for m in r['messages'])
              and len({m['to_path'] for m in r['messages']}) == len(files),
              '%s: %d file(s), each to its own a=path, each REPORTed' % (scen, len(files)))
        check([m['from_path'].split('/')[3] for m in r['messages']] == ['jshA7we;tcp', 'kx92mQp;tcp'][:len(files)],
              "%s: each file's From-Path is its m= line's a=path of the offer" % scen)
    # 488: the ACK reuses the INVITE's branch
    uas = FakeUAS(FakeReceiver([]), status=488)
    rc, err, _ = run_sipp(tmp, 'invite_msrp_488.xml', uas, dict(common, accept_types='text/x-nothing', fs=fs))
    vias = {m: v for m, _, v in uas.seen}
    check(rc == 0 and [m for m, _, _ in uas.seen] == ['INVITE', 'ACK']
          and vias['INVITE'].split('branch=')[1] == vias['ACK'].split('branch=')[1],
          'invite_msrp_488.xml: 488 then ACK on the INVITE branch (%s)' % err)
    # held sessions: 3 calls against a limit of 2; the test side sends the INFOs
    uas = FakeUAS(FakeReceiver([]), limit=2)
    res = {}

    def bg():
        res['r'] = run_sipp(tmp, 'invite_msrp_hold.xml', uas, dict(common, accept_types='image/jpeg', fs=fs),
                            extra=['-m', '3', '-l', '3', '-r', '50', '-cid_str', 'held-%u@%s'])
    t = threading.Thread(target=bg)
    t.start()
    # every INVITE answered and ACKed (2xx and 486 alike) before the INFOs go
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and [m for m, _, _ in uas.seen].count('ACK') < 3:
        time.sleep(0.02)
    vias = [v for m, _, v in uas.seen if m == 'INVITE']
    check(len(vias) == 3, 'invite_msrp_hold.xml: 3 INVITEs answered and ACKed')
    sport = int(re.search(r'127\.0\.0\.1:(\d+)', vias[0]).group(1))
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(1, 4):
        u.sendto(('INFO sip:sipp@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-%d\r\n'
                  'From: <sip:t@x>;tag=1\r\nTo: <sip:sipp@x>\r\nCall-ID: held-%d@127.0.0.1\r\nCSeq: 1 INFO\r\n'
                  'Content-Length: 0\r\n\r\n' % (i, i)).encode(), ('127.0.0.1', sport))
    t.join(30)
    rc, err, _ = res['r']
    check(rc == 0 and [m for m, _, _ in uas.seen].count('BYE') == 2,
          'invite_msrp_hold.xml: 2 held then BYE, the third refused 486 and ACKed (%s)' % err)
    br = {m: v.split('branch=')[1] for m, c, v in uas.seen if c == 'held-3@127.0.0.1'}
    check(br.get('INVITE') == br.get('ACK'), 'invite_msrp_hold.xml: the ACK of the 486 is on the INVITE branch: %s' % br)


# ---------------------------------------------------------------------------------------

def run_sender(tmp, argv, timeout=30):
    out = os.path.join(tmp, 'result.json')
    if os.path.exists(out):
        os.unlink(out)
    cmd = [sys.executable, SENDER] + [str(a) for a in argv] + ['--result', out, '--wait', '5']
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if p.returncode != 0:
        raise Fail('sender exited %d: %s' % (p.returncode, p.stderr.decode()[-1500:]))
    with open(out) as f:
        return json.load(f)


def reassemble(chunks, mid):
    """Write each chunk's body at its Byte-Range start; check the framing rules."""
    got = {}
    total = None
    for c in chunks:
        h = dict(c['headers'])
        if h.get('Message-ID') != mid:
            continue
        names = [k for k, _ in c['headers']]
        check(names[:2] == ['To-Path', 'From-Path'], '%s: To-Path, From-Path come first (%s)' % (c['tid'], names))
        if c['body'] is not None:
            check(names[-1] == 'Content-Type', '%s: Content-Type is the last header' % c['tid'])
        m = re.match(r'^(\d+)-(\d+|\*)/(\d+)$', h['Byte-Range'])
        check(m is not None, '%s: Byte-Range %s is start-end/total' % (c['tid'], h['Byte-Range']))
        start, end, tot = int(m.group(1)), m.group(2), int(m.group(3))
        total = tot
        n = len(c['body'] or b'')
        if end != '*' and c['flag'] != '#':
            check(int(end) - start + 1 == n, '%s: Byte-Range %s matches the %d body bytes'
                  % (c['tid'], h['Byte-Range'], n))
        for i in range(n):
            got[start - 1 + i] = c['body'][i]
    data = bytes(got.get(i, 0) for i in range(total or 0))
    return data, set(got), total


def main():
    tmp = tempfile.mkdtemp(prefix='msrp-sender-selftest-')
    payload = bytes((i * 7 + 3) % 251 for i in range(5000))
    fpath = os.path.join(tmp, 'My cool picture.jpg')
    with open(fpath, 'wb') as f:
        f.write(payload)
    p2 = os.path.join(tmp, 'second.bin')
    with open(p2, 'wb') as f:
        f.write(os.urandom(3000))

    # 1. In order, 2048-byte chunks, pipelined: the fake answers nothing before all 3 are in.
    fk = FakeReceiver(['s1'], respond_after=3)
    r = run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--success-report', 'yes'])
    chunks = fk.conns[0]['chunks']
    check(len(fk.conns) == 1 and len(chunks) == 3, 'in order: one connection, 3 chunks')
    check([dict(c['headers'])['Byte-Range'] for c in chunks] == ['1-2048/5000', '2049-4096/5000', '4097-5000/5000'],
          'in order: Byte-Ranges 1-2048, 2049-4096, 4097-5000 of 5000')
    check([c['flag'] for c in chunks] == ['+', '+', '$'], "in order: end-lines + + $")
    data, _, _ = reassemble(chunks, r['messages'][0]['message_id'])
    check(data == payload, 'in order: reassembled bytes equal the file')
    m = r['messages'][0]
    check(m['statuses'] == [200, 200, 200], 'sender recorded a 200 per chunk: %s' % m['statuses'])
    check(len(m['reports']) == 1 and m['reports'][0]['status'] == '000 200 OK'
          and m['reports'][0]['byte_range'] == '1-5000/5000',
          'sender matched the REPORT (000 200 OK, 1-5000/5000): %s' % m['reports'])
    check(m['file_sha1'] == hashlib.sha1(payload).hexdigest(), 'sender recorded the file sha-1')
    check(not r['errors'] and not r['outstanding'], 'nothing outstanding, no errors: %s' % r['errors'])
    fk.close()

    # 2. Reverse and shuffled order
    for order in (['--order', 'reverse'], ['--order', 'shuffle', '--seed', '7']):
        fk = FakeReceiver(['s1'])
        r = run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--chunk-size', '700'] + order)
        chunks = fk.conns[0]['chunks']
        starts = [int(dict(c['headers'])['Byte-Range'].split('-')[0]) for c in chunks]
        check(starts != sorted(starts), '%s: chunks not in ascending order: %s' % (order[1], starts))
        data, cov, _ = reassemble(chunks, r['messages'][0]['message_id'])
        check(data == payload and len(cov) == 5000, '%s: reassembled bytes equal the file' % order[1])
        check([c['flag'] for c in chunks][-1] == '$' and all(c['flag'] == '+' for c in chunks[:-1]),
              "%s: '$' only on the last chunk sent" % order[1])
        fk.close()
    r2 = run_sender(tmp, ['--to-path', FakeReceiver(['s1']).path('s1'), fpath, '--chunk-size', '700',
                          '--order', 'shuffle', '--seed', '7'])
    check([c['start'] for c in r2['messages'][0]['chunks']] == [c['start'] for c in r['messages'][0]['chunks']],
          'shuffle with the same seed gives the same order')

    # 3. message/cpim wrapping
    fk = FakeReceiver(['s1'])
    r = run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--cpim', '--type', 'image/jpeg',
                         '--cpim-datetime', '2006-05-15T15:02:31-03:00', '--chunk-size', '4096',
                         '--disposition', 'render; filename="My cool picture.jpg"; size=5000'])
    chunks = fk.conns[0]['chunks']
    check(all(dict(c['headers'])['Content-Type'] == 'message/cpim' for c in chunks), 'cpim: Content-Type message/cpim')
    data, _, total = reassemble(chunks, r['messages'][0]['message_id'])
    prefix = (b'To: <sip:alice@127.0.0.1>\r\nFrom: <sip:pushsender@example.net>\r\n'
              b'DateTime: 2006-05-15T15:02:31-03:00\r\n\r\n'
              b'Content-Disposition: render; filename="My cool picture.jpg"; size=5000\r\n'
              b'Content-Type: image/jpeg\r\n\r\n')
    check(data == prefix + payload, 'cpim: headers, blank line, content headers, blank line, body')
    check(total == len(prefix) + 5000 == r['messages'][0]['total'],
          'cpim: Byte-Range total counts the wrapper (%d)' % total)

    # 4. Interrupted chunk
    fk = FakeReceiver(['s1'])
    r = run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--interrupt', '1000'])
    chunks = fk.conns[0]['chunks']
    brs = [dict(c['headers'])['Byte-Range'] for c in chunks]
    check(brs[:2] == ['1-*/5000', '1001-2048/5000'] and chunks[0]['flag'] == '+'
          and len(chunks[0]['body']) == 1000,
          "interrupt: 1-*/5000 cut with '+' after 1000 bytes, then 1001-2048: %s" % brs)
    data, _, _ = reassemble(chunks, r['messages'][0]['message_id'])
    check(data == payload, 'interrupt: reassembled bytes equal the file')
    check(r['messages'][0]['interrupted'], 'sender recorded the interruption')

    # 5. Abort
    fk = FakeReceiver(['s1'])
    r = run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--abort-after', '3000', '--success-report', 'yes'])
    chunks = fk.conns[0]['chunks']
    check([c['flag'] for c in chunks] == ['+', '#'] and len(chunks[1]['body']) == 952
          and dict(chunks[1]['headers'])['Byte-Range'] == '2049-3000/5000',
          "abort: 2048 bytes '+', then 952 bytes ending '#' (Byte-Range 2049-3000/5000)")
    check(r['messages'][0]['aborted'] and not r['outstanding'], 'abort: recorded; no REPORT awaited')

    # 6. Two files, two sessions, one connection; a wrong session id gets 481.
    fk = FakeReceiver(['sA', 'sB'])
    plan = os.path.join(tmp, 'plan.json')
    with open(plan, 'w') as f:
        json.dump([{'file': fpath}, {'file': p2, 'to_path': fk.path('sB')},
                   {'file': p2, 'to_path': fk.path('sB'), 'wrong_session': True, 'chunk_size': 5000}], f)
    r = run_sender(tmp, ['--plan', plan, '--to-path', fk.path('sA'), '--success-report', 'yes'])
    check(len(fk.conns) == 1, 'several sessions: one TCP connection')
    tos = [dict(c['headers'])['To-Path'] for c in fk.conns[0]['chunks']]
    check(tos.count(fk.path('sA')) == 3 and tos.count(fk.path('sB')) == 2, 'chunks routed by To-Path: %s' % tos)
    ms = r['messages']
    check(ms[0]['statuses'] == [200] * 3 and ms[1]['statuses'] == [200, 200], 'both files: 200 per chunk')
    check(ms[2]['statuses'] == [481] and ms[2]['to_path'] != fk.path('sB'),
          'wrong session id: 481 recorded (%s)' % ms[2]['to_path'])
    check(len(ms[0]['reports']) == 1 and len(ms[1]['reports']) == 1 and not ms[2]['reports'],
          'REPORTs matched per Message-ID')

    # 6b. The same two files interleaved chunk by chunk
    fk = FakeReceiver(['sA', 'sB'])
    r = run_sender(tmp, ['--to-path', fk.path('sA'), fpath, '--to-path', fk.path('sB'), p2, '--interleave',
                         '--success-report', 'yes'])
    tos = [dict(c['headers'])['To-Path'].split('/')[3] for c in fk.conns[0]['chunks']]
    check(tos == ['sA;tcp', 'sB;tcp', 'sA;tcp', 'sB;tcp', 'sA;tcp'], 'interleave: chunks alternate: %s' % tos)
    check(all(len(m['reports']) == 1 for m in r['messages']), 'interleave: both REPORTed')
    for i, data in enumerate((payload, open(p2, 'rb').read())):
        got, _, _ = reassemble(fk.conns[0]['chunks'], r['messages'][i]['message_id'])
        check(got == data, 'interleave: file %d reassembled' % i)

    # 7. Failure-Report: no: no response awaited; the REPORT still is.
    fk = FakeReceiver(['s1'])
    r = run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--failure-report', 'no', '--success-report', 'yes'])
    check(all(dict(c['headers'])['Failure-Report'] == 'no' for c in fk.conns[0]['chunks']), 'Failure-Report: no sent')
    check(r['messages'][0]['statuses'] == [None] * 3 and len(r['messages'][0]['reports']) == 1
          and not r['outstanding'], 'Failure-Report: no: no responses, REPORT received, nothing outstanding')

    # 8. Drop the connection after N bytes (mid-chunk)
    fk = FakeReceiver(['s1'])
    r = run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--drop-after', '2500'])
    deadline = time.monotonic() + 5
    while not fk.conns[0]['closed'] and time.monotonic() < deadline:
        time.sleep(0.01)
    check(fk.conns[0]['closed'] and fk.conns[0]['bytes'] == 2500 and r['dropped'] and r['bytes_sent'] == 2500,
          'drop-after: the peer saw exactly 2500 bytes, then EOF')

    # 9. The SIP INFO to SIPp when done
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(('127.0.0.1', 0))
    u.settimeout(5)
    fk = FakeReceiver(['s1'])
    run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--notify-sip', '127.0.0.1:%d' % u.getsockname()[1],
                     '--notify-call-id', 'call-42@x'])
    info = u.recv(4096)
    check(info.startswith(b'INFO sip:') and b'\r\nCall-ID: call-42@x\r\n' in info, 'INFO with the Call-ID sent when done')

    # 10. Slow sending
    fk = FakeReceiver(['s1'])
    t0 = time.monotonic()
    run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--delay', '0.2'])
    check(time.monotonic() - t0 >= 0.4, 'delay: 0.2 s between the 3 chunks')

    # 10b. --progress: a JSON line per chunk answered 200, the acked bytes growing; a chunk
    # answered otherwise adds none (the file is still created, empty).
    fk = FakeReceiver(['s1'])
    prog = os.path.join(tmp, 'progress.jsonl')
    r = run_sender(tmp, ['--to-path', fk.path('s1'), fpath, '--progress', prog])
    with open(prog) as f:
        text = f.read()
    check(text.endswith('\n'), '--progress: whole lines')
    lines = [json.loads(l) for l in text.splitlines()]
    check([(l['message'], l['chunks'], l['bytes'], l['acked'], l['byte_range']) for l in lines]
          == [(0, 1, 2048, 2048, '1-2048/5000'), (0, 2, 2048, 4096, '2049-4096/5000'),
              (0, 3, 904, 5000, '4097-5000/5000')],
          '--progress: one line per 200, acked 2048, 4096, 5000: %s' % lines)
    check([l['tid'] for l in lines] == [c['tid'] for c in r['messages'][0]['chunks']],
          '--progress: the tids of the chunks answered')
    fk = FakeReceiver(['s1'])
    r = run_sender(tmp, ['--to-path', fk.path('s1').replace('/s1;', '/zz;'), fpath, '--progress', prog])
    check(r['messages'][0]['statuses'] == [481] * 3 and os.path.getsize(prog) == 0,
          '--progress: recreated empty at start; no line for a 481')

    # 11. Connection refused: exit 3 and a JSON result saying so
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    out = os.path.join(tmp, 'refused.json')
    p = subprocess.run([sys.executable, SENDER, '--to-path', 'msrp://127.0.0.1:%d/x;tcp' % port, fpath,
                        '--result', out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
    with open(out) as f:
        rr = json.load(f)
    check(p.returncode == 3 and rr['connected'] is False, 'connection refused: exit 3, connected false')

    # 12. The SIPp scenarios, end to end against fakes
    scenarios_selftest(tmp, fpath, p2)
    print('PASS msrp_sender self-test', flush=True)


if __name__ == '__main__':
    try:
        main()
    except Fail as e:
        print('FAIL: %s' % e, flush=True)
        sys.exit(1)
    sys.exit(0)
