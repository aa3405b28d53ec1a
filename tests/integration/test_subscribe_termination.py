#!/usr/bin/env python3
"""R-SUB-3, RFC 6665 §4.1.3: how a terminated subscription is handled, with a scripted
notifier (sip_peer.py). The CLI subscribes at start (no registrar).
- 423 with Min-Expires -> the SUBSCRIBE is sent again with that expiry, no failure event.
- `terminated;reason=timeout` -> {"event":"subscription_terminated","reason":"timeout"} and
  a new SUBSCRIBE at once (a new dialog: new Call-ID), which becomes active again.
- `terminated;reason=deactivated` -> the stack re-subscribes by itself, exactly once (no
  subscription_terminated event, no second SUBSCRIBE from sippush).
- `terminated;reason=noresource` -> subscription_terminated "noresource" and no
  SUBSCRIBE afterwards (given up)."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import sip_peer
from peers import AOR


def accept(h, b, tag, what):
    sub = b.wait(lambda m: m.method == 'SUBSCRIBE', what)
    b.answer(sub, 200, 'OK', to_tag=tag, extra='Contact: <sip:ps@127.0.0.1:%d>\r\nExpires: 600\r\n' % b.port)
    sip_peer.notify(b, sub, tag, 'active;expires=600')
    b.wait(lambda m: m.status == 200 and m.cseq_method() == 'NOTIFY', '200 to NOTIFY (%s)' % what)
    return sub


def test(h):
    b = sip_peer.Peer(h, 'notifier', h.ports(1)[0])
    rx = h.receiver(['--aor', AOR, '--subscribe', '--subscribe-uri', 'sip:ps@127.0.0.1:%d' % b.port,
                     '--app', 'mms.ua'])
    rx.wait_ready()
    # 423 Interval Too Brief: the stack SUBSCRIBEs again with the Min-Expires, by itself,
    # and the host hears of no failure.
    first = b.wait(lambda m: m.method == 'SUBSCRIBE', 'SUBSCRIBE to refuse 423')
    b.answer(first, 423, 'Interval Too Brief', to_tag='t0', extra='Min-Expires: 7200\r\n')
    sub1 = accept(h, b, 't1', 'SUBSCRIBE after 423')
    h.check_eq((first.header('expires'), sub1.header('expires')), ('3600', '7200'),
               'Expires before and after 423 Min-Expires: 7200')
    rx.wait_event('subscribed', 5)

    sip_peer.notify(b, sub1, 't1', 'terminated;reason=timeout')
    ev = rx.wait_event('subscription_terminated', 5)
    h.check_eq(ev, {'event': 'subscription_terminated', 'reason': 'timeout'}, 'terminated, timeout')
    sub2 = accept(h, b, 't2', 'SUBSCRIBE after timeout')
    h.check(sub2.header('call-id') != sub1.header('call-id'), 're-SUBSCRIBE at once, new dialog')
    h.check_eq(sub2.header('event'), sub1.header('event'), 're-SUBSCRIBE Event')
    ev = rx.wait_event('subscribed', 5)
    h.check_eq(ev.get('status'), 200, 'subscribed again')

    sip_peer.notify(b, sub2, 't2', 'terminated;reason=deactivated')
    sub3 = accept(h, b, 't3', 'SUBSCRIBE after deactivated (by the stack)')
    rx.wait_event('subscribed', 5)
    time.sleep(1)
    h.check_eq(len(b.requests('SUBSCRIBE')), 4, 'one re-SUBSCRIBE after deactivated, not two')
    h.check_eq(rx.all_events('subscription_terminated'), [ev for ev in rx.all_events('subscription_terminated')
                                                           if ev.get('reason') == 'timeout'],
               'no subscription_terminated event for deactivated')

    sip_peer.notify(b, sub3, 't3', 'terminated;reason=noresource')
    ev = rx.wait_event('subscription_terminated', 5)
    h.check_eq(ev, {'event': 'subscription_terminated', 'reason': 'noresource'}, 'terminated, noresource')
    time.sleep(2)
    h.check_eq(len(b.requests('SUBSCRIBE')), 4, 'no SUBSCRIBE after noresource (given up)')
    h.check(not rx.all_events('subscription_failed'), 'no subscription_failed event (423 handled)')
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    rx.check_stdout_clean()


peers.main(test, peers=())
