#!/usr/bin/env python3
"""R-REG-3: refresh before expiry. The SIPp registrar (tests/sipp/registrar_refresh.xml)
grants 4 s; the receiver must send the refreshing REGISTER (same Call-ID, feature tag
still on the Contact) before the binding runs out, and report both registrations."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, sip_header


def test(h):
    reg = h.sipp_uas('registrar_refresh.xml')
    rx = h.receiver(['--aor', AOR, '--registrar', reg.uri, '--app', 'mms.ua'])
    rx.wait_ready()
    first = rx.wait_event('registered', 10)
    h.check_eq(first.get('expires'), 4, 'first registration: expires granted')
    second = rx.wait_event('registered', 5)
    h.check_eq(second.get('expires'), 120, 'refreshed registration: expires granted')
    gap = rx.event_time(second) - rx.event_time(first)
    h.check(gap < 3.5, 'refresh came %.2f s after the 4 s grant, before expiry' % gap)
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    reg.wait_ok(10, 'REGISTER, refresh before expiry with the tag, de-REGISTER')
    regs = reg.received_requests('REGISTER')
    h.check_eq(len(regs), 3, 'REGISTERs on the wire (initial, refresh, de-REGISTER)')
    h.check_eq(sip_header(regs[1], 'Call-ID'), sip_header(regs[0], 'Call-ID'), 'refresh Call-ID')
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
