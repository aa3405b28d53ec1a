#!/usr/bin/env python3
"""A Push Sender behind its own MSRP relay (R-MSRP-7, RFC 4976), the relay being Kamailio's
msrp module (tests/kamailio/msrp-relay.cfg). The sender (msrp_sender.py --relay) connects
to the relay and AUTHs there, answering its 401 digest challenge; the relay grants the
Use-Path msrp://127.0.0.1:RELAY/u-sender;tcp. SIPp's INVITE offers the two-hop
a=path:<that Use-Path> <sender's URI> (tests/sipp/invite_msrp_relay.xml); the receiver
answers 200 and waits, as usual, for the sender to connect — which the relay does for it:
every SEND reaches the receiver over a connection from the relay, with the From-Path
"<relay> <sender>". Asserted: each chunk's 200 and the success REPORT reach the sender
through the relay (the receiver addresses them to the SEND's whole From-Path, RFC 4975
§7.1.2; only the first hop would leave the relay nowhere to send them), the REPORT's
To-Path arrives as the sender's own URI and its From-Path names the relay, the file
event and the stored file are right, and no transfer failed."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp


def test(h):
    relay = h.kamailio(cfg='msrp-relay.cfg')
    relay_uri = 'msrp://127.0.0.1:%d;tcp' % relay.port
    use_path = 'msrp://127.0.0.1:%d/u-sender;tcp' % relay.port
    rx = mp.msrp_receiver(h)
    # Chunks of 2 KiB: Kamailio's relay forwards frames of at most about 8 KiB.
    f = mp.make_file(h, 'relayed.bin', 30000, 'application/octet-stream', seed=4976)
    fs = f.selector()
    p = mp.Push(h, rx, 'invite_msrp_relay.xml', [fs], ['application/octet-stream'], [f],
                keys={'relay_path': use_path},
                sender_args=['--relay', relay_uri, '--relay-user', 'sender',
                             '--relay-password', 'secret', '--chunk-size', '2048',
                             '--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])

    res = p.result()
    h.check_eq(res.get('use_path'), use_path, 'the relay granted its Use-Path after the digest AUTH')
    m = mp.message(res, 0)
    h.check(m['to_path'].startswith(use_path + ' '), 'the SENDs go through the relay: To-Path %r' % m['to_path'])
    mp.check_all_200(h, m, 'relayed file')
    mp.check_success_report(h, m, 'relayed file')
    rep = m['reports'][0] if m.get('reports') else {}
    h.check_eq(rep.get('to_path'), m['from_path'], 'REPORT To-Path, after the relay, is the sender itself')
    h.check((rep.get('from_path') or '').startswith(use_path + ' '),
            'REPORT From-Path names the relay first: %r' % rep.get('from_path'))

    ev = mp.wait_event(rx, 'file', 15, name=f.name)
    stored = mp.check_file_event(h, rx, ev, f, hash_ok=True)
    h.check(not rx.all_events('transfer_failed'), 'no transfer_failed event')
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('kamailio', 'sipp'))
