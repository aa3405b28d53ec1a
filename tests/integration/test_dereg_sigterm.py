#!/usr/bin/env python3
"""R-REG-3: on SIGTERM the CLI de-REGISTERs (same Call-ID, same Contact with the tag,
Expires 0), waits for the answer and exits 0. SIPp (tests/sipp/registrar_dereg.xml)
fails unless the request after the first REGISTER is that de-REGISTER."""
import os, re, signal, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, sip_header


def test(h):
    reg = h.sipp_uas('registrar_dereg.xml')
    rx = h.receiver(['--aor', AOR, '--registrar', reg.uri, '--app', 'mms.ua'])
    rx.wait_ready()
    ev = rx.wait_event('registered', 10)
    h.check_eq(ev.get('status'), 200, 'registered.status')

    rc = rx.terminate(signal.SIGTERM)
    h.check_eq(rc, 0, 'receiver exit code after SIGTERM')
    reg.wait_ok(10, 'de-REGISTER (Expires 0, same Contact) seen and answered')
    regs = reg.received_requests('REGISTER')
    h.check_eq(len(regs), 2, 'number of REGISTERs on the wire')
    h.check_eq(sip_header(regs[1], 'Call-ID'), sip_header(regs[0], 'Call-ID'), 'de-REGISTER Call-ID')
    c0, c1 = sip_header(regs[0], 'Contact'), sip_header(regs[1], 'Contact')
    h.check(c1.partition('>')[0] == c0.partition('>')[0], 'de-REGISTER removes the same binding: %s' % c1)
    d = regs[1].decode('utf-8', 'replace')
    h.check(re.search(r'(?m)^Expires: *0\r?$', d) or ';expires=0' in c1, 'de-REGISTER has expiry 0')
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
