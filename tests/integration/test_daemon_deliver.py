#!/usr/bin/env python3
"""sippushd, the live path (R-DSP-5, issue 14 item 3): the daemon registers with Kamailio serving
--app mms.ua; a Python agent (dbus_agent.py) registers mms.ua on the session bus; SIPp
pushes a MESSAGE through Kamailio; the agent gets Deliver with the push dictionary and the
body byte-exact and answers after 1.5 s; SIPp sees the 200, and not before that answer
(R-MSG-1). The properties (Registered, Contact, Applications), a re-REGISTER when an agent
brings an application not configured (R-REG-2) and another when it leaves the bus,
sd_notify READY=1 / STOPPING=1 and a clean exit on SIGTERM."""
import os, sys, signal
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import daemon_peers as dp
from peers import AOR, SENDER


def test(h):
    conn = dp.bus()
    kam = h.kamailio()
    d = dp.daemon(h, ['--aor', AOR, '--registrar', kam.uri, '--app', 'mms.ua'], conn=conn)
    dp.wait_until(h, lambda: dp.properties(conn)['Registered'], 'Registered becomes true (REGISTER 200)')
    props = dp.properties(conn)
    h.check_eq(props['Contact'], d.uri, 'Contact property')
    h.check_eq(props['Applications'], ['mms.ua'], 'Applications property (configured)')

    a = dp.agent(h, ['--app', 'mms.ua', '--reply-delay', '1.5'])
    a.wait_event('registered', app='mms.ua')

    text = 'MMS notification for alice'
    s, bodies = h.push(kam.port, ari='mms.ua', ctype='application/vnd.wap.mms-message', body=text,
                       what='MESSAGE for mms.ua through Kamailio answered 200', timeout=20)
    ev = a.wait_event('deliver', 5)
    push = ev['push']
    h.check_eq(push.get('app-id'), 'mms.ua', 'push app-id')
    h.check_eq(push.get('method'), 'MESSAGE', 'push method')
    h.check_eq(push.get('sender'), SENDER, 'push sender (P-Asserted-Identity)')
    h.check_eq(push.get('content-type'), 'application/vnd.wap.mms-message', 'push content-type')
    h.check_eq(push.get('spooled'), False, 'push spooled')
    h.check_eq(a.body(ev), bodies[0], 'Deliver body = the SIP body, byte-exact')
    replied = a.wait_event('replied', 5, how='accept')
    oks = [t for dr, _, raw, t in s.timed_messages() if dr == 'received' and raw.startswith(b'SIP/2.0 200')]
    h.check(oks and oks[0] >= replied['t'] - 0.05,
            'the 200 reached SIPp after the agent replied (200 at %.3f, reply at %.3f)'
            % (oks[0] if oks else -1, replied['t']))
    h.check(not dp.spool_entries(d), 'nothing spooled for a push the agent took')

    # An application only an agent brings: added to the REGISTER, removed when it leaves.
    before = d.log_count('registered (200')
    b = dp.agent(h, ['--app', 'push.syncml', '--path', '/b'], name='agent-b')
    b.wait_event('registered', app='push.syncml')
    dp.wait_until(h, lambda: dp.properties(conn)['Applications'] == ['mms.ua', 'push.syncml'],
                  'Applications lists push.syncml once its agent registered it')
    dp.wait_until(h, lambda: d.log_count('registered (200') > before, 'R-REG-2: re-REGISTER for the new list')
    s2, bodies2 = h.push(kam.port, ari='push.syncml', body='SyncML alert', timeout=20,
                         what='MESSAGE for push.syncml answered 200')
    h.check_eq(b.body(b.wait_event('deliver', 5)), bodies2[0], 'the second agent got its push')
    before = d.log_count('registered (200')
    b.stop()
    dp.wait_until(h, lambda: dp.properties(conn)['Applications'] == ['mms.ua'],
                  'an agent that leaves the bus loses its application')
    dp.wait_until(h, lambda: d.log_count('registered (200') > before, 'R-REG-2: re-REGISTER without it')
    h.push(kam.port, ari='push.syncml', scenario='message_uac_480.xml', timeout=20,
           what='MESSAGE for push.syncml, its agent gone, answered 480')

    h.check_eq(d.terminate(), 0, 'sippushd exit code after SIGTERM')


dp.main(test)
