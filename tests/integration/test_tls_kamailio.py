#!/usr/bin/env python3
"""R-SEC-3, R-MSG-1: SIP over TLS with verification on, against Kamailio's TLS module.

Certificates are made now (tls_certs.Pki). Kamailio listens on UDP/TCP and on TLS with a
server certificate for 127.0.0.1 signed by the test CA; the receiver gets the CA
(--tls-ca) and its own certificate, and registers at sips:127.0.0.1:<tls port>: the
REGISTER goes over TLS (Kamailio logs the transport), the binding is a TLS contact, and
Kamailio aliases the connection. SIPp (built without TLS) sends a push MESSAGE to Kamailio
over UDP; Kamailio relays it over TLS to the receiver, which delivers and stores it.
The receiver's own TLS listener (bind port + 1) is shown in the ready event, and plain
UDP on the bind port still takes a push."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import tls_certs
from peers import AOR, SENDER


def test(h):
    pki = tls_certs.Pki(os.path.join(h.tmp, 'pki'))
    kam = h.kamailio(tls=pki.server)
    ports = h.ports(2)    # SIP on the first, TLS on the next
    rx = h.receiver(['--aor', AOR, '--registrar', kam.sips_uri, '--app', 'mms.ua',
                     '--tls-cert', pki.client[0], '--tls-key', pki.client[1],
                     '--tls-ca', pki.ca, '--inbox', 'inbox'], bind_port=ports[0])
    ready = rx.wait_ready()
    h.check_eq(ready.get('sip'), 'sip:127.0.0.1:%d' % ports[0], 'ready.sip unchanged')
    h.check_eq(ready.get('sips'), 'sips:127.0.0.1:%d' % (ports[0] + 1), 'ready.sips: the TLS listener')
    h.check(peers.port_bound(ports[0] + 1, 'tcp'), 'the receiver listens for TLS on %d' % (ports[0] + 1))

    ev = rx.wait_event('registered', 15)
    h.check_eq(ev.get('status'), 200, 'registered with Kamailio over TLS: status')
    log = kam.stderr_text()
    h.check('request REGISTER sips:127.0.0.1:%d from tls:' % kam.tls_port in log
            or 'request REGISTER sips:127.0.0.1 from tls:' in log
            or ('request REGISTER' in log and 'from tls:127.0.0.1' in log),
            'Kamailio received the REGISTER over TLS')

    s, bodies = h.push(kam.port, ari='mms.ua', ctype='application/vnd.wap.mms-message',
                       body='MMS over TLS', what='MESSAGE over UDP to Kamailio, relayed over TLS, answered 200')
    ev = rx.wait_event('push', 10)
    f = h.check_push(rx, ev, 'mms.ua', bodies[0], content_type='application/vnd.wap.mms-message',
                     sender=SENDER)
    log = kam.stderr_text()
    h.check('relaying MESSAGE to sips:alice@127.0.0.1:%d' % (ports[0] + 1) in log
            or 'relaying MESSAGE to sip:alice@127.0.0.1:%d;transport=tls' % (ports[0] + 1) in log,
            'Kamailio relayed the MESSAGE to the TLS contact')
    # sofia's wire log: the MESSAGE arrived on the connection the receiver opened to
    # Kamailio's TLS port (a connection Kamailio opened would come from another port).
    err = rx.stderr_text()
    at = err.find('MESSAGE sips:alice@127.0.0.1')
    if at < 0:
        at = err.find('MESSAGE sip:alice@127.0.0.1')
    recv = err.rfind('recv ', 0, at)
    h.check(at > 0 and err.startswith('recv ', recv)
            and ('from tls/[127.0.0.1]:%d ' % kam.tls_port) in err[recv:at],
            'the MESSAGE came down the receiver\'s own TLS connection to Kamailio:%d' % kam.tls_port)

    # Plain UDP on the bind port still works next to TLS.
    s2, bodies2 = h.push(rx.port, ari='mms.ua', ctype='text/plain', body='plain push',
                         what='MESSAGE over UDP straight to the receiver answered 200')
    ev = rx.wait_event('push', 5)
    f2 = h.check_push(rx, ev, 'mms.ua', bodies2[0], content_type='text/plain', sender=SENDER)

    h.check(not rx.all_events('registration_failed'), 'no registration_failed event')
    h.check(not rx.all_events('rejected'), 'no rejected events')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), [f, f2])
    rx.check_stdout_clean()


peers.main(test)
