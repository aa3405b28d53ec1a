#!/usr/bin/env python3
"""Multipart INVITE bodies the receiver refuses (R-INV-7, R-SEC-1): a raw SIP peer sends
INVITEs whose body is multipart/mixed or multipart/related and checks each final status
and the reason in its Warning:
  - no application/sdp part                       -> 488, "No application/sdp part ..."
  - two application/sdp parts                     -> 488, "More than one application/sdp part ..."
  - no boundary parameter                         -> 400, "Malformed multipart body ..."
  - a boundary that never appears / a part not terminated -> 400
  - nine parts (more than 8)                      -> 400
and, as a control, a multipart/related body with the offer and an icon over
--max-icon-size is still answered 200 (the icon is left out, the file offered).
Every refused INVITE is reported as a `rejected` event; the receiver exits 0."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp
import sip_peer

SDP = ('v=0\r\no=push 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n'
       'm=message 7654 TCP/MSRP *\r\na=sendonly\r\na=accept-types:message/cpim\r\n'
       'a=path:msrp://127.0.0.1:7654/jshA7we;tcp\r\n'
       'a=file-selector:name:"a.bin" type:application/octet-stream size:10\r\n'
       'a=icon:cid:icon@x\r\n')


def part(ctype, body, extra=''):
    return 'Content-Type: %s\r\n%s\r\n%s' % (ctype, extra, body)


def multipart(parts, boundary='b0', close=True):
    out = ''.join('--%s\r\n%s\r\n' % (boundary, p) for p in parts)
    return out + ('--%s--\r\n' % boundary if close else '')


def invite(peer, rx_port, n, ctype, body):
    peer.send('INVITE sip:alice@127.0.0.1:%d SIP/2.0\r\n'
              'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-mp%d\r\n'
              'Max-Forwards: 70\r\n'
              'From: <sip:pushsender@127.0.0.1:%d>;tag=mp%d\r\n'
              'To: <sip:alice@127.0.0.1>\r\n'
              'Call-ID: mp-%d@127.0.0.1\r\n'
              'CSeq: 1 INVITE\r\n'
              'Contact: <sip:pushsender@127.0.0.1:%d>\r\n'
              'Accept-Contact: %s\r\n'
              'P-Asserted-Identity: <%s>\r\n'
              'Content-Type: %s\r\n'
              'Content-Length: %d\r\n\r\n%s'
              % (rx_port, peer.port, n, peer.port, n, n, peer.port, mp.AC, peers.SENDER, ctype,
                 len(body.encode()), body), rx_port)
    final = peer.wait(lambda m: m.status is not None and m.status >= 200
                      and m.header('call-id') == 'mp-%d@127.0.0.1' % n, 'final response to INVITE %d' % n)
    # ACK: in the INVITE's transaction for a refusal, in a new one for a 200.
    if final.status >= 200:
        branch = 'mp%d%s' % (n, 'ack' if final.status < 300 else '')
        peer.send('ACK sip:alice@127.0.0.1:%d SIP/2.0\r\n'
                  'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-%s\r\n'
                  'Max-Forwards: 70\r\nFrom: <sip:pushsender@127.0.0.1:%d>;tag=mp%d\r\n'
                  'To: %s\r\nCall-ID: mp-%d@127.0.0.1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n'
                  % (rx_port, peer.port, branch, peer.port, n, final.header('to'), n), rx_port)
    return final


def test(h):
    rx = mp.msrp_receiver(h, extra=['--max-icon-size', '4'])
    # The receiver ends the control's dialog with a BYE when it stops.
    peer = sip_peer.Peer(h, 'sender', h.ports(1)[0], auto_answer=('BYE',))
    sdp = part('application/sdp', SDP)
    icon = part('image/png', 'iconbytes', 'Content-ID: <icon@x>\r\n')
    cases = [
        ('multipart/mixed;boundary=b0', multipart([icon]), 488, 'No application/sdp part'),
        ('multipart/mixed;boundary=b0', multipart([sdp, sdp]), 488, 'More than one application/sdp'),
        ('multipart/mixed', multipart([sdp]), 400, 'Malformed multipart body'),
        ('multipart/mixed;boundary=zz', multipart([sdp]), 400, 'Malformed multipart body'),
        ('multipart/mixed;boundary=b0', multipart([sdp], close=False), 400, 'not terminated'),
        ('multipart/mixed;boundary=b0', multipart([sdp] + [icon] * 8), 400, 'more than 8 parts'),
    ]
    for n, (ctype, body, status, reason) in enumerate(cases, 1):
        final = invite(peer, rx.port, n, ctype, body)
        h.check_eq(final.status, status, 'case %d (%s): status' % (n, reason))
        warning = final.header('warning') or ''
        h.check(reason in warning, 'case %d: the Warning says "%s": %r' % (n, reason, warning))
        ev = rx.wait_event('rejected', timeout=10)
        h.check_eq(ev.get('status'), status, 'case %d: rejected event status' % n)

    # Control: multipart/related with an icon over --max-icon-size 4: still answered 200.
    n = len(cases) + 1
    final = invite(peer, rx.port, n, 'multipart/related;type="application/sdp";boundary="b0"',
                   multipart([sdp, icon]))
    h.check_eq(final.status, 200, 'multipart/related offer with a too large icon: 200')
    mp.finish(h, rx)


peers.main(test, peers=())
