#!/usr/bin/env python3
"""R-SEC-3: a registrar whose TLS certificate fails verification is refused and reported.

One Kamailio per bad certificate (made now by tls_certs.Pki): one for wrong.example only,
one expired, one self-signed (no CA trusts it). For each, the receiver (verification on,
the test CA as --tls-ca) reports registration_failed at once with a reason naming the
certificate problem, sends no REGISTER (Kamailio logs none), and does not retry it like a
503. With --tls-no-verify the wrong-name registrar is accepted, and the CLI says loudly
on stderr that TLS peers are not verified."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import tls_certs
from peers import AOR


def receiver(h, pki, kam, extra=()):
    ports = h.ports(2)
    return h.receiver(['--aor', AOR, '--registrar', kam.sips_uri, '--app', 'mms.ua',
                       '--tls-cert', pki.client[0], '--tls-key', pki.client[1],
                       '--tls-ca', pki.ca, '--inbox', 'inbox'] + list(extra),
                      bind_port=ports[0], name='receiver-%d' % ports[0])


def test(h):
    pki = tls_certs.Pki(os.path.join(h.tmp, 'pki'))
    cases = (('wrong name', pki.wrong_name, 'not issued for 127.0.0.1'),
             ('expired', pki.expired, 'expired'),
             ('untrusted', pki.untrusted, 'not signed by a trusted authority'))
    for what, cert, words in cases:
        kam = h.kamailio(tls=cert)
        rx = receiver(h, pki, kam)
        rx.wait_ready()
        t0 = time.monotonic()
        ev = rx.wait_event('registration_failed', 12)
        h.check(time.monotonic() - t0 < 10, '%s: reported within 10 s (not after a 32 s timeout)' % what)
        reason = ev.get('reason') or ''
        h.check(words in reason and 'not retried' in reason,
                '%s: registration_failed.reason names it: %r' % (what, reason))
        h.check_eq(ev.get('status'), 503, '%s: registration_failed.status' % what)
        time.sleep(3)    # the back-off's first retry would have come by now
        h.check_eq(len(rx.all_events('registration_failed')), 1, '%s: reported once, not retried' % what)
        h.check(not rx.all_events('registered'), '%s: never registered' % what)
        h.check('request REGISTER' not in kam.stderr_text(), '%s: no REGISTER reached Kamailio' % what)
        h.check_eq(rx.terminate(), 0, '%s: receiver exit code after SIGTERM' % what)
        kam.stop()

    # Opting out: the same wrong-name registrar is accepted, and stderr says so loudly.
    kam = h.kamailio(tls=pki.wrong_name)
    rx = receiver(h, pki, kam, extra=['--tls-no-verify'])
    rx.wait_ready()
    ev = rx.wait_event('registered', 15)
    h.check_eq(ev.get('status'), 200, '--tls-no-verify: registered with the wrong-name registrar')
    h.check('WARNING: --tls-no-verify' in rx.stderr_text(), '--tls-no-verify warns on stderr')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')


peers.main(test)
