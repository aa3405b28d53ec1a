#!/usr/bin/env python3
"""R-REG-3: digest authentication. A SIPp registrar (tests/sipp/registrar_auth.xml)
answers the first REGISTER 401 (Digest, qop=auth) and checks the retry with verifyauth
for alice/secret. With --username alice --password secret the receiver registers (and
the tag survives the retry); with a wrong password it reports registration_failed 403."""
import os, re, signal, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, sip_header


def test(h):
    # Good credentials
    reg = h.sipp_uas('registrar_auth.xml')
    rx = h.receiver(['--aor', AOR, '--registrar', reg.uri, '--app', 'mms.ua',
                     '--username', 'alice', '--password', 'secret'])
    rx.wait_ready()
    ev = rx.wait_event('registered', 10)
    h.check_eq(ev.get('status'), 200, 'registered.status after the 401 challenge')
    h.check_eq(ev.get('expires'), 120, 'registered.expires')
    h.check(not rx.all_events('registration_failed'),
            'no registration_failed event for a challenge that was answered (events: %s)' % rx.all_events())
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    reg.wait_ok(10, 'verifyauth accepted the credentials; de-REGISTER answered')
    regs = reg.received_requests('REGISTER')
    h.check(len(regs) >= 2, 'registrar got the REGISTER and its authorised retry')
    h.check(sip_header(regs[0], 'Authorization') is None, 'first REGISTER carries no Authorization')
    auth = sip_header(regs[1], 'Authorization') or ''
    h.check(auth.startswith('Digest') and 'username="alice"' in auth and 'realm="sippush.test"' in auth,
            'retry carries Digest credentials for alice in realm sippush.test: %s' % auth)
    h.check('+g.oma.pusheventappp="mms.ua"' in (sip_header(regs[1], 'Contact') or ''),
            'the feature tag survives the 401 retry')

    # Wrong password: SIPp answers 403 (and marks its own call failed, as designed)
    bad = h.sipp_uas('registrar_auth.xml', name='sipp-registrar_auth-badpw')
    rx2 = h.receiver(['--aor', AOR, '--registrar', bad.uri, '--app', 'mms.ua',
                      '--username', 'alice', '--password', 'wrong'], name='receiver-badpw')
    rx2.wait_ready()
    ev = rx2.wait_event('registration_failed', 10)
    h.check_eq(ev.get('status'), 403, 'registration_failed.status with a wrong password')
    h.check(isinstance(ev.get('reason'), str) and ev['reason'], 'registration_failed.reason: %r' % ev.get('reason'))
    h.check(not rx2.all_events('registered'), 'never registered with a wrong password')
    rc = bad.wait(10, 'bad-password registrar')
    h.check_eq(rc, 1, 'SIPp saw invalid credentials (its call fails by design)')
    h.check_eq(rx2.terminate(timeout=15), 0, 'unregistered receiver exits 0 on SIGTERM')
    rx.check_stdout_clean()
    rx2.check_stdout_clean()


peers.main(test, peers=('sipp',))
