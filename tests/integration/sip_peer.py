"""A tiny scripted SIP peer over UDP for the REFER and termination tests (stdlib only).

SIPp aborts a call when a request arrives while it sits at a <send>, and with
NUTAG_APPL_METHOD("REFER") sofia sends the `100 Trying` NOTIFY before our 202 (trap B4):
the order on the wire is not fixed. This peer takes whatever comes, in any order, keeps
every message it saw (the tests assert on them), and answers only what the test tells it.
"""
import re
import socket
import threading
import time

import peers


class Msg:
    def __init__(self, raw, addr):
        self.raw = raw
        self.addr = addr
        head, _, self.body = raw.partition(b'\r\n\r\n')
        lines = head.decode('utf-8', 'replace').split('\r\n')
        self.first = lines[0]
        self.headers = []
        for line in lines[1:]:
            k, _, v = line.partition(':')
            self.headers.append((k.strip().lower(), v.strip()))
        m = re.match(r'SIP/2\.0 (\d{3})', self.first)
        self.status = int(m.group(1)) if m else None
        self.method = None if m else self.first.split(' ', 1)[0]
        self.uri = None if m else self.first.split(' ')[1]
        length = self.header('content-length')
        if length is not None and length.isdigit():
            self.body = self.body[:int(length)]

    def header(self, name):
        for k, v in self.headers:
            if k == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k == name.lower()]

    def cseq_method(self):
        c = self.header('cseq') or ''
        return c.split()[-1] if c else None

    def __repr__(self):
        return '<%s>' % self.first


class Peer:
    def __init__(self, h, name, port, auto_answer=()):
        self.h = h
        self.auto_answer = auto_answer  # methods answered 200 as they come
        self.name = name
        self.port = port
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', port))
        self.sock.settimeout(0.1)
        self.msgs = []
        self._cond = threading.Condition()
        self._stop = False
        self._seen = set()
        self._cseq = 100
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        h._peers = getattr(h, '_peers', []) + [self]

    def _run(self):
        while not self._stop:
            try:
                raw, addr = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                break
            m = Msg(raw, addr)
            peers.log('  %s <- %s' % (self.name, m.first))
            with self._cond:
                self.msgs.append(m)
                self._cond.notify_all()
            if m.method in self.auto_answer:
                self.answer(m, 200, 'OK')

    def close(self):
        self._stop = True
        self._t.join(1)
        self.sock.close()

    def send(self, text, port):
        data = text.replace('\n', '\r\n').encode() if '\r\n' not in text else text.encode()
        peers.log('  %s -> %s' % (self.name, data.split(b'\r\n', 1)[0].decode()))
        self.sock.sendto(data, ('127.0.0.1', port))

    def wait(self, pred, what, timeout=10.0):
        """The first message (not taken before) matching pred."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for i, m in enumerate(self.msgs):
                    if i not in self._seen and pred(m):
                        self._seen.add(i)
                        return m
                left = deadline - time.monotonic()
                if left <= 0:
                    raise peers.Failure('%s: no %s within %.0f s; saw %s' % (self.name, what, timeout, self.msgs))
                self._cond.wait(min(left, 0.2))

    def requests(self, method):
        with self._cond:
            return [m for m in self.msgs if m.method == method]

    def answer(self, req, code, reason, to_tag=None, extra=''):
        """Answers req (a Msg) to where it came from."""
        to = req.header('to')
        if to_tag and ';tag=' not in to:
            to += ';tag=' + to_tag
        vias = ''.join('Via: %s\r\n' % v for v in req.all('via'))
        rr = ''.join('Record-Route: %s\r\n' % v for v in req.all('record-route'))
        text = ('SIP/2.0 %d %s\r\n%s%sFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n%s'
                'Content-Length: 0\r\n\r\n' % (code, reason, vias, rr, req.header('from'), to,
                                               req.header('call-id'), req.header('cseq'), extra))
        self.sock.sendto(text.encode(), req.addr)
        peers.log('  %s -> SIP/2.0 %d %s (%s)' % (self.name, code, reason, req.cseq_method()))

    def next_cseq(self):
        self._cseq += 1
        return self._cseq


def contact_uri(msg):
    m = re.search(r'<([^>]+)>', msg.header('contact') or '')
    return m.group(1) if m else None


def uri_port(uri):
    m = re.search(r':(\d+)(?:[;>]|$)', uri)
    return int(m.group(1)) if m else 5060


def notify(peer, sub, to_tag, state, body=b'', ctype=None, event='ua-profile', extra=''):
    """Sends an in-dialog NOTIFY for the SUBSCRIBE `sub` (a Msg) to its Contact."""
    target = contact_uri(sub)
    text = ('NOTIFY %s SIP/2.0\r\n'
            'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-n%d\r\n'
            'Max-Forwards: 70\r\n'
            'From: %s;tag=%s\r\n'
            'To: %s\r\n'
            'Call-ID: %s\r\n'
            'CSeq: %d NOTIFY\r\n'
            'Contact: <sip:ps@127.0.0.1:%d>\r\n'
            'Event: %s\r\n'
            'Subscription-State: %s\r\n%s%s'
            'Content-Length: %d\r\n\r\n'
            % (target, peer.port, peer.next_cseq(), sub.header('to').split(';tag=')[0], to_tag,
               sub.header('from'), sub.header('call-id'), peer.next_cseq(), peer.port, event, state,
               'Content-Type: %s\r\n' % ctype if ctype else '', extra, len(body)))
    data = text.encode() + body
    peer.sock.sendto(data, ('127.0.0.1', uri_port(target)))
    peers.log('  %s -> NOTIFY (%s)' % (peer.name, state))


def refer(a, rx_port, refer_to, n=1, sender='pushsender'):
    """Peer a sends REFER number n (Call-ID refer-<n>@127.0.0.1) with this Refer-To
    (None: no Refer-To header) from sip:<sender>@127.0.0.1, PAI sip:<sender>@example.net."""
    a.send('REFER sip:alice@127.0.0.1:%d SIP/2.0\r\n'
           'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-refer%d\r\n'
           'Max-Forwards: 70\r\n'
           'From: <sip:%s@127.0.0.1:%d>;tag=ra%d\r\n'
           'To: <sip:alice@127.0.0.1>\r\n'
           'Call-ID: refer-%d@127.0.0.1\r\n'
           'CSeq: 1 REFER\r\n'
           'Contact: <sip:%s@127.0.0.1:%d>\r\n'
           '%s'
           'P-Asserted-Identity: <sip:%s@example.net>\r\n'
           'Content-Length: 0\r\n\r\n'
           % (rx_port, a.port, n, sender, a.port, n, n, sender, a.port,
              'Refer-To: %s\r\n' % refer_to if refer_to else '', sender), rx_port)
