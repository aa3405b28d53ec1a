#!/usr/bin/env python3
"""sippush from Python (GObject-Introspection, issue 14 item 1): a SipPush.Receiver made
in this process runs in a GLib main loop; an application added with a Python callback
gets a MESSAGE pushed by SIPp (tests/sipp/message_uac.xml, which fails unless the answer
is 200). The callback keeps the delivery and answers nothing; 600 ms later an idle
callback checks that SIPp has still seen no 200 and accepts: the 200 goes out then
(R-MSG-1), and SIPp exits 0. The delivery's fields (method, ARI, sender, content type,
body bytes as sent) are checked through the bindings, then the receiver stops.

Run against the build tree (meson test) and, through tests/api/check-installed.sh,
against the installed typelib and library (SIPPUSH_EXPECT_PREFIX)."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import gi_peers
from peers import AOR, SENDER, sip_header


def test(h):
    GLib, SipPush = gi_peers.import_sippush(h)
    port = h.ports(1)[0]
    receiver = SipPush.Receiver.new(AOR)
    h.check(receiver.set_bind_uri('sip:127.0.0.1:%d' % port), 'set_bind_uri')
    rejected = []
    receiver.connect('push-rejected', lambda r, rej: rejected.append(
        (rej.get_method().value_nick, rej.get_status(), rej.get_reason())))

    seen = []       # (wall time, delivery, user_data, completed in the callback)
    answered = {}

    def on_push(rx, delivery, user_data):
        seen.append((time.time(), delivery, user_data, delivery.is_completed()))
        # Answer later: a timer, then an idle callback does it.
        GLib.timeout_add(600, lambda: GLib.idle_add(accept_later, delivery) and False)

    def accept_later(delivery):
        answered['responses_before'] = [raw.split(b'\r\n', 1)[0] for d, _, raw in sipp_box[0].messages()
                                        if d == 'received' and raw.startswith(b'SIP/2.0')]
        answered['time'] = time.time()
        answered['ok'] = delivery.accept()
        return False

    app = receiver.add_app('mms.ua', on_push, 'user data')
    h.check_eq(app.get_id(), 'mms.ua', 'add_app returned the SipPush.App')
    h.check(receiver.lookup_app('x-wap-application:mms.ua') == app, 'lookup_app by URN finds it')
    gi_peers.start(GLib, h, receiver)

    sipp_box = []
    body = 'MMS notification for alice (GI)'

    def push():
        keys = {'ac': '*;+g.oma.pusheventappp="mms.ua"', 'pai': SENDER,
                'ctype': 'application/vnd.wap.mms-message', 'body': body}
        s = h.sipp('message_uac.xml', remote='127.0.0.1:%d' % port, keys=keys)
        sipp_box.append(s)
        s.wait_ok(20, 'MESSAGE answered 200 (asserted by SIPp)')
        return s

    sipp = gi_peers.run_with_loop(GLib, push, 30, 'SIPp pushing one MESSAGE')

    h.check_eq(len(seen), 1, 'pushes that reached the Python callback')
    t_push, delivery, user_data, completed = seen[0]
    h.check_eq(user_data, 'user data', 'the callback got its user_data')
    h.check(not completed, 'the delivery was not completed inside the callback')
    h.check_eq(answered.get('ok'), True, 'accept() from the idle callback')
    h.check(not any(r.startswith(b'SIP/2.0 2') for r in answered['responses_before']),
            'no 2xx on the wire before the idle callback accepted (SIPp had seen %s)'
            % answered['responses_before'])
    h.check(answered['time'] - t_push >= 0.5, 'accepted %.2f s after the callback' % (answered['time'] - t_push))
    h.check(delivery.is_completed(), 'the delivery is completed')

    sent = [raw for raw in sipp.sent_requests('MESSAGE')]
    h.check(sent, 'SIPp sent the MESSAGE')
    oks = [(raw, ts) for d, _, raw, ts in sipp.timed_messages()
           if d == 'received' and raw.startswith(b'SIP/2.0 200')]
    h.check_eq(len(oks), 1, '200 OK responses SIPp received')
    h.check_eq(sip_header(oks[0][0], 'CSeq'), '1 MESSAGE', 'the 200 answers the MESSAGE')
    h.check(oks[0][1] >= answered['time'] - 0.05,
            'the 200 reached SIPp after the accept (%.3f s later)' % (oks[0][1] - answered['time']))

    h.check_eq(delivery.get_method(), SipPush.Method.MESSAGE, 'delivery method')
    h.check_eq(SipPush.Method.to_string(delivery.get_method()), 'MESSAGE', 'Method.to_string')
    h.check_eq(delivery.get_ari(), 'mms.ua', 'delivery ARI')
    h.check_eq(delivery.get_app_id(), 'mms.ua', 'delivery app id')
    h.check_eq(delivery.get_sender(), SENDER, 'delivery sender (P-Asserted-Identity)')
    h.check_eq(delivery.get_content_type(), 'application/vnd.wap.mms-message', 'delivery content type')
    h.check_eq(delivery.get_body().get_data(), peers.sip_body(sent[0]), 'delivery body = the bytes SIPp sent')
    h.check_eq(rejected, [], 'push-rejected emissions')

    gi_peers.stop(GLib, h, receiver)
    h.check(receiver.remove_app(app), 'remove_app after stop')
    h.check(receiver.lookup_app('mms.ua') is None, 'lookup_app after remove_app')


peers.main(test, peers=('sipp',))
