"""Helpers for the MSRP file-push integration tests (issue 5, item 6), on top of peers.py.

A test starts the CLI with an MSRP listener (msrp_receiver), writes the files it will push
(make_file), and runs one INVITE with SIPp (Push.run): SIPp sends the offer built from the
files' file-selectors, asserts on the 200 OK with <ereg>, ACKs, starts msrp_sender.py with
the captured a=path(s) and waits for the sender's "done" INFO (or the test's, with
notify=False) before the BYE. The test then checks the receiver's JSON events, the inbox
and what the sender recorded (Push.result).

Readiness is always awaited, never slept for: the CLI's ready event and its MSRP port in
/proc/net, SIPp's message trace (flushed per message) for "the ACK went out", the
sender's result file and progress file (Push(progress=True), wait_sender_progress: e.g.
"the receiver answered the first chunk 200" before a BYE), the receiver's events.
"""

import hashlib
import json
import os
import random
import re
import shlex
import socket
import sys
import time

import peers
from peers import AOR, Failure, log

HERE = os.path.dirname(os.path.abspath(__file__))
SENDER_PY = os.path.join(HERE, 'msrp_sender.py')
ARI = 'mms.ua'
AC = '*;+g.oma.pusheventappp="%s"' % ARI


# ---------------------------------------------------------------------------------------
# The receiver with MSRP

def msrp_receiver(h, extra=(), app=ARI, name='receiver', env=None, valgrind=True):
    """sippush-receiver --json --inbox inbox --app APP --msrp-bind 127.0.0.1:0 [extra];
    waits for "ready" and checks its "msrp" URI and that the port listens (TCP). env: more
    environment for the CLI (e.g. quieter logs for a storm). valgrind=False: not under
    valgrind (peers.Proc), for a receiver the test will SIGKILL."""
    args = ['--aor', AOR, '--app', app, '--inbox', 'inbox', '--msrp-bind', '127.0.0.1:0'] + list(extra)
    rx = h.receiver(args, name=name, env=env, valgrind=valgrind)
    try:
        ev = rx.wait_ready()
    except Failure as e:
        raise Failure('%s -- the CLI must take --msrp-bind/--max-size and print a ready event with '
                      '"msrp" (issue 5, item 5); stderr: %s' % (e, rx.stderr_text()[-600:]))
    msrp = ev.get('msrp')
    m = re.match(r'^msrp://127\.0\.0\.1:(\d+)$', msrp) if isinstance(msrp, str) else None
    h.check(m is not None, 'ready event carries "msrp":"msrp://127.0.0.1:PORT" (got %s)' % json.dumps(msrp))
    rx.msrp_port = int(m.group(1))
    h.check(rx.msrp_port != 0 and peers.port_bound(rx.msrp_port, 'tcp'),
            'the MSRP listener (--msrp-bind 127.0.0.1:0 -> port %d) accepts TCP when ready' % rx.msrp_port)
    rx.inbox = os.path.join(h.tmp, 'inbox')
    return rx


# ---------------------------------------------------------------------------------------
# Files and their file-selectors (RFC 5547)

class PushFile:
    def __init__(self, path, name, ftype, data=None):
        self.path = path
        self.name = name
        self.type = ftype
        if data is None:
            with open(path, 'rb') as f:
                data = f.read()
        self.size = len(data)
        self.sha1 = hashlib.sha1(data).hexdigest()
        self.data = data if len(data) <= (1 << 20) else None   # kept for small files only

    def selector(self, size=True, hash_form='colon', hash_hex=None, name=None):
        """The a=file-selector value: name:"..." type:... [size:N] [hash:sha-1:...].
        hash_form: 'colon' (RFC 5547: upper-case pairs with colons), 'bare' (40 upper-case
        hex, as in the seed's D.5 text), 'lower' (40 lower-case hex), None (no hash)."""
        parts = ['name:"%s"' % (name if name is not None else self.name), 'type:%s' % self.type]
        if size:
            parts.append('size:%d' % self.size)
        hx = (hash_hex or self.sha1).upper()
        if hash_form == 'colon':
            parts.append('hash:sha-1:' + ':'.join(hx[i:i + 2] for i in range(0, 40, 2)))
        elif hash_form == 'bare':
            parts.append('hash:sha-1:' + hx)
        elif hash_form == 'lower':
            parts.append('hash:sha-1:' + hx.lower())
        return ' '.join(parts)


def make_file(h, name, size, ftype='application/octet-stream', seed=1, data=None, fname=None):
    """A file of `size` deterministic pseudo-random bytes under h.tmp/files/."""
    d = os.path.join(h.tmp, 'files')
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, fname or re.sub(r'[^A-Za-z0-9._-]', '_', name) or 'file')
    if data is None:
        rng = random.Random(seed)
        with open(path, 'wb') as f:
            left = size
            while left:
                n = min(left, 1 << 20)
                f.write(rng.randbytes(n))
                left -= n
    else:
        with open(path, 'wb') as f:
            f.write(data)
    return PushFile(path, name, ftype, data if data is not None and len(data) <= (1 << 20) else None)


# ---------------------------------------------------------------------------------------
# One INVITE with SIPp, the MSRP sender started by SIPp's <exec>

class Push:
    """scenario: invite_msrp.xml (one file), invite_msrp_2files.xml,
    invite_msrp_2files_refused.xml, invite_msrp_refresh.xml.
    selectors: the a=file-selector per m= line; accept_types: per m= line.
    send: the PushFiles the sender pushes (paired in order with the a=path(s) SIPp
    captured), each as its own type and name; or plan: msrp_sender.py --plan entries whose
    "file" may be a PushFile (type and name then default to its own).
    sender_args: more msrp_sender.py options. notify=False: the test sends the INFO.
    progress=True: the sender writes a --progress file, for wait_sender_progress.
    keys: more SIPp keywords (e.g. relay_path for invite_msrp_relay.xml)."""

    def __init__(self, h, rx, scenario, selectors, accept_types, send, sender_args=(),
                 notify=True, timeout=60, sender_wait=30, plan=None, name=None, progress=False,
                 keys=None):
        self.h = h
        self.rx = rx
        self.scenario = scenario
        self.selectors = list(selectors)
        self.result_path = os.path.join(h.tmp, '%s.sender.json' % (name or 'push'))
        self.progress_path = os.path.join(h.tmp, '%s.progress' % (name or 'push')) if progress else None
        self.plan_path = None
        # Each file goes as its own type (the SEND Content-Type, or the CPIM inner type) and
        # under its offered name (the CPIM Content-Disposition): a plan entry per file.
        if plan is None:
            plan = [{'file': f} for f in send]
            send = []
        plan = [dict(e) for e in plan]
        for e in plan:
            f = e.get('file')
            if isinstance(f, PushFile):
                e['file'] = f.path
                e.setdefault('type', f.type)
                e.setdefault('name', f.name)
        args = [f.path if isinstance(f, PushFile) else f for f in send]
        args += ['--result', self.result_path, '--wait', str(peers.slow(sender_wait)), '--hold-open', '5',
                 '--verbose']
        if plan:
            self.plan_path = os.path.join(h.tmp, '%s.plan.json' % (name or 'push'))
            with open(self.plan_path, 'w') as f:
                json.dump(plan, f, indent=1)
            args += ['--plan', self.plan_path]
        if not notify:
            args.append('--no-notify')
        if self.progress_path:
            args += ['--progress', self.progress_path]
        args += list(sender_args)
        extra_keys = keys
        keys = {'ac': AC, 'pai': peers.SENDER, 'python': sys.executable, 'sender': SENDER_PY,
                'sender_args': ' '.join(shlex.quote(str(a)) for a in args)}
        if len(self.selectors) == 1:
            keys['fs'] = self.selectors[0]
            keys['accept_types'] = accept_types[0]
        else:
            for i, (fs, at) in enumerate(zip(self.selectors, accept_types), 1):
                keys['fs%d' % i] = fs
                keys['accept_types%d' % i] = at
        keys.update(extra_keys or {})
        self.cid_prefix = 'msrp%d' % random.randrange(1 << 30)
        self.call_id = '%s-1@127.0.0.1' % self.cid_prefix
        self.sipp = h.sipp(scenario, remote='127.0.0.1:%d' % rx.port, keys=keys, timeout=timeout,
                           extra=['-cid_str', self.cid_prefix + '-%u@%s'])
        self.timeout = timeout

    # --- SIPp -----------------------------------------------------------------------------
    def wait_ok(self, what=None):
        return self.sipp.wait_ok(self.timeout + 10, what or '%s: INVITE, 200 (asserted), ACK, transfer, BYE'
                                 % self.scenario)

    def wait_sipp_sent(self, method, count=1, timeout=20.0):
        """Until SIPp's (per-message flushed) trace shows `count` requests `method` sent."""
        timeout = peers.slow(timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.sipp.sent_requests(method)) >= count:
                return
            if not self.sipp.running():
                raise Failure('SIPp exited (%s) before it sent %d %s: %s'
                              % (self.sipp.p.returncode, count, method, self.sipp.errors_summary()))
            time.sleep(0.02)
        raise Failure('SIPp did not send %d %s within %.0f s' % (count, method, timeout))

    def send_info(self, call_id=None):
        """The 'transfer is over' INFO to SIPp's call (it then sends the BYE)."""
        send_info(self.sipp, call_id or self.call_id)

    def answer(self):
        """The 200 OK to the (first) INVITE SIPp received: (raw, [m-sections])."""
        return invite_answer(self.sipp)

    # --- the sender -------------------------------------------------------------------------
    def result(self, timeout=60.0):
        """The sender's JSON record (waits for the file: the sender runs detached from SIPp)."""
        timeout = peers.slow(timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(self.result_path):
                with open(self.result_path) as f:
                    return json.load(f)
            time.sleep(0.05)
        raise Failure('the MSRP sender wrote no result %s within %.0f s (did SIPp start it? '
                      'its action log: %s)' % (self.result_path, timeout, self.sipp.action_file))

    def sender_progress(self):
        """The --progress lines so far (chunks answered 200, in arrival order), or None
        while the sender has not started (the file is created when it starts)."""
        try:
            with open(self.progress_path) as f:
                text = f.read()
        except FileNotFoundError:
            return None
        # Each line is one write(2); a line without its newline is not complete yet.
        return [json.loads(l) for l in text.split('\n')[:-1] if l.strip()]

    def wait_sender_progress(self, chunks=1, message=0, timeout=20.0):
        """Until the sender has had `chunks` chunks of message `message` answered 200
        (Push(progress=True)). Returns that message's progress records. Fails on timeout,
        or when the sender finished (wrote its result) without getting there."""
        if not self.progress_path:
            raise Failure('wait_sender_progress needs Push(..., progress=True)')
        timeout = peers.slow(timeout)
        deadline = time.monotonic() + timeout
        while True:
            recs = self.sender_progress()
            mine = [r for r in recs or [] if r['message'] == message]
            if len(mine) >= chunks:
                return mine
            # The sender writes its result after its last response: re-read the progress
            # once more after seeing it, so a late line is not missed.
            done = os.path.exists(self.result_path)
            if done or time.monotonic() >= deadline:
                mine = [r for r in self.sender_progress() or [] if r['message'] == message]
                if len(mine) >= chunks:
                    return mine
                why = ('the sender finished (result %s)' % self.result_path if done else
                       'not within %.0f s' % timeout)
                state = ('the sender has not started (no %s; SIPp action log: %s)'
                         % (self.progress_path, self.sipp.action_file) if recs is None else
                         'progress so far: %s' % json.dumps(recs[-3:]))
                raise Failure('the MSRP sender did not get %d chunk(s) of message %d answered 200: '
                              '%s; %s' % (chunks, message, why, state))
            time.sleep(0.02)

    def wait_sender_connected(self, timeout=20.0):
        """Until the receiver accepted the sender's TCP connection (seen in /proc/net/tcp)."""
        timeout = peers.slow(timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if established_to(self.rx.msrp_port):
                return
            time.sleep(0.02)
        raise Failure('no TCP connection to the MSRP port %d within %.0f s' % (self.rx.msrp_port, timeout))


def send_info(sipp, call_id):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(('127.0.0.1', 0))
        msg = ('INFO sip:sipp@127.0.0.1:%d SIP/2.0\r\n'
               'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-test-%d\r\n'
               'Max-Forwards: 70\r\n'
               'From: <sip:test@127.0.0.1>;tag=t%d\r\n'
               'To: <sip:sipp@127.0.0.1>\r\n'
               'Call-ID: %s\r\n'
               'CSeq: 1 INFO\r\n'
               'Content-Length: 0\r\n\r\n'
               % (sipp.port, s.getsockname()[1], random.randrange(1 << 30), random.randrange(1 << 30), call_id))
        s.sendto(msg.encode(), ('127.0.0.1', sipp.port))
    finally:
        s.close()


def established_to(port):
    for name in ('tcp', 'tcp6'):
        try:
            with open('/proc/net/' + name) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == '01' and int(fields[1].rsplit(':', 1)[1], 16) == port:
                        return True
        except OSError:
            pass
    return False


# ---------------------------------------------------------------------------------------
# SDP of the answer

def sdp_sections(body):
    """[{'port': int, 'proto': str, 'attrs': [str], 'lines': [str]}] per m= line."""
    out = []
    for line in body.decode('utf-8', 'replace').split('\r\n'):
        if line.startswith('m='):
            f = line[2:].split()
            out.append({'port': int(f[1]), 'proto': f[2] if len(f) > 2 else '', 'attrs': [], 'line': line})
        elif line.startswith('a=') and out:
            out[-1]['attrs'].append(line[2:])
    return out


def attr(section, name):
    vals = [a[len(name) + 1:] for a in section['attrs'] if a.startswith(name + ':')]
    return vals


def invite_answer(sipp, which=0):
    """The `which`-th 200 OK to an INVITE that SIPp received (0: the initial INVITE's)."""
    oks = [raw for d, _, raw in sipp.messages()
           if d == 'received' and raw.startswith(b'SIP/2.0 200')
           and re.search(rb'(?im)^CSeq:\s*\d+\s+INVITE\s*$', raw)]
    seen, uniq = set(), []
    for raw in oks:                 # 200 retransmissions
        cseq = peers.sip_header(raw, 'CSeq')
        if cseq not in seen:
            seen.add(cseq)
            uniq.append(raw)
    if len(uniq) <= which:
        raise Failure('SIPp trace holds no 200 OK #%d to an INVITE' % which)
    raw = uniq[which]
    return raw, sdp_sections(peers.sip_body(raw))


def headers_all(raw, name):
    head = raw.partition(b'\r\n\r\n')[0].decode('utf-8', 'replace')
    return [l.partition(':')[2].strip() for l in head.split('\r\n')[1:]
            if l.partition(':')[0].strip().lower() == name.lower()]


def check_answer(h, rx, raw, sections, selectors, accepted, max_size=None):
    """R-INV-4/5/6 on the 200 OK: one m= line per offered file, port 0 exactly for the
    refused ones; per accepted line a=recvonly, our a=path msrp://127.0.0.1:<msrp port>/
    <session id>;tcp (fresh, distinct, >= 80 bits), a=accept-types, a=max-size when set,
    the file-selector echoed verbatim; Require: timer (once), Session-Expires, Allow."""
    h.check_eq(len(sections), len(selectors), 'm= lines in the answer (one per offered file)')
    sessions = []
    for i, (sec, fs, acc) in enumerate(zip(sections, selectors, accepted)):
        tag = 'answer m= line %d' % (i + 1)
        h.check_eq(sec['proto'], 'TCP/MSRP', tag + ' protocol')
        if not acc:
            h.check_eq(sec['port'], 0, tag + ' (refused file) port')
            continue
        h.check(sec['port'] != 0, tag + ' accepted: port %d' % sec['port'])
        h.check('recvonly' in sec['attrs'], tag + ' has a=recvonly: %s' % sec['attrs'])
        paths = attr(sec, 'path')
        h.check_eq(len(paths), 1, tag + ' a=path count')
        m = re.match(r'^msrp://127\.0\.0\.1:(\d+)/([^;/]+);tcp$', paths[0])
        h.check(m is not None and int(m.group(1)) == rx.msrp_port,
                tag + ' a=path is msrp://127.0.0.1:%d/<session-id>;tcp (got %s)' % (rx.msrp_port, paths[0]))
        h.check(len(m.group(2)) >= 14, tag + ' session id %r is long enough for >= 80 random bits' % m.group(2))
        sessions.append(m.group(2))
        h.check(len(attr(sec, 'accept-types')) == 1 and attr(sec, 'accept-types')[0].strip(),
                tag + ' has a=accept-types: %s' % attr(sec, 'accept-types'))
        h.check_eq(attr(sec, 'file-selector'), [fs], tag + ' file-selector echoed verbatim')
        if max_size is not None:
            h.check_eq(attr(sec, 'max-size'), [str(max_size)], tag + ' a=max-size')
    h.check_eq(len(set(sessions)), len(sessions), 'distinct session ids per accepted m= line')
    req = headers_all(raw, 'Require')
    h.check(sum('timer' in [t.strip() for t in r.split(',')] for r in req) == 1,
            'R-INV-6: 200 OK carries Require: timer exactly once (Require headers: %s)' % req)
    se = headers_all(raw, 'Session-Expires') + headers_all(raw, 'x')
    h.check(len(se) == 1 and re.match(r'^\d+', se[0]) and 90 <= int(re.match(r'^\d+', se[0]).group(0)) <= 1800,
            'R-INV-6: one Session-Expires in the 200 OK, within [90, 1800] (the INVITE asked 1800): %s' % se)
    allow = ','.join(headers_all(raw, 'Allow'))
    methods = {x.strip().upper() for x in allow.split(',')}
    h.check({'INVITE', 'ACK', 'BYE'} <= methods, 'R-INV-6: Allow lists INVITE, ACK, BYE: %s' % allow)
    return sessions


# ---------------------------------------------------------------------------------------
# What the sender recorded

def message(res, i):
    ms = res.get('messages') or []
    if len(ms) <= i:
        raise Failure('the sender recorded %d message(s), no #%d: %s' % (len(ms), i, res.get('errors')))
    return ms[i]


def check_all_200(h, m, what):
    st = m['statuses']
    h.check(st and all(s == 200 for s in st),
            '%s: every one of the %d SEND chunks answered 200 (statuses: %s)' % (what, len(st), summarize(st)))
    for c in m['chunks']:
        if c.get('response_byte_range') not in (None, c['byte_range']):
            raise Failure('%s: the 200 to %s carries Byte-Range %s, not %s' % (
                what, c['tid'], c['response_byte_range'], c['byte_range']))


def check_success_report(h, m, what):
    """R-MSRP-2: one REPORT, Status 000 200 OK, Byte-Range 1-N/N (N: the MSRP message as
    sent, a CPIM wrapper included)."""
    n = m['total']
    reps = m['reports']
    h.check(len(reps) == 1, '%s: exactly one REPORT for Message-ID %s (got %s)' % (what, m['message_id'], reps))
    r = reps[0]
    h.check(re.match(r'^000 200( |$)', r['status'] or '') is not None,
            '%s: REPORT Status 000 200 OK (got %r)' % (what, r['status']))
    h.check_eq(r['byte_range'], '1-%d/%d' % (n, n), '%s: REPORT Byte-Range' % what)


def check_no_success(h, m, what):
    good = [r for r in m['reports'] if re.match(r'^000 200', r['status'] or '')]
    h.check(not good, '%s: no success REPORT (%s)' % (what, m['reports']))


def summarize(statuses):
    out = {}
    for s in statuses:
        out[s] = out.get(s, 0) + 1
    return out


# ---------------------------------------------------------------------------------------
# Receiver events and the inbox

def wait_event(rx, event, timeout=15.0, **match):
    """The first event `event` (any position, not after a cursor: two files may finish in
    either order) whose fields equal `match` (which may hold "name", unlike
    Receiver.wait_event's keywords). Fails on timeout or when the receiver exits."""
    timeout = peers.slow(timeout)
    deadline = time.monotonic() + timeout
    with rx._cond:
        while True:
            for _, ev in rx.events:
                if ev.get('event') == event and all(ev.get(k) == v for k, v in match.items()):
                    return ev
            left = deadline - time.monotonic()
            if rx._eof or left <= 0:
                break
            rx._cond.wait(min(left, 0.2))
        seen = [e for _, e in rx.events]
    why = 'it exited with %s' % rx.p.poll() if rx._eof else 'none within %.0f s' % timeout
    raise Failure('receiver: expected event %s %s: %s; events: %s' % (event, json.dumps(match), why, json.dumps(seen)))


def check_file_event(h, rx, ev, pf, hash_ok=True, name=None):
    """The `file` event of issue 5 item 5 and the stored file: in INBOX/<ari>/, the sha1
    and size of the content as offered (unwrapped), not a dot-file."""
    name = name if name is not None else pf.name
    h.check_eq(ev.get('ari'), ARI, 'file.ari')
    h.check_eq(ev.get('name'), name, 'file.name (the offered name, unsanitised)')
    h.check_eq(ev.get('size'), pf.size, 'file.size (stored bytes, CPIM unwrapped)')
    h.check_eq(ev.get('sha1'), pf.sha1, 'file.sha1 (40 lower-case hex of the stored bytes)')
    h.check_eq(ev.get('hash_ok'), hash_ok, 'file.hash_ok')
    h.check(isinstance(ev.get('path'), str), 'file.path is a string: %r' % ev.get('path'))
    path = rx.path_of(ev)
    h.check(os.path.isfile(path), 'file.path %s exists' % ev['path'])
    inbox = os.path.realpath(rx.inbox)
    real = os.path.realpath(path)
    h.check_eq(os.path.dirname(real), os.path.join(inbox, ARI), 'stored directly in INBOX/%s/' % ARI)
    h.check(not os.path.basename(real).startswith('.'), 'stored file is not a dot-file (%s)' % os.path.basename(real))
    sha, size = sha1_of(real)
    h.check_eq((size, sha), (pf.size, pf.sha1), 'stored file (size, sha1)')
    return path


def sha1_of(path):
    s = hashlib.sha1()
    n = 0
    with open(path, 'rb') as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            s.update(b)
            n += len(b)
    return s.hexdigest(), n


def check_no_file(h, rx, names):
    evs = [e for e in rx.all_events('file') if e.get('name') in names]
    h.check(not evs, 'no file event for %s (got %s)' % (names, evs))


def check_inbox(h, rx, files):
    """Inbox rule: exactly these stored files, no temp dot-file, no partial file."""
    h.check_inbox_exact(rx.inbox, files)


def finish(h, rx):
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    rx.check_stdout_clean()
    # Under the sanitizer build a report is a failure even when the exit code is 0.
    err = rx.stderr_text()
    for bad in ('AddressSanitizer', 'LeakSanitizer', 'runtime error', 'CRITICAL'):
        h.check(bad not in err, 'receiver stderr has no "%s" report' % bad)
