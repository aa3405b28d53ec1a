#!/usr/bin/env python3
"""R-SUB-1, R-SUB-2 (library level, tests/integration/subscribe-driver.c) against a
scripted notifier (sip_peer.py):
- the SUBSCRIBE carries the device parameters and the oma-app list
  `Event: ua-profile;profile-type=oma-app;event-app-id="mms.ua";vendor="example.com";
  model="X1";version="1.2.3"`, the Accept of the applications, `Expires: 600` and
  `P-Preferred-Identity: <sip:alice@127.0.0.1>`;
- adding push.syncml while subscribed ends that subscription (un-SUBSCRIBE, Expires: 0)
  and SUBSCRIBEs anew in a new dialog with event-app-id="mms.ua,push.syncml";
- stopping un-SUBSCRIBEs the live one."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import sip_peer
from peers import Failure, Proc

DEVICE = ';vendor="example.com";model="X1";version="1.2.3"'


def serve(h, b, tag, what):
    sub = b.wait(lambda m: m.method == 'SUBSCRIBE' and ';tag=' not in m.header('to'), what)
    b.answer(sub, 200, 'OK', to_tag=tag, extra='Contact: <sip:ps@127.0.0.1:%d>\r\nExpires: 600\r\n' % b.port)
    sip_peer.notify(b, sub, tag, 'active;expires=600')
    return sub


def test(h):
    driver = os.environ.get('SIPPUSH_SUBSCRIBE_DRIVER')
    if not driver or not os.access(driver, os.X_OK):
        raise Failure('SIPPUSH_SUBSCRIBE_DRIVER is not an executable: %r' % driver)
    b = sip_peer.Peer(h, 'notifier', h.ports(1)[0])
    port = h.ports(1)[0]
    env = dict(os.environ, G_MESSAGES_DEBUG='all', TPORT_LOG='1')
    d = Proc(h, 'subscribe-driver', [driver, 'sip:127.0.0.1:%d' % port, 'sip:ps@127.0.0.1:%d' % b.port], env=env)

    sub1 = serve(h, b, 's1', 'first SUBSCRIBE')
    h.check_eq(sub1.header('event'), 'ua-profile;profile-type=oma-app;event-app-id="mms.ua"' + DEVICE,
               'Event with the ARI list and the device parameters (R-SUB-1)')
    h.check_eq(sub1.header('accept'), 'application/vnd.wap.mms-message', 'Accept (R-SUB-2)')
    h.check_eq(sub1.header('expires'), '600', 'Expires as configured (R-SUB-2)')
    h.check_eq(sub1.header('p-preferred-identity'), '<sip:alice@127.0.0.1>', 'P-Preferred-Identity (R-SUB-2)')

    b.auto_answer = ('SUBSCRIBE',)  # in-dialog ones from now on: the un-SUBSCRIBEs
    sub2 = None
    while sub2 is None:
        m = b.wait(lambda m: m.method == 'SUBSCRIBE', 'SUBSCRIBE after the app change')
        if ';tag=' in m.header('to'):
            continue
        sub2 = m
    b.auto_answer = ()
    b.answer(sub2, 200, 'OK', to_tag='s2', extra='Contact: <sip:ps@127.0.0.1:%d>\r\nExpires: 600\r\n' % b.port)
    sip_peer.notify(b, sub2, 's2', 'active;expires=600')
    b.auto_answer = ('SUBSCRIBE',)
    h.check_eq(sub2.header('event'), 'ua-profile;profile-type=oma-app;event-app-id="mms.ua,push.syncml"' + DEVICE,
               'new SUBSCRIBE lists the new application set (R-SUB-1)')
    h.check(sub2.header('call-id') != sub1.header('call-id'), 'new SUBSCRIBE in a new dialog')
    h.check_eq(sub2.header('accept'), 'application/vnd.wap.mms-message, */*', 'Accept of the new set')

    rc = d.wait(15, 'driver: two subscriptions and a stop')
    h.check_eq(rc, 0, 'driver exit code')
    unsubs = [m for m in b.requests('SUBSCRIBE') if m.header('expires') == '0']
    h.check_eq(sorted({m.header('call-id') for m in unsubs}),
               sorted([sub1.header('call-id'), sub2.header('call-id')]),
               'un-SUBSCRIBE of the old dialog at the change and of the new one at stop')


peers.main(test, peers=())
