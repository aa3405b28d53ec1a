#!/usr/bin/env python3
"""R-REG-2 (library level) when the last named application goes: the driver
(app-change-driver with SIPPUSH_DRIVER_REMOVE_LAST=1) registers with Kamailio as
"mms.ua", then "mms.ua,push.syncml", then "push.syncml", then removes push.syncml too.
The tagged binding must be removed (Expires 0) before a binding without any
+g.oma.pusheventappp tag is made (under a new Call-ID: a new binding racing the removal
under the same one could be removed with it); the stop then removes that one. Kamailio
logs every REGISTER it saves (tests/kamailio/kamailio.cfg)."""
import os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import Failure, Proc

LINE = re.compile(r'REGISTER call-id=<([^>]*)> cseq=<([^>]*)> expires=<([^>]*)> contact=<(.*)>$')


def test(h):
    driver = os.environ.get('SIPPUSH_APP_CHANGE_DRIVER')
    if not driver or not os.access(driver, os.X_OK):
        raise Failure('SIPPUSH_APP_CHANGE_DRIVER is not an executable: %r' % driver)
    kam = h.kamailio()
    port = h.ports(1)[0]
    env = dict(os.environ, SIPPUSH_DRIVER_REMOVE_LAST='1')
    d = Proc(h, 'app-change-driver', [driver, 'sip:127.0.0.1:%d' % port, kam.uri], env=env)
    rc = d.wait(25, 'driver: four registrations and a stop')
    h.check_eq(rc, 0, 'driver exit code (4 registered signals, then stopped)')

    regs = []
    for line in kam.stderr_text().splitlines():
        m = LINE.search(line)
        if m:
            call_id, cseq, expires, contact = m.groups()
            tag = re.search(r'\+g\.oma\.pusheventappp=("[^"]*")', contact)
            zero = expires.strip() == '0' or ';expires=0' in contact
            regs.append((call_id, tag.group(1) if tag else None, zero))
    h.ok('Kamailio saw: %s' % regs)
    h.check_eq([(t, z) for _, t, z in regs],
               [('"mms.ua"', False), ('"mms.ua,push.syncml"', False), ('"push.syncml"', False),
                ('"push.syncml"', True), (None, False), (None, True)],
               'REGISTER sequence (tag, removal)')
    h.check_eq(len({c for c, _, _ in regs[:4]}), 1, 'one Call-ID for the tagged binding')
    h.check(regs[4][0] != regs[3][0], 'the untagged binding has a Call-ID of its own')
    h.check_eq(regs[5][0], regs[4][0], 'the stop removes the untagged binding under its Call-ID')


peers.main(test, peers=('kamailio',))
