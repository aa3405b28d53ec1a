#!/usr/bin/env python3
"""sippush from Python (GObject-Introspection, issue 14 item 1): a file pushed over MSRP
reaches a Python file-offer callback (SipPush.App.set_file_offer_func), which checks the
offer (name, type, size, SHA-1, ARI, sender) and accepts it into a directory of its
choice; the finished file then reaches the application's Python push callback as a
delivery of method MSRP, whose file holds exactly the bytes sent, and accepting it sends
the success REPORT. SIPp INVITEs (tests/sipp/invite_msrp.xml asserts the 200 OK) and
starts msrp_sender.py, the independent MSRP sender; every chunk must be answered 200 and
the one REPORT must say 000 200 OK."""
import hashlib, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import gi_peers
import msrp_peers as mp
from peers import AOR, SENDER


class Endpoint:
    """What msrp_peers.Push needs to know of the receiver: its SIP and MSRP ports."""

    def __init__(self, port, msrp_port):
        self.port = port
        self.msrp_port = msrp_port


def test(h):
    GLib, SipPush = gi_peers.import_sippush(h)
    port = h.ports(1)[0]
    receiver = SipPush.Receiver.new(AOR)
    h.check(receiver.set_bind_uri('sip:127.0.0.1:%d' % port), 'set_bind_uri')
    h.check(receiver.set_msrp_bind('127.0.0.1:0'), 'set_msrp_bind')
    failed = []
    receiver.connect('transfer-failed', lambda r, t: failed.append((t.get_file_name(), t.get_reason())))
    rejected = []
    receiver.connect('push-rejected', lambda r, rej: rejected.append((rej.get_status(), rej.get_reason())))

    folder = os.path.join(h.tmp, 'files-in')
    os.makedirs(folder)
    offers, pushes = [], []

    def on_offer(rx, offer, user_data):
        offers.append({'name': offer.get_name(), 'type': offer.get_content_type(), 'size': offer.get_size(),
                       'sha1': offer.get_sha1(), 'ari': offer.get_ari(), 'app_id': offer.get_app_id(),
                       'sender': offer.get_sender(), 'data': user_data})
        offer.accept(folder)

    def on_push(rx, delivery, user_data):
        f = delivery.get_file()
        with open(f.get_path(), 'rb') as fp:
            content = fp.read()
        pushes.append({'method': delivery.get_method(), 'path': f.get_path(), 'content': content,
                       'name': delivery.get_file_name(), 'sha1': delivery.get_sha1(),
                       'verified': delivery.get_hash_verified(), 'size': delivery.get_size(),
                       'accepted': delivery.accept()})

    app = receiver.add_app('mms.ua', on_push, None)
    app.set_accept_types(['image/jpeg'])
    h.check_eq(list(app.get_accept_types()), ['image/jpeg'], 'App.get_accept_types')
    app.set_file_offer_func(on_offer, 'offer data')
    gi_peers.start(GLib, h, receiver)
    msrp_uri = receiver.dup_msrp_uri()
    h.check(msrp_uri.startswith('msrp://127.0.0.1:'), 'dup_msrp_uri: %s' % msrp_uri)
    rx = Endpoint(port, int(msrp_uri.rsplit(':', 1)[1]))

    f = mp.make_file(h, 'holiday photo.jpg', 6000, 'image/jpeg', seed=14)
    fs = f.selector()

    def push():
        p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['image/jpeg'], [f],
                    sender_args=['--success-report', 'yes'])
        p.wait_ok('INVITE answered 200 (asserted), the file sent, BYE')
        return p, p.result()

    p, res = gi_peers.run_with_loop(GLib, push, 90, 'SIPp and the MSRP sender pushing one file')

    h.check_eq(len(offers), 1, 'offers that reached the Python file-offer callback')
    o = offers[0]
    h.check_eq((o['name'], o['type'], o['size'], o['sha1']), (f.name, f.type, f.size, f.sha1),
               'offer (name, type, size, sha1) as in the file-selector')
    h.check_eq((o['ari'], o['app_id'], o['sender']), ('mms.ua', 'mms.ua', SENDER), 'offer (ari, app id, sender)')
    h.check_eq(o['data'], 'offer data', 'the file-offer callback got its user_data')

    h.check_eq(len(pushes), 1, 'file deliveries that reached the Python push callback')
    d = pushes[0]
    h.check_eq(d['method'], SipPush.Method.MSRP, 'delivery method')
    h.check_eq(d['accepted'], True, 'accept() in the callback')
    h.check_eq(os.path.dirname(d['path']), folder, 'stored in the directory the offer callback chose')
    h.check_eq(os.path.basename(d['path']), f.name, 'stored under the offered (harmless) name')
    h.check_eq((d['name'], d['size'], d['sha1'], d['verified']), (f.name, f.size, f.sha1, True),
               'delivery (file name, size, sha1, hash verified)')
    h.check(d['content'] == f.data, 'the stored file holds exactly the %d bytes sent' % f.size)
    h.check_eq(hashlib.sha1(d['content']).hexdigest(), f.sha1, 'stored file sha1')
    h.check_eq(sorted(os.listdir(folder)), [f.name], 'the directory holds the file and nothing else')

    m = mp.message(res, 0)
    mp.check_all_200(h, m, f.name)
    mp.check_success_report(h, m, f.name)
    h.check_eq(failed, [], 'transfer-failed emissions')
    h.check_eq(rejected, [], 'push-rejected emissions')
    gi_peers.stop(GLib, h, receiver)


peers.main(test, peers=('sipp',))
