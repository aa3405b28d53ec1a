#!/usr/bin/env python3
"""RFC 3261 12.1.1 / issue 10 item 5 (R-INV-5): the Contact of the 200 OK to an INVITE names
the transport the INVITE came over, so that in-dialog requests sent to it (by a proxy or by
the sender) come back on that transport. Raw SIP on the wire, no SIPp: an INVITE over TCP
gets a 200 whose Contact URI carries ;transport=tcp (a re-INVITE's 200 too), the BYE on
that connection gets its 200; the same INVITE over UDP gets a Contact without it."""
import os, re, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import Failure
import msrp_peers as mp
from sip_peer import Msg


def request(method, rx_port, transport, local, call_id, cseq, to_tag=None, body=b'', extra=''):
    to = '<sip:alice@127.0.0.1>' + (';tag=%s' % to_tag if to_tag else '')
    head = ('%s sip:alice@127.0.0.1:%d SIP/2.0\r\n'
            'Via: SIP/2.0/%s 127.0.0.1:%d;branch=z9hG4bK-ct-%s-%d\r\n'
            'Max-Forwards: 70\r\n'
            'From: "Push Sender" <sip:pushsender@example.net>;tag=ct1\r\n'
            'To: %s\r\n'
            'Call-ID: %s\r\n'
            'CSeq: %d %s\r\n'
            'Contact: <sip:sender@127.0.0.1:%d;transport=%s>\r\n'
            '%s'
            'Content-Length: %d\r\n\r\n'
            % (method, rx_port, transport.upper(), local, method.lower(), cseq, to, call_id, cseq,
               method, local, transport, extra, len(body)))
    return head.encode() + body


def offer(fs):
    return ('v=0\r\no=push 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n'
            'm=message 7654 TCP/MSRP *\r\na=sendonly\r\na=accept-types:application/octet-stream\r\n'
            'a=path:msrp://127.0.0.1:7654/jshA7we;tcp\r\na=file-selector:%s\r\n' % fs).encode()


INVITE_HEADERS = ('Accept-Contact: %s\r\nContent-Type: application/sdp\r\n' % mp.AC)


class Tcp:
    def __init__(self, port):
        self.s = socket.create_connection(('127.0.0.1', port), timeout=5)
        self.local = self.s.getsockname()[1]
        self.buf = b''

    def send(self, data):
        self.s.sendall(data)

    def final(self, method, timeout=10.0):
        """The next final response to `method` on the connection (requests are skipped)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            head, sep, rest = self.buf.partition(b'\r\n\r\n')
            if sep:
                m = re.search(rb'(?im)^content-length:\s*(\d+)', head)
                n = int(m.group(1)) if m else 0
                if len(rest) >= n:
                    self.buf = rest[n:]
                    msg = Msg(head + sep + rest[:n], None)
                    if msg.status and msg.status >= 200 and msg.cseq_method() == method:
                        return msg
                    continue
            self.s.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                data = self.s.recv(65536)
            except socket.timeout:
                break
            if not data:
                break
            self.buf += data
        raise Failure('no final response to %s over TCP' % method)


class Udp:
    def __init__(self, port):
        self.port = port
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind(('127.0.0.1', 0))
        self.local = self.s.getsockname()[1]

    def send(self, data):
        self.s.sendto(data, ('127.0.0.1', self.port))

    def final(self, method, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.s.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                data, _ = self.s.recvfrom(65536)
            except socket.timeout:
                break
            msg = Msg(data, None)
            if msg.status and msg.status >= 200 and msg.cseq_method() == method:
                return msg
        raise Failure('no final response to %s over UDP' % method)


def to_tag(msg):
    m = re.search(r';\s*tag=([^;>\s]+)', msg.header('to') or '')
    return m.group(1) if m else None


def contact_uri(msg):
    m = re.search(r'<([^>]*)>', msg.header('contact') or msg.header('m') or '')
    return m.group(1) if m else None


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'contact.bin', 1000, seed=91)
    sdp = offer(f.selector())

    tcp = Tcp(rx.port)
    cid = 'ct-tcp-%d@127.0.0.1' % os.getpid()
    tcp.send(request('INVITE', rx.port, 'tcp', tcp.local, cid, 1, body=sdp, extra=INVITE_HEADERS))
    ok = tcp.final('INVITE')
    h.check_eq(ok.status, 200, 'INVITE over TCP: status')
    uri = contact_uri(ok)
    h.check(uri and re.search(r';transport=tcp(;|$)', uri, re.I),
            '200 to an INVITE over TCP: Contact URI names ;transport=tcp (got %r)' % ok.header('contact'))
    tag = to_tag(ok)
    tcp.send(request('ACK', rx.port, 'tcp', tcp.local, cid, 1, to_tag=tag))
    # A session refresh: the dialog keeps its Contact.
    tcp.send(request('INVITE', rx.port, 'tcp', tcp.local, cid, 2, to_tag=tag, body=sdp,
                     extra='Content-Type: application/sdp\r\n'))
    re_ok = tcp.final('INVITE')
    h.check_eq(re_ok.status, 200, 're-INVITE over TCP: status')
    h.check(re.search(r';transport=tcp(;|$)', contact_uri(re_ok) or '', re.I),
            '200 to the re-INVITE: Contact still names ;transport=tcp (got %r)' % re_ok.header('contact'))
    tcp.send(request('ACK', rx.port, 'tcp', tcp.local, cid, 2, to_tag=tag))
    tcp.send(request('BYE', rx.port, 'tcp', tcp.local, cid, 3, to_tag=tag))
    h.check_eq(tcp.final('BYE').status, 200, 'BYE over the same TCP connection: status')

    udp = Udp(rx.port)
    cid = 'ct-udp-%d@127.0.0.1' % os.getpid()
    udp.send(request('INVITE', rx.port, 'udp', udp.local, cid, 1, body=sdp, extra=INVITE_HEADERS))
    ok = udp.final('INVITE')
    h.check_eq(ok.status, 200, 'INVITE over UDP: status')
    uri = contact_uri(ok)
    h.check(uri and 'transport=tcp' not in uri.lower(),
            '200 to an INVITE over UDP: no ;transport=tcp in its Contact (got %r)' % ok.header('contact'))
    tag = to_tag(ok)
    udp.send(request('ACK', rx.port, 'udp', udp.local, cid, 1, to_tag=tag))
    udp.send(request('BYE', rx.port, 'udp', udp.local, cid, 2, to_tag=tag))
    h.check_eq(udp.final('BYE').status, 200, 'BYE over UDP: status')
    mp.finish(h, rx)


peers.main(test, peers=())
