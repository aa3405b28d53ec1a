#!/usr/bin/env python3
"""R-REG-2 (library level): tests/integration/app-change-driver adds and removes
applications on a running receiver; each change must re-REGISTER with the new
+g.oma.pusheventappp list: "mms.ua" -> "mms.ua,push.syncml" -> "push.syncml", then the
stop de-REGISTERs (R-REG-3). SIPp (tests/sipp/registrar_app_change.xml) checks each
Contact and fails on any other sequence."""
import os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import Failure, Proc, sip_header


def test(h):
    driver = os.environ.get('SIPPUSH_APP_CHANGE_DRIVER')
    if not driver or not os.access(driver, os.X_OK):
        raise Failure('SIPPUSH_APP_CHANGE_DRIVER is not an executable: %r' % driver)
    reg = h.sipp_uas('registrar_app_change.xml')
    port = h.ports(1)[0]
    env = dict(os.environ, G_MESSAGES_DEBUG='all', TPORT_LOG='1')
    d = Proc(h, 'app-change-driver', [driver, 'sip:127.0.0.1:%d' % port, reg.uri], env=env)
    rc = d.wait(25, 'driver: three registrations and a stop')
    with open(d.stdout_path) as f:
        out = f.read()
    h.ok('driver said:\n    ' + '\n    '.join(out.splitlines()))
    h.check_eq(rc, 0, 'driver exit code (3 registered signals, then stopped)')
    reg.wait_ok(10, 'REGISTERs with "mms.ua", "mms.ua,push.syncml", "push.syncml", then Expires 0')
    regs = reg.received_requests('REGISTER')
    tags = [re.search(r'\+g\.oma\.pusheventappp=("[^"]*"|[^;]*)', sip_header(r, 'Contact') or '') for r in regs]
    tags = [t.group(1) if t else None for t in tags]
    h.check_eq(tags[:3], ['"mms.ua"', '"mms.ua,push.syncml"', '"push.syncml"'], 'Contact tag of REGISTERs 1-3')
    h.check_eq(len({sip_header(r, 'Call-ID') for r in regs}), 1, 'distinct Call-IDs (one registration)')


peers.main(test, peers=('sipp',))
