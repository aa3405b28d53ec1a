#!/usr/bin/env python3
"""R-REG-1: the REGISTER Contact carries +g.oma.pusheventappp="mms.ua,push.syncml" as a
Contact HEADER parameter (outside <...>), From/To are the AOR, the receiver reports the
expiry the registrar granted (asked 3600, granted 120), and SIGINT de-registers
(R-REG-3) and exits 0. The registrar is SIPp (tests/sipp/registrar.xml), whose <ereg>
checks fail the call when the tag is missing, different or inside the URI."""
import os, re, signal, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, sip_header


def test(h):
    reg = h.sipp_uas('registrar.xml')
    rx = h.receiver(['--aor', AOR, '--registrar', reg.uri, '--app', 'mms.ua', '--app', 'push.syncml'])
    rx.wait_ready()
    ev = rx.wait_event('registered', 10)
    h.check_eq(ev.get('status'), 200, 'registered.status')
    h.check_eq(ev.get('expires'), 120, 'registered.expires (what the registrar granted, not the 3600 asked)')
    h.check(not rx.all_events('registration_failed'), 'no registration_failed event')

    rc = rx.terminate(signal.SIGINT)
    h.check_eq(rc, 0, 'receiver exit code after SIGINT')
    reg.wait_ok(10, 'tag checks passed and the de-REGISTER after SIGINT was answered')
    first = reg.received_requests('REGISTER')[0]
    contact = sip_header(first, 'Contact')
    h.ok('REGISTER Contact on the wire: %s' % contact)
    h.check(re.fullmatch(r'<sip:[^<>]*>(;[^;]+)*;\+g\.oma\.pusheventappp="mms\.ua,push\.syncml"(;[^;]+)*', contact or '')
            is not None, 'R-REG-1: the tag is a Contact header parameter with the list "mms.ua,push.syncml"')
    h.check('pusheventappp' not in (contact or '').partition('>')[0], 'R-REG-1: the tag is not inside <...>')
    uri = re.search(r'<([^>]*)>', contact).group(1)
    h.check(uri.startswith('sip:') and ':%d' % rx.port in uri, 'Contact URI %s points at the receiver port %d' % (uri, rx.port))
    for name in ('From', 'To'):
        v = sip_header(first, name) or ''
        h.check('<%s>' % AOR in v or v.startswith(AOR), '%s is the AOR %s: %s' % (name, AOR, v))
    h.check(re.search(r'(?m)^Expires: *3600\r?$', first.decode('utf-8', 'replace')) is not None
            or ';expires=3600' in contact, 'REGISTER asks for the default expiry 3600')

    regs = reg.received_requests('REGISTER')
    h.check(len(regs) >= 2, 'registrar got %d REGISTERs (register + de-register)' % len(regs))
    last = regs[-1].decode('utf-8', 'replace')
    h.check(re.search(r'(?m)^Expires: *0\r?$', last) or ';expires=0' in last, 'R-REG-3: the last REGISTER has expiry 0')
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
