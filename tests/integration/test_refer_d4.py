#!/usr/bin/env python3
"""Seed D.4 end to end with a scripted peer (sip_peer.py): peer A sends the REFER, peer B
is the Refer-To target (the Push Sender's notifier).
R-REF-1: default policy accept -> 202 and {"event":"refer","target":…,"accepted":true}.
R-REF-2: A gets the implicit subscription's NOTIFY (Event: refer, message/sipfrag
`SIP/2.0 100 Trying`); the stack sends it before the 202 (trap B4), so either order is
taken. (The stack sends a second `100 Trying` NOTIFY, `active`, once the REFER is
answered; peer A answers every NOTIFY 200.)
R-REF-3: B gets a SUBSCRIBE as a new dialog whose Request-URI and To are the Refer-To URI
without method= and ?headers, with the embedded Event (event-app-id="push.syncml", as it
came, not rebuilt from the local apps) and Accept, URL-decoded.
R-REF-4: on B's first NOTIFY, A gets the final NOTIFY: sipfrag `SIP/2.0 200 OK`,
`Subscription-State: terminated;reason=noresource`.
R-REF-4 again: a second REFER whose SUBSCRIBE B refuses 403 ends with a final NOTIFY whose
sipfrag is `SIP/2.0 403 Forbidden`.
R-NOT-1: B's next NOTIFY carries a SyncML body: it reaches push.syncml and is stored."""
import os, sys, urllib.parse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import sip_peer
from peers import AOR

EVENT = 'ua-profile;profile-type=oma-app;event-app-id="push.syncml"'
SYNCML = 'application/vnd.syncml.ds.notification'


def test(h):
    a = sip_peer.Peer(h, 'peer-A', h.ports(1)[0], auto_answer=('NOTIFY',))
    b = sip_peer.Peer(h, 'peer-B', h.ports(1)[0])
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--app', 'push.syncml', '--inbox', 'inbox'])
    rx.wait_ready()

    target = 'sip:ps@127.0.0.1:%d' % b.port
    refer_to = '<%s;method=SUBSCRIBE?Event=%s&Accept=%s>' % (
        target, urllib.parse.quote(EVENT, safe=''), urllib.parse.quote(SYNCML, safe=''))
    sip_peer.refer(a, rx.port, refer_to)

    # R-REF-1/2: the 202 and the 100 Trying NOTIFY, in whichever order they come
    resp = a.wait(lambda m: m.status and m.status >= 200 and m.cseq_method() == 'REFER', '202 to REFER')
    h.check_eq(resp.status, 202, 'REFER answered (R-REF-1)')
    n1 = a.wait(lambda m: m.method == 'NOTIFY', 'first refer NOTIFY')
    h.check(n1.header('event').startswith('refer'), 'first NOTIFY Event: refer (R-REF-2)')
    h.check(n1.header('content-type').startswith('message/sipfrag'), 'first NOTIFY is message/sipfrag')
    h.check_eq(n1.body.strip(), b'SIP/2.0 100 Trying', 'first sipfrag (R-REF-2)')
    ev = rx.wait_event('refer', 5)
    h.check_eq(ev, {'event': 'refer', 'target': target, 'accepted': True}, 'refer event')

    # R-REF-3: the SUBSCRIBE at the Refer-To target
    sub = b.wait(lambda m: m.method == 'SUBSCRIBE', 'SUBSCRIBE at the Refer-To target')
    h.check_eq(sub.first, 'SUBSCRIBE %s SIP/2.0' % target, 'SUBSCRIBE Request-URI (no method=, no headers)')
    h.check_eq(sub.header('to'), '<%s>' % target, 'SUBSCRIBE To')
    h.check_eq(sub.header('event'), EVENT, 'SUBSCRIBE Event as embedded (not rebuilt)')
    h.check_eq(sub.all('accept'), [SYNCML], 'SUBSCRIBE Accept as embedded, once')
    h.check(sub.header('call-id') != 'refer-1@127.0.0.1', 'SUBSCRIBE is a new dialog')
    h.check('<sip:alice@127.0.0.1>' in sub.header('from'), 'SUBSCRIBE From is the AOR')
    b.answer(sub, 200, 'OK', to_tag='b1', extra='Contact: <sip:ps@127.0.0.1:%d>\r\nExpires: 600\r\n' % b.port)
    sip_peer.notify(b, sub, 'b1', 'active;expires=600')
    r = b.wait(lambda m: m.status and m.cseq_method() == 'NOTIFY', '200 to the first ua-profile NOTIFY')
    h.check_eq(r.status, 200, 'initial ua-profile NOTIFY answered')

    # R-REF-4: the final refer NOTIFY
    n2 = a.wait(lambda m: m.method == 'NOTIFY' and m.header('call-id') == 'refer-1@127.0.0.1'
                and m.body.strip() != b'SIP/2.0 100 Trying', 'final refer NOTIFY')
    h.check_eq(n2.header('subscription-state'), 'terminated;reason=noresource', 'final Subscription-State (R-REF-4)')
    h.check_eq(n2.body.strip(), b'SIP/2.0 200 OK', 'final sipfrag (R-REF-4)')
    h.check(n2.header('content-type').startswith('message/sipfrag'), 'final NOTIFY is message/sipfrag')
    h.check_eq(n2.header('call-id'), 'refer-1@127.0.0.1', 'final NOTIFY in the refer dialog')
    ev = rx.wait_event('subscribed', 5)
    h.check_eq(ev, {'event': 'subscribed', 'status': 200}, 'subscribed event for the referred subscription')

    # R-NOT-1: push content over the new subscription
    body = b'<SyncML DS notification for alice>'
    sip_peer.notify(b, sub, 'b1', 'active;expires=600', body=body, ctype=SYNCML,
                    extra='P-Asserted-Identity: <sip:pushsender@example.net>\r\n')
    push = rx.wait_event('push', 5)
    h.check_eq(push.get('method'), 'NOTIFY', 'push.method')
    h.check_eq(push.get('ari'), 'push.syncml', 'push.ari (the subscription names one ARI)')
    h.check_eq(push.get('size'), len(body), 'push.size')
    with open(rx.path_of(push), 'rb') as f:
        h.check(f.read() == body, 'stored NOTIFY body is byte-exact')

    # R-REF-4, failure: the SUBSCRIBE a second REFER asks for is refused 403: the final
    # NOTIFY's sipfrag carries that status line.
    sip_peer.refer(a, rx.port, '<%s;method=SUBSCRIBE?Event=%s>' % (target, urllib.parse.quote(EVENT, safe='')), n=2)
    resp = a.wait(lambda m: m.status and m.status >= 200 and m.header('call-id') == 'refer-2@127.0.0.1', '202 to REFER 2')
    h.check_eq(resp.status, 202, 'second REFER answered')
    sub2 = b.wait(lambda m: m.method == 'SUBSCRIBE' and m.header('call-id') != sub.header('call-id'), 'second SUBSCRIBE')
    b.answer(sub2, 403, 'Forbidden', to_tag='b2')
    n3 = a.wait(lambda m: m.method == 'NOTIFY' and m.header('call-id') == 'refer-2@127.0.0.1'
                and b'100 Trying' not in m.body, 'final NOTIFY of REFER 2')
    h.check_eq(n3.body.strip(), b'SIP/2.0 403 Forbidden', 'final sipfrag carries the SUBSCRIBE failure (R-REF-4)')
    h.check_eq(n3.header('subscription-state'), 'terminated;reason=noresource', 'final Subscription-State')
    ev = rx.wait_event('subscription_failed', 5)
    h.check_eq(ev, {'event': 'subscription_failed', 'status': 403}, 'subscription_failed event')

    b.auto_answer = ('SUBSCRIBE',)  # the un-SUBSCRIBE on stop, in the dialog
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    unsub = [m for m in b.requests('SUBSCRIBE') if m.header('expires') == '0']
    h.check(len(unsub) >= 1, 'un-SUBSCRIBE of the referred subscription on stop')
    h.check(not rx.all_events('rejected'), 'no rejected events')
    rx.check_stdout_clean()


peers.main(test, peers=())
