#!/usr/bin/env python3
"""R-SEC-3 with seed D.3: the receiver registers with Kamailio over TLS and SUBSCRIBEs
through it (--proxy sips:), verified against the test CA; Kamailio routes the ua-profile
SUBSCRIBE to the Push Sender, whose NOTIFYs follow the Record-Route back through Kamailio
and down the receiver's TLS connection: the subscription becomes active and the SyncML
NOTIFY is stored byte-exact. The Push Sender is the tests' scripted UDP peer (sip_peer.py):
SIPp, built without TLS by Debian, cannot address a sips: Contact."""
import os, signal, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import sip_peer
import tls_certs
from peers import AOR

SYNCML = 'application/vnd.syncml.ds.notification'


def notify_via(peer, kam_port, sub, to_tag, state, body=b'', ctype=None):
    """An in-dialog NOTIFY for `sub` along its route set (its Record-Route, as the UAS keeps
    it), to its sips: Contact."""
    target = sip_peer.contact_uri(sub)
    routes = ''.join('Route: %s\r\n' % r for r in sub.all('record-route'))
    text = ('NOTIFY %s SIP/2.0\r\n'
            'Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-tn%d\r\n'
            '%sMax-Forwards: 70\r\n'
            'From: %s;tag=%s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %d NOTIFY\r\n'
            'Contact: <sip:pushsender@127.0.0.1:%d>\r\n'
            'Event: ua-profile\r\nSubscription-State: %s\r\n%s'
            'Content-Length: %d\r\n\r\n'
            % (target, peer.port, peer.next_cseq(), routes, sub.header('to').split(';tag=')[0],
               to_tag, sub.header('from'), sub.header('call-id'), peer.next_cseq(), peer.port,
               state, 'Content-Type: %s\r\n' % ctype if ctype else '', len(body)))
    peer.sock.sendto(text.encode() + body, ('127.0.0.1', kam_port))


def test(h):
    pki = tls_certs.Pki(os.path.join(h.tmp, 'pki'))
    ps = sip_peer.Peer(h, 'push-sender', h.ports(1)[0], auto_answer=())
    kam = h.kamailio(defines={'PUSH_SENDER': '"sip:127.0.0.1:%d"' % ps.port}, tls=pki.server)
    rx = h.receiver(['--aor', AOR, '--registrar', kam.sips_uri, '--proxy', kam.sips_uri,
                     '--subscribe', '--app', 'push.syncml', '--tls-cert', pki.client[0],
                     '--tls-key', pki.client[1], '--tls-ca', pki.ca, '--inbox', 'inbox'])
    rx.wait_ready()
    h.check_eq(rx.wait_event('registered', 15).get('status'), 200, 'registered over TLS')
    sub = ps.wait(lambda m: m.method == 'SUBSCRIBE', 'the SUBSCRIBE through Kamailio', 15)
    h.check((sip_peer.contact_uri(sub) or '').startswith('sips:'), 'the SUBSCRIBE\'s Contact is sips:')
    h.check('from tls:127.0.0.1' in kam.stderr_text(), 'Kamailio got the SUBSCRIBE over TLS')
    ps.answer(sub, 200, 'OK', to_tag='ps1',
              extra='Contact: <sip:pushsender@127.0.0.1:%d>\r\nExpires: 600\r\n' % ps.port)
    notify_via(ps, kam.port, sub, 'ps1', 'active;expires=600')
    ev = rx.wait_event('subscribed', 15)
    h.check_eq(ev.get('status'), 200, 'subscribed through Kamailio over TLS')
    body = b'SyncML DS notification over TLS'
    notify_via(ps, kam.port, sub, 'ps1', 'active;expires=600', body=body, ctype=SYNCML)
    push = rx.wait_event('push', 10)
    h.check_eq(push.get('method'), 'NOTIFY', 'push.method')
    with open(rx.path_of(push), 'rb') as f:
        h.check(f.read() == body, 'stored NOTIFY body is byte-exact')
    err = rx.stderr_text()
    at = err.find('NOTIFY sips:')
    recv = err.rfind('recv ', 0, at)
    h.check(at > 0 and ('from tls/[127.0.0.1]:%d ' % kam.tls_port) in err[recv:at],
            'the NOTIFY came down the receiver\'s TLS connection to Kamailio:%d' % kam.tls_port)
    # Stop: the un-SUBSCRIBE goes the same way; answered, the receiver exits 0.
    rx.signal(signal.SIGTERM)
    unsub = ps.wait(lambda m: m.method == 'SUBSCRIBE' and m is not sub, 'the un-SUBSCRIBE', 10)
    h.check_eq(unsub.header('expires'), '0', 'un-SUBSCRIBE on stop')
    ps.answer(unsub, 200, 'OK', to_tag='ps1')
    h.check_eq(rx.wait_exit(10, 'after SIGTERM'), 0, 'receiver exit code after SIGTERM')
    rx.check_stdout_clean()


peers.main(test, peers=('kamailio',))
