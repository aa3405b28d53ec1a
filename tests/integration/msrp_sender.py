#!/usr/bin/env python3
"""An MSRP (RFC 4975) file sender for the sippush integration tests.

Written from RFC 4975 (framing, chunking, reports), RFC 3862 (message/cpim) and RFC 5547
(file transfer) on its own, with the Python 3 standard library only; it shares no code with
the library's parser, so the two cannot agree on a misreading by construction.

It opens ONE TCP connection (TLS when that To-Path is msrps:, RFC 4975 section 14: see the
--tls-* options) to the host:port of the first To-Path, sends every message as
SEND chunks on it (several messages may go to several sessions over that one connection),
reads every response and REPORT in a thread while it is still sending (pipelining), matches
them to what it sent, and writes a JSON record of the exchange.

Usage (also from SIPp's <exec command="...">; every value is on the command line):

  msrp_sender.py --to-path msrp://127.0.0.1:4711/sess;tcp FILE [--to-path URI2 FILE2 ...]
                 [--chunk-size N] [--order in|reverse|shuffle] [--seed N] [--cpim] ...
                 [--result OUT.json] [--json] [--progress PROGRESS]

Files and To-Paths pair up in order (FILE i goes to --to-path i; with fewer To-Paths than
files, the last one is reused). Every option applies to every message; --plan PLAN.json gives
per-message overrides (a list of objects; keys are the long option names with '_' for '-',
plus "file" and "to_path"), e.g. [{"file": "a.jpg", "wrong_session": true}, {"file": "b"}].
Run with --help for the list. Exit status: 0 when the exchange ran (whatever the statuses:
the JSON says what came back), 2 on a usage error, 3 when the connection could not be opened.

The JSON result:
  {"connected": true, "local": "127.0.0.1:PORT", "peer": "127.0.0.1:PORT",
   "bytes_sent": N, "dropped": false, "peer_closed": false, "errors": [...],
   "messages": [{"index": 0, "file": PATH, "name": NAME, "message_id": ID, "to_path": URI,
                 "from_path": URI, "content_type": T, "total": N (MSRP bytes, CPIM included),
                 "file_size": N, "file_sha1": HEX, "aborted": false, "interrupted": false,
                 "chunks": [{"tid": T, "byte_range": "1-2048/4385", "flag": "$",
                             "body_bytes": N, "status": 200|null, "comment": "OK",
                             "response_byte_range": ...}],
                 "statuses": [200, 200], "reports": [{"status": "000 200 OK",
                 "byte_range": "1-4385/4385", "message_id": ID, "tid": T}]}],
   "responses": [every response: {"tid", "status", "comment", "headers", "matched"}],
   "reports": [every REPORT: {"tid", "message_id", "status", "byte_range", "headers"}],
   "requests": [any other request the peer sent]}

--progress FILE: the file is created empty when the sender starts; then, as each chunk's
first response arrives with status 200, one JSON line is appended with a single write(2)
(a reader that finds a last line without its newline skips it until it is whole):
  {"message": INDEX, "tid": T, "byte_range": "1-2048/40960", "bytes": N (this chunk's
   body), "acked": N (body bytes of that message answered 200 so far), "chunks": N
   (its chunks answered 200 so far), "t": SECONDS}
A test waits on it to know the receiver has taken part of a message (e.g. before a BYE).
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import re
import socket
import ssl
import string
import sys
import threading
import time

CRLF = b'\r\n'
END_DASHES = b'-------'
MAX_HEADER_LINE = 64 * 1024        # what we accept from the peer per line


def log(args, msg):
    if args.verbose:
        sys.stderr.write('msrp_sender: %s\n' % msg)
        sys.stderr.flush()


def random_ident(n, rng=random.SystemRandom()):
    alphabet = string.ascii_letters + string.digits
    return ''.join(rng.choice(alphabet) for _ in range(n))


# ---------------------------------------------------------------------------------------
# MSRP URIs (RFC 4975 section 6): msrp://host:port/session-id;tcp

URI_RE = re.compile(r'^msrps?://(?:[^@/]*@)?(\[[^\]]+\]|[^:/;]+)(?::(\d+))?/([^;/]*)(;.*)?$')


def parse_uri(uri):
    m = URI_RE.match(uri)
    if not m:
        raise ValueError('not an MSRP URI: %r' % uri)
    host = m.group(1).strip('[]')
    port = int(m.group(2)) if m.group(2) else 2855
    return host, port, m.group(3), m.group(4) or ''


def with_session(uri, session):
    m = URI_RE.match(uri)
    return uri[:m.start(3)] + session + uri[m.end(3):]


# ---------------------------------------------------------------------------------------
# What one message looks like on the wire (content, wrapping, chunk plan)

class Message:
    """One MSRP message: a file (maybe wrapped in message/cpim), cut into chunks."""

    def __init__(self, index, opts, to_path, from_path):
        self.index = index
        self.o = opts
        self.path = opts['file']
        self.file_size = os.path.getsize(self.path)
        self.name = opts.get('name') or os.path.basename(self.path)
        self.file_type = opts.get('type') or 'application/octet-stream'
        self.to_path = to_path
        if opts.get('wrong_session'):
            _, _, sess, _ = parse_uri(to_path)
            self.to_path = with_session(to_path, 'x' + sess[::-1] + 'WRONG')
        self.from_path = from_path
        self.message_id = opts.get('message_id') or 'm' + random_ident(16)
        self.prefix = b''
        if opts.get('cpim'):
            self.prefix = self.cpim_prefix()
            self.content_type = opts.get('content_type') or 'message/cpim'
        else:
            self.content_type = opts.get('content_type') or self.file_type
        self.total = len(self.prefix) + self.file_size
        self.file_sha1 = self.sha1_of_file()
        self.aborted = False
        self.interrupted = False
        self.chunks = []          # records, in sending order
        self.reports = []

    def cpim_prefix(self):
        """RFC 3862 wrapper, in the order of the OMA seed's D.5 example (To, From, DateTime;
        Content-Disposition, Content-Type), each line ending in CRLF."""
        o = self.o
        dt = o.get('cpim_datetime') or datetime.datetime.now(datetime.timezone.utc).strftime(
            '%Y-%m-%dT%H:%M:%SZ')
        disp = o.get('disposition')
        if disp is None:
            disp = 'render; filename="%s"; size=%d' % (self.name, self.file_size)
        lines = ['To: %s' % (o.get('cpim_to') or '<sip:alice@127.0.0.1>'),
                 'From: %s' % (o.get('cpim_from') or '<sip:pushsender@example.net>'),
                 'DateTime: %s' % dt,
                 '']
        if disp:
            lines.append('Content-Disposition: %s' % disp)
        lines += ['Content-Type: %s' % (o.get('inner_type') or self.file_type), '', '']
        return '\r\n'.join(lines).encode('utf-8')

    def sha1_of_file(self):
        h = hashlib.sha1()
        with open(self.path, 'rb') as f:
            while True:
                b = f.read(1 << 20)
                if not b:
                    break
                h.update(b)
        return h.hexdigest()

    def read(self, f, start, n):
        """Message bytes [start, start+n) (0-based), prefix and file stitched together."""
        out = b''
        if start < len(self.prefix):
            out = self.prefix[start:start + n]
        fstart = max(0, start - len(self.prefix))
        want = n - len(out)
        if want > 0:
            f.seek(fstart)
            out += f.read(want)
        return out

    def plan(self):
        """[(start0, length, range_end_text, flag)] in sending order. range_end_text is the
        Byte-Range end as written ('*' for an interrupted chunk)."""
        o = self.o
        size = max(1, int(o.get('chunk_size') or 2048))
        sizes = [max(1, int(x)) for x in str(o.get('chunks') or '').split(',') if x.strip()]
        pieces = []
        pos = 0
        while pos < self.total:
            n = min(sizes.pop(0) if sizes else size, self.total - pos)
            pieces.append([pos, n])
            pos += n
        if not pieces:
            pieces = [[0, 0]]
        order = o.get('order') or 'in'
        if order == 'reverse':
            pieces.reverse()
        elif order == 'shuffle':
            random.Random(int(o.get('seed') or 0)).shuffle(pieces)
        elif order != 'in':
            raise ValueError('bad order %r' % order)
        out = []
        cut = o.get('interrupt')
        for start, n in pieces:
            if cut is not None and start < int(cut) < start + n:
                # RFC 4975 7.1: the sender stops the chunk early with '+'; the rest of the
                # data follows in a later chunk that starts where this one stopped.
                k = int(cut) - start
                star = (o.get('interrupt_range') or 'star') == 'star'
                out.append((start, k, '*' if star else str(start + n), '+', True))
                out.append((start + k, n - k, str(start + n), None, False))
            else:
                out.append((start, n, str(start + n), None, False))
        abort = o.get('abort_after')
        if abort is not None:
            # Send the first `abort` bytes (in sending order), then end that chunk with '#'.
            left = int(abort)
            cut_out = []
            for start, n, end, flag, intr in out:
                if left <= n:
                    cut_out.append((start, left, str(start + left) if left else '*', '#', False))
                    break
                cut_out.append((start, n, end, flag, intr))
                left -= n
            out = cut_out
        # Every chunk ends in '+' except the last one sent, which ends in '$' (or '#').
        final = []
        for i, (start, n, end, flag, intr) in enumerate(out):
            if flag is None:
                flag = '$' if i == len(out) - 1 else '+'
            final.append((start, n, end, flag, intr))
        return final


# ---------------------------------------------------------------------------------------
# The connection: a writer (main thread) and a reader thread

class Session:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Condition()
        self.by_tid = {}          # tid -> (message, chunk record)
        self.responses = []
        self.reports = []
        self.requests = []
        self.errors = []
        self.peer_closed = False
        self.peer_closed_at = None
        self.dropped = False
        self.bytes_sent = 0
        self.sock = None
        self.t0 = time.monotonic()
        self.used_tids = set()
        self.acked = {}           # message index -> (chunks answered 200, their body bytes)

    def now(self):
        return round(time.monotonic() - self.t0, 4)

    # --- reading ------------------------------------------------------------------------
    def reader(self):
        buf = b''
        try:
            while True:
                frame, buf = self.next_frame(buf)
                if frame is None:
                    break
                self.on_frame(frame)
        except Exception as e:  # record, never raise out of the thread
            with self.lock:
                self.errors.append('reader: %s' % e)
        with self.lock:
            self.peer_closed = True
            self.peer_closed_at = self.now()
            self.lock.notify_all()

    def recv_more(self, buf):
        try:
            data = self.sock.recv(65536)
        except OSError:
            data = b''
        if not data:
            return None
        return buf + data

    def next_frame(self, buf):
        """One frame (start line, headers, body, flag) from the stream, or None at EOF."""
        while CRLF not in buf:
            if len(buf) > MAX_HEADER_LINE:
                raise ValueError('start line too long')
            nb = self.recv_more(buf)
            if nb is None:
                if buf:
                    raise ValueError('connection closed inside a frame: %r' % buf[:200])
                return None, b''
            buf = nb
        line, buf = buf.split(CRLF, 1)
        m = re.match(rb'^MSRP ([A-Za-z0-9][A-Za-z0-9.+%=-]{2,31}) (.*)$', line)
        if not m:
            raise ValueError('bad start line %r' % line[:200])
        tid = m.group(1)
        rest = m.group(2).decode('utf-8', 'replace')
        end_prefix = END_DASHES + tid
        headers = []
        body = None
        flag = None
        while True:
            while CRLF not in buf:
                if len(buf) > MAX_HEADER_LINE:
                    raise ValueError('header line too long')
                nb = self.recv_more(buf)
                if nb is None:
                    raise ValueError('connection closed inside the headers of %s' % tid)
                buf = nb
            hl, buf = buf.split(CRLF, 1)
            if hl.startswith(end_prefix) and len(hl) == len(end_prefix) + 1:
                flag = hl[-1:].decode()
                break
            if hl == b'':
                # Body until CRLF end-line
                marker = CRLF + end_prefix
                while True:
                    i = buf.find(marker)
                    if i >= 0 and len(buf) >= i + len(marker) + 3:
                        body = buf[:i]
                        flag = buf[i + len(marker):i + len(marker) + 1].decode()
                        if buf[i + len(marker) + 1:i + len(marker) + 3] != CRLF:
                            raise ValueError('end-line of %s not followed by CRLF' % tid)
                        buf = buf[i + len(marker) + 3:]
                        break
                    nb = self.recv_more(buf)
                    if nb is None:
                        raise ValueError('connection closed inside the body of %s' % tid)
                    buf = nb
                break
            k, _, v = hl.decode('utf-8', 'replace').partition(':')
            headers.append((k.strip(), v.strip()))
        return {'tid': tid.decode(), 'rest': rest, 'headers': headers, 'body': body,
                'flag': flag, 't': self.now()}, buf

    @staticmethod
    def header(frame, name):
        for k, v in frame['headers']:
            if k.lower() == name.lower():
                return v
        return None

    def on_frame(self, fr):
        rest = fr['rest']
        m = re.match(r'^(\d{3})(?: (.*))?$', rest)
        with self.lock:
            if m:
                status = int(m.group(1))
                rec = {'tid': fr['tid'], 'status': status, 'comment': m.group(2) or '',
                       'headers': fr['headers'], 't': fr['t'], 'matched': False}
                owner = self.by_tid.get(fr['tid'])
                if owner:
                    msg, chunk = owner
                    rec['matched'] = True
                    rec['message_index'] = msg.index
                    if chunk['status'] is not None:
                        chunk.setdefault('extra_responses', []).append(status)
                    else:
                        chunk['status'] = status
                        chunk['comment'] = rec['comment']
                        chunk['response_byte_range'] = self.header(fr, 'Byte-Range')
                        chunk['response_t'] = fr['t']
                        if status == 200:
                            self.note_progress(msg, chunk, fr['t'])
                self.responses.append(rec)
            elif rest == 'REPORT':
                rec = {'tid': fr['tid'], 'message_id': self.header(fr, 'Message-ID'),
                       'status': self.header(fr, 'Status'),
                       'byte_range': self.header(fr, 'Byte-Range'),
                       'to_path': self.header(fr, 'To-Path'),
                       'from_path': self.header(fr, 'From-Path'),
                       'headers': fr['headers'], 't': fr['t'], 'matched': False}
                for msg in self.messages:
                    if msg.message_id == rec['message_id']:
                        rec['matched'] = True
                        rec['message_index'] = msg.index
                        msg.reports.append(rec)
                self.reports.append(rec)
                # RFC 4975 7.1.2: REPORT requests are never answered.
            else:
                self.requests.append({'tid': fr['tid'], 'method': rest, 'headers': fr['headers'],
                                      'body_len': len(fr['body'] or b''), 't': fr['t']})
            self.lock.notify_all()

    def note_progress(self, msg, chunk, t):
        """--progress: one JSON line per chunk answered 200 (under the lock)."""
        n, acked = self.acked.get(msg.index, (0, 0))
        n, acked = n + 1, acked + chunk['body_bytes']
        self.acked[msg.index] = (n, acked)
        if not self.args.progress:
            return
        line = json.dumps({'message': msg.index, 'tid': chunk['tid'], 'byte_range': chunk['byte_range'],
                           'bytes': chunk['body_bytes'], 'acked': acked, 'chunks': n, 't': t},
                          sort_keys=True) + '\n'
        try:
            # One write(2) of the whole line, appended: readers see whole lines only.
            fd = os.open(self.args.progress, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)
        except OSError as e:
            self.errors.append('progress %s: %s' % (self.args.progress, e))

    # --- writing ------------------------------------------------------------------------
    def write(self, data):
        """Send data, honouring --drop-after; False once the connection is gone."""
        if self.dropped:
            return False
        limit = self.args.drop_after
        if limit is not None and self.bytes_sent + len(data) >= limit:
            part = data[:max(0, limit - self.bytes_sent)]
            try:
                self.sock.sendall(part)
                self.bytes_sent += len(part)
            except OSError as e:
                self.errors.append('send: %s' % e)
            self.drop()
            return False
        try:
            self.sock.sendall(data)
        except OSError as e:
            with self.lock:
                self.errors.append('send: %s' % e)
            return False
        self.bytes_sent += len(data)
        return True

    def drop(self):
        with self.lock:
            self.dropped = True
            self.dropped_at = self.now()
        log(self.args, 'dropping the connection after %d bytes' % self.bytes_sent)
        if self.args.drop_rst:
            import struct
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        try:
            self.sock.close()
        except OSError:
            pass

    def new_tid(self, body):
        while True:
            tid = 't' + random_ident(11)
            if tid not in self.used_tids and (END_DASHES + tid.encode()) not in body:
                self.used_tids.add(tid)
                return tid

    def send_message(self, msg):
        for ok in self.message_chunks(msg):
            if not ok:
                return False
        return True

    def send_interleaved(self, msgs):
        """Round-robin: one chunk of each message in turn (RFC 4975 allows chunks of
        several messages, of several sessions, to alternate on one connection)."""
        gens = [self.message_chunks(m) for m in msgs]
        while gens:
            for g in list(gens):
                try:
                    if not next(g):
                        return False
                except StopIteration:
                    gens.remove(g)
        return True

    def message_chunks(self, msg):
        """Send msg chunk by chunk; yields True after each chunk, False once the
        connection is gone."""
        o = msg.o
        plan = msg.plan()
        delay = float(o.get('delay') or 0)
        with open(msg.path, 'rb') as f:
            for i, (start, n, end_text, flag, intr) in enumerate(plan):
                body = msg.read(f, start, n)
                tid = self.new_tid(body)
                hdr = ['MSRP %s SEND' % tid,
                       'To-Path: %s' % msg.to_path,
                       'From-Path: %s' % msg.from_path,
                       'Message-ID: %s' % msg.message_id]
                if o.get('success_report'):
                    hdr.append('Success-Report: %s' % o['success_report'])
                if o.get('failure_report'):
                    hdr.append('Failure-Report: %s' % o['failure_report'])
                total = str(msg.total) if not o.get('unknown_total') else '*'
                hdr.append('Byte-Range: %d-%s/%s' % (start + 1, end_text, total))
                for extra in o.get('extra_header') or []:
                    hdr.append(extra)
                chunk = {'tid': tid, 'byte_range': '%d-%s/%s' % (start + 1, end_text, total),
                         'start': start + 1, 'body_bytes': len(body), 'flag': flag,
                         'status': None, 'comment': None, 't': self.now()}
                if intr:
                    msg.interrupted = True
                    chunk['interrupted'] = True
                if flag == '#':
                    msg.aborted = True
                if body:
                    # A request with a body names its type (RFC 4975 7.1.1): every chunk
                    # that carries data has the Content-Type, as the last header.
                    hdr.append('Content-Type: %s' % msg.content_type)
                    data = ('\r\n'.join(hdr) + '\r\n\r\n').encode() + body + CRLF
                else:
                    data = ('\r\n'.join(hdr) + '\r\n').encode()
                data += END_DASHES + tid.encode() + flag.encode() + CRLF
                with self.lock:
                    self.by_tid[tid] = (msg, chunk)
                    msg.chunks.append(chunk)
                if not self.write(data):
                    chunk['incomplete_write'] = True
                    yield False
                    return
                if delay and i < len(plan) - 1:
                    time.sleep(delay)
                yield True

    # --- waiting ------------------------------------------------------------------------
    def outstanding(self):
        """What we still expect from the peer (under the lock)."""
        out = []
        for msg in self.messages:
            fr = (msg.o.get('failure_report') or 'yes').lower()
            errored = any(c['status'] is not None and c['status'] >= 300 for c in msg.chunks)
            if fr == 'yes':
                out += ['response to %s' % c['tid'] for c in msg.chunks if c['status'] is None]
            if ((msg.o.get('success_report') or '').lower() == 'yes' and not msg.aborted
                    and not errored and not msg.reports and not msg.o.get('no_report_wait')):
                out.append('REPORT for %s' % msg.message_id)
        return out

    def wait_done(self, timeout):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                left = self.outstanding()
                if not left or self.peer_closed or self.dropped:
                    return left
                t = deadline - time.monotonic()
                if t <= 0:
                    self.errors.append('timeout after %.1f s waiting for: %s' % (timeout, left[:10]))
                    return left
                self.lock.wait(min(t, 0.2))

    def result(self):
        with self.lock:
            return {
                'connected': self.sock is not None,
                'local': getattr(self, 'local', None),
                'peer': getattr(self, 'peer', None),
                'use_path': getattr(self, 'use_path', None),
                'bytes_sent': self.bytes_sent,
                'dropped': self.dropped,
                'peer_closed': self.peer_closed,
                'peer_closed_at': self.peer_closed_at,
                'errors': list(self.errors),
                'messages': [{
                    'index': m.index, 'file': m.path, 'name': m.name,
                    'message_id': m.message_id, 'to_path': m.to_path, 'from_path': m.from_path,
                    'content_type': m.content_type, 'total': m.total,
                    'file_size': m.file_size, 'file_sha1': m.file_sha1,
                    'cpim_prefix_len': len(m.prefix),
                    'aborted': m.aborted, 'interrupted': m.interrupted,
                    'chunks': [dict(c) for c in m.chunks],
                    'statuses': [c['status'] for c in m.chunks],
                    'reports': [dict(r) for r in m.reports],
                } for m in self.messages],
                'responses': [dict(r) for r in self.responses],
                'reports': [dict(r) for r in self.reports],
                'requests': [dict(r) for r in self.requests],
            }


# ---------------------------------------------------------------------------------------
# Telling SIPp the transfer is over: a SIP INFO on its UDP port with its Call-ID

def relay_auth(args, s, from_path):
    """RFC 4976 section 5: AUTH to our own relay (answering one 401 digest challenge) and the
    Use-Path it grants. Runs before the reader thread, on the connection to the relay."""
    relay = args.relay
    auth = None
    buf = b''
    for attempt in range(2):
        tid = random_ident(12)
        head = ['MSRP %s AUTH' % tid, 'To-Path: %s' % relay, 'From-Path: %s' % from_path]
        if auth:
            head.append('Authorization: %s' % auth)
        s.sock.sendall(('\r\n'.join(head) + '\r\n-------%s$\r\n' % tid).encode())
        fr, buf = s.next_frame(buf)
        if fr is None:
            raise ValueError('relay closed the connection during AUTH')
        status = fr['rest'].split(' ', 1)[0]
        log(args, 'AUTH -> %s' % fr['rest'])
        if status == '200':
            use_path = Session.header(fr, 'Use-Path')
            if not use_path:
                raise ValueError('AUTH 200 without Use-Path')
            return use_path.strip(), Session.header(fr, 'Expires')
        if status != '401' or attempt:
            raise ValueError('AUTH answered %s' % fr['rest'])
        chal = Session.header(fr, 'WWW-Authenticate') or ''
        params = dict((k.lower(), v.strip('"')) for k, v in
                      re.findall(r'(\w+)=("[^"]*"|[^\s,]+)', chal))
        ha1 = hashlib.md5(('%s:%s:%s' % (args.relay_user, params.get('realm', ''),
                                         args.relay_password)).encode()).hexdigest()
        ha2 = hashlib.md5(('AUTH:%s' % relay).encode()).hexdigest()
        nonce = params.get('nonce', '')
        fields = ['username="%s"' % args.relay_user, 'realm="%s"' % params.get('realm', ''),
                  'nonce="%s"' % nonce, 'uri="%s"' % relay]
        if 'auth' in params.get('qop', '').split(','):
            cnonce = random_ident(8)
            resp = hashlib.md5(('%s:%s:00000001:%s:auth:%s' % (ha1, nonce, cnonce, ha2)).encode()).hexdigest()
            fields += ['qop=auth', 'nc=00000001', 'cnonce="%s"' % cnonce]
        else:
            resp = hashlib.md5(('%s:%s:%s' % (ha1, nonce, ha2)).encode()).hexdigest()
        fields += ['response="%s"' % resp, 'algorithm=MD5']
        if 'opaque' in params:
            fields.append('opaque="%s"' % params['opaque'])
        auth = 'Digest ' + ', '.join(fields)
    raise ValueError('AUTH failed')


def notify_sip(args, tag):
    host, _, port = args.notify_sip.rpartition(':')
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(('127.0.0.1', 0))
        lport = s.getsockname()[1]
        body = tag.encode()
        msg = ('INFO sip:sipp@%s:%s SIP/2.0\r\n'
               'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-msrpdone-%s\r\n'
               'Max-Forwards: 70\r\n'
               'From: <sip:msrp-sender@127.0.0.1>;tag=%s\r\n'
               'To: <sip:sipp@%s>\r\n'
               'Call-ID: %s\r\n'
               'CSeq: 1 INFO\r\n'
               'Content-Type: text/plain\r\n'
               'Content-Length: %d\r\n\r\n' % (host, port, lport, random_ident(10), random_ident(8),
                                                host, args.notify_call_id, len(body))).encode() + body
        s.sendto(msg, (host, int(port)))
    finally:
        s.close()


def tls_wrap(args, sock, host):
    """The TLS client side: our certificate for the receiver to check, and the receiver
    checked by CA and name (--tls-ca) or by its certificate's sha-256 (--tls-peer-fingerprint).
    ValueError when the receiver's certificate is not the one expected."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if args.tls_ca:
        ctx.load_verify_locations(args.tls_ca)
    else:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # checked below by fingerprint
    if args.tls_cert:
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
    tls = ctx.wrap_socket(sock, server_hostname=host)
    if args.tls_peer_fingerprint:
        der = tls.getpeercert(binary_form=True) or b''
        digest = hashlib.sha256(der).hexdigest().upper()
        got = ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))
        want = args.tls_peer_fingerprint.split()[-1].upper()
        if got != want:
            tls.close()
            raise ValueError('the receiver\'s certificate is %s, its a=fingerprint %s' % (got, want))
    elif not args.tls_ca:
        tls.close()
        raise ValueError('TLS without --tls-ca or --tls-peer-fingerprint: the receiver is unverified')
    return tls


def write_result(args, res):
    text = json.dumps(res, indent=1, sort_keys=True)
    if args.result:
        tmp = args.result + '.tmp'
        with open(tmp, 'w') as f:
            f.write(text + '\n')
        os.replace(tmp, args.result)
    if args.json:
        sys.stdout.write(text + '\n')
        sys.stdout.flush()


# ---------------------------------------------------------------------------------------
# Command line

OPTION_KEYS = ('chunk_size', 'chunks', 'order', 'seed', 'cpim', 'cpim_from', 'cpim_to', 'cpim_datetime',
               'disposition', 'inner_type', 'content_type', 'type', 'name', 'interrupt',
               'interrupt_range', 'abort_after', 'wrong_session', 'success_report',
               'failure_report', 'delay', 'message_id', 'unknown_total', 'extra_header',
               'no_report_wait')


def build_parser():
    p = argparse.ArgumentParser(
        description='MSRP (RFC 4975) file sender for tests: one TCP connection, one SEND '
                    'message per file, responses and REPORTs recorded as JSON.')
    p.add_argument('items', nargs='*', metavar='FILE', help='files to send, in order')
    p.add_argument('--to-path', action='append', default=[], metavar='URI',
                   help="receiver's a=path, msrp://host:port/session;tcp (repeat: pairs with "
                        'FILE i; the last one is reused for extra files)')
    p.add_argument('--from-path', action='append', default=[], metavar='URI',
                   help='our From-Path: the a=path of our SDP offer, which the receiver '
                        'matches (RFC 4975 5.4); repeat: pairs with FILE i like --to-path '
                        '(default msrp://<local addr>/<random>;tcp)')
    p.add_argument('--own-from-path', action='store_true',
                   help='From-Path: this connection\'s own address, whatever --from-path says '
                        '(a relay between us and the peer reaches us by it, RFC 4976)')
    p.add_argument('--plan', metavar='JSON', help='per-message overrides (list of objects)')
    g = p.add_argument_group('message options (every message; --plan overrides)')
    g.add_argument('--chunk-size', type=int, default=2048, help='body bytes per chunk (2048)')
    g.add_argument('--chunks', metavar='N1,N2,...',
                   help='sizes of the first chunks (then --chunk-size), e.g. 2048,999999 for '
                        'the two chunks of the D.5 example')
    g.add_argument('--order', choices=('in', 'reverse', 'shuffle'), default='in')
    g.add_argument('--seed', type=int, default=0, help='seed for --order shuffle')
    g.add_argument('--cpim', action='store_true', help='wrap the file in message/cpim')
    g.add_argument('--cpim-from', help='CPIM From: (default <sip:pushsender@example.net>)')
    g.add_argument('--cpim-to', help='CPIM To: (default <sip:alice@127.0.0.1>)')
    g.add_argument('--cpim-datetime', help='CPIM DateTime: (default now, UTC)')
    g.add_argument('--disposition', help='inner Content-Disposition value (default '
                   'render; filename="NAME"; size=N; empty string: no header)')
    g.add_argument('--inner-type', help='inner Content-Type in CPIM (default --type)')
    g.add_argument('--type', help='the file type (default application/octet-stream)')
    g.add_argument('--content-type', help='the SEND Content-Type (default message/cpim with '
                   '--cpim, else --type)')
    g.add_argument('--name', help='file name in the CPIM Content-Disposition (default basename)')
    g.add_argument('--interrupt', type=int, metavar='BYTES',
                   help="interrupt the chunk holding message byte BYTES+1: end it with '+' after "
                        'BYTES, send the rest in the next chunk')
    g.add_argument('--interrupt-range', choices=('star', 'declared'), default='star',
                   help="Byte-Range end of the interrupted chunk: '*' or the planned end")
    g.add_argument('--abort-after', type=int, metavar='BYTES',
                   help="end the message with '#' after BYTES body bytes (in sending order)")
    g.add_argument('--wrong-session', action='store_true',
                   help='send to the To-Path with a session id the receiver never gave')
    g.add_argument('--success-report', choices=('yes', 'no'), help='Success-Report header')
    g.add_argument('--failure-report', choices=('yes', 'no', 'partial'), help='Failure-Report')
    g.add_argument('--delay', type=float, default=0.0, metavar='S', help='sleep between chunks')
    g.add_argument('--message-id', help='Message-ID (default random)')
    g.add_argument('--unknown-total', action='store_true', help="Byte-Range total '*'")
    g.add_argument('--extra-header', action='append', metavar='LINE',
                   help='an extra header line in every SEND (before Content-Type)')
    g.add_argument('--no-report-wait', action='store_true',
                   help='do not wait for the REPORT of this message')
    c = p.add_argument_group('connection')
    c.add_argument('--interleave', action='store_true',
                   help='alternate the chunks of all messages (round-robin) instead of one '
                        'message after the other')
    c.add_argument('--drop-after', type=int, metavar='BYTES',
                   help='close the TCP connection after BYTES bytes written (mid-chunk)')
    c.add_argument('--drop-rst', action='store_true', help='drop with a RST (SO_LINGER 0)')
    c.add_argument('--connect-timeout', type=float, default=10.0)
    t = p.add_argument_group('TLS (RFC 4975 section 14: used when the first To-Path is msrps:)')
    t.add_argument('--tls-cert', metavar='PEM', help='our certificate (the one the SDP offer\'s '
                   'a=fingerprint names, or one the receiver\'s CA signed)')
    t.add_argument('--tls-key', metavar='PEM', help='its key (default: in --tls-cert)')
    t.add_argument('--tls-ca', metavar='PEM', help='verify the receiver by this CA and the '
                   'host of the To-Path')
    t.add_argument('--tls-peer-fingerprint', metavar='AB:CD:..',
                   help="verify the receiver by the sha-256 of its certificate (its answer's "
                        'a=fingerprint) instead')
    t.add_argument('--tls', action='store_true', help='TLS even for an msrp: To-Path')
    c.add_argument('--relay', metavar='URI', help='connect to this MSRP relay (RFC 4976), AUTH '
                   'there and send through it: To-Path = its Use-Path + the --to-path')
    c.add_argument('--relay-user', default='sender', help='digest user name for --relay')
    c.add_argument('--relay-password', default='secret', help='digest password for --relay')
    c.add_argument('--wait', type=float, default=30.0, metavar='S',
                   help='after sending, wait up to S s for every response and REPORT (30)')
    c.add_argument('--linger', type=float, default=0.0, metavar='S',
                   help='then keep reading S s more (late or unexpected responses)')
    c.add_argument('--hold-open', type=float, default=0.0, metavar='S',
                   help='after the result is written, keep the connection open up to S s or '
                        'until the peer closes it (e.g. until after the BYE)')
    o = p.add_argument_group('output')
    o.add_argument('--result', metavar='FILE', help='write the JSON result to FILE (atomically)')
    o.add_argument('--json', action='store_true', help='print the JSON result on stdout')
    o.add_argument('--progress', metavar='FILE',
                   help='created empty at start; a JSON line is appended to FILE as each '
                        "chunk's 200 arrives: message index, tid, byte_range, bytes, acked "
                        '(body bytes of that message answered 200 so far), chunks, t')
    o.add_argument('--notify-sip', metavar='HOST:PORT',
                   help='when done, send a SIP INFO there (SIPp waits for it: <recv request="INFO">)')
    o.add_argument('--notify-call-id', metavar='CALLID', help='Call-ID of that INFO ([call_id])')
    o.add_argument('--no-notify', action='store_true',
                   help='cancel --notify-sip (the test sends the INFO itself)')
    o.add_argument('-v', '--verbose', action='store_true')
    return p


def main(argv=None):
    p = build_parser()
    args = p.parse_intermixed_args(argv)
    base = {k: getattr(args, k) for k in OPTION_KEYS}
    entries = []
    if args.plan:
        with open(args.plan) as f:
            plan = json.load(f)
        if not isinstance(plan, list):
            p.error('--plan must hold a JSON list')
        for i, ov in enumerate(plan):
            e = dict(base)
            e.update({k.replace('-', '_'): v for k, v in ov.items()})
            if 'file' not in e and i < len(args.items):
                e['file'] = args.items[i]
            entries.append(e)
        for f in args.items[len(plan):]:
            entries.append(dict(base, file=f))
    else:
        entries = [dict(base, file=f) for f in args.items]
    if not entries:
        p.error('no file to send')
    for i, e in enumerate(entries):
        if not e.get('file') or not os.path.isfile(e['file']):
            p.error('message %d: no such file %r' % (i, e.get('file')))
        if not e.get('to_path'):
            if not args.to_path:
                p.error('message %d: no --to-path' % i)
            e['to_path'] = args.to_path[min(i, len(args.to_path) - 1)]
        if not e.get('from_path') and args.from_path:
            e['from_path'] = args.from_path[min(i, len(args.from_path) - 1)]
        if args.own_from_path:
            e['from_path'] = None
        try:
            parse_uri(e['to_path'])
        except ValueError as err:
            p.error(str(err))
    if args.no_notify:
        args.notify_sip = None
    if args.notify_sip and not args.notify_call_id:
        p.error('--notify-sip needs --notify-call-id')

    if args.progress:
        try:
            open(args.progress, 'w').close()
        except OSError as e:
            p.error('--progress %s: %s' % (args.progress, e))

    if args.relay:
        # A relay's own URI has no session id (RFC 4976 section 5: AUTH To-Path).
        rm = re.match(r'^msrps?://(\[[^\]]+\]|[^/;:]+)(?::(\d+))?', args.relay)
        if not rm:
            p.error('--relay: not an MSRP URI: %r' % args.relay)
        host, port = rm.group(1).strip('[]'), int(rm.group(2) or 2855)
    else:
        host, port, _, _ = parse_uri(entries[0]['to_path'])
    s = Session(args)
    s.messages = []
    res = None
    try:
        sock = socket.create_connection((host, port), timeout=args.connect_timeout)
        if args.tls or entries[0]['to_path'].lower().startswith('msrps:'):
            sock = tls_wrap(args, sock, host)
    except (OSError, ValueError) as e:
        res = s.result()
        res['connected'] = False
        res['errors'].append('connect %s:%d: %s' % (host, port, e))
        write_result(args, res)
        if args.notify_sip:
            notify_sip(args, 'connect-failed')
        return 3
    sock.settimeout(None)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sock = sock
    la, lp = sock.getsockname()[:2]
    s.local = '%s:%d' % (la, lp)
    s.peer = '%s:%d' % (host, port)
    from_path = 'msrp://%s:%d/%s;tcp' % (la, lp, random_ident(12))
    s.messages = [Message(i, e, e['to_path'], e.get('from_path') or from_path)
                  for i, e in enumerate(entries)]
    s.use_path = None
    if args.relay:
        try:
            s.use_path, _ = relay_auth(args, s, s.messages[0].from_path if s.messages else from_path)
        except (ValueError, OSError) as e:
            res = s.result()
            res['errors'].append('relay: %s' % e)
            write_result(args, res)
            if args.notify_sip:
                notify_sip(args, 'relay-failed')
            return 3
        for m in s.messages:
            m.to_path = '%s %s' % (s.use_path, m.to_path)
    rt = threading.Thread(target=s.reader, daemon=True)
    rt.start()
    log(args, 'connected %s -> %s; %d message(s)' % (s.local, s.peer, len(s.messages)))
    if args.interleave:
        s.send_interleaved(s.messages)
    else:
        for m in s.messages:
            if not s.send_message(m):
                break
    left = s.wait_done(args.wait)
    if args.linger > 0 and not s.dropped:
        rt.join(args.linger)
    log(args, 'done; outstanding: %s' % left)
    res = s.result()
    res['outstanding'] = left
    write_result(args, res)
    if args.notify_sip:
        notify_sip(args, 'done')
    if args.hold_open > 0 and not s.dropped:
        rt.join(args.hold_open)
        res = s.result()
        res['outstanding'] = left
        res['held_open'] = True
        if args.result:
            args_json = args.json
            args.json = False
            write_result(args, res)
            args.json = args_json
    if not s.dropped:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
