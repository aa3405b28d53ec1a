#!/usr/bin/env python3
"""D.5 end to end (R-INV-3..6, R-MSRP-1, -2, -4, -5): SIPp INVITEs the receiver with the
seed's MSRP offer for "My cool picture.jpg", the 200 OK is asserted (a=recvonly, our
a=path, accept-types, the file-selector echoed, Require: timer, Session-Expires, Allow),
SIPp ACKs, and the independent MSRP sender pushes a real 4092-byte JPEG body wrapped in
message/cpim in the two chunks of the seed (1-2048, then the rest), Success-Report: yes.
Each chunk is answered 200; the REPORT says 000 200 OK over the whole MSRP message
(1-N/N, N counting the CPIM wrapper); the file event carries the unwrapped content
(4092 bytes, its sha-1, hash_ok true) stored as INBOX/mms.ua/My cool picture.jpg; BYE/200.

The test vector departs from the seed's text (/work/shared/seed, D.5) in these places:
  - every line unfolded and ended with CRLF (the seed's text has a blank line between
    lines and folds the a=file-selector line in two);
  - the body is a real 4092-byte JPEG-shaped payload (SOI, APP0/JFIF, pseudo-random data,
    EOI) instead of "... first/second set of bytes of the JPEG image ...", so the
    file-selector's hash is its real sha-1 (bare upper-case hex, the seed's form), not
    72245FE8653DDAF371362F86D471913EE4A2CE2E, and the Byte-Range total is the real
    wrapper + 4092 instead of 4385;
  - SIP: Request-URI/To alice@127.0.0.1 instead of bob@example.com; the Accept-Contact
    ARI is "mms.ua" without the seed's leading space and typographic closing quote; the
    SDP is the whole application/sdp body (no multipart/mixed with the icon part, so no
    a=icon), o=/c= name 127.0.0.1, s=- instead of an empty s=, and the seed's
    non-standard "a=disposition: not-render" and "a=file-date:creation:... +03:00" are
    left out; Session-Expires/Supported: timer are added (RFC 4028, R-INV-6);
  - MSRP: To-Path is the receiver's real a=path and From-Path the offer's a=path
    (msrp://127.0.0.1:7654/jshA7we;tcp) instead of bobpc/push-sender-agent.example.com
    (the seed's From-Path iau39 does not even match its own a=path jshA7we); transaction ids are random instead
    of d93kswow/op2nc9a; Success-Report: yes is on both chunks (the seed has it on the
    first only) and comes before Byte-Range; the CPIM "From:" has one space after the
    colon (the seed has two).
"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import random
import peers
import msrp_peers as mp


def jpeg_body(n=4092):
    """SOI + APP0 JFIF segment + pseudo-random scan data + EOI, n bytes in all."""
    app0 = b'\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'
    head = b'\xff\xd8' + app0
    fill = random.Random(4092).randbytes(n - len(head) - 2)
    return head + fill + b'\xff\xd9'


def test(h):
    rx = mp.msrp_receiver(h)
    body = jpeg_body()
    h.check_eq(len(body), 4092, 'test vector body size')
    f = mp.make_file(h, 'My cool picture.jpg', 4092, 'image/jpeg', data=body)
    fs = f.selector(hash_form='bare')
    p = mp.Push(h, rx, 'invite_msrp.xml', [fs], ['message/cpim'], [f], sender_args=[
        '--cpim', '--type', 'image/jpeg', '--chunks', '2048', '--chunk-size', '1000000',
        '--success-report', 'yes', '--message-id', '12339sdqwer',
        '--cpim-to', 'Bob <sip:bob@example.com>',
        '--cpim-from', '<sip:bob@push-sender-agent.example.com>',
        '--cpim-datetime', '2006-05-15T15:02:31-03:00',
        '--disposition', 'not-render; filename="My cool picture.jpg"; '
                         'creation-date="Mon, 15 May 2006 15:01:31 +03:00"; size=4092'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])
    h.check(any('message/cpim' in a for a in mp.attr(secs[0], 'accept-types')),
            'the answer takes message/cpim: %s' % mp.attr(secs[0], 'accept-types'))

    res = p.result()
    m = mp.message(res, 0)
    h.check_eq(len(m['chunks']), 2, 'SEND chunks (as in D.5)')
    h.check_eq(m['from_path'], 'msrp://127.0.0.1:7654/jshA7we;tcp', 'From-Path = the a=path of the offer (RFC 4975 5.4)')
    h.check_eq(m['chunks'][0]['byte_range'], '1-2048/%d' % m['total'], 'first chunk Byte-Range')
    h.check_eq(m['total'], m['cpim_prefix_len'] + 4092, 'MSRP message size = CPIM wrapper + 4092')
    mp.check_all_200(h, m, 'D.5 picture')
    mp.check_success_report(h, m, 'D.5 picture')

    ev = mp.wait_event(rx, 'file', 15, name=f.name)
    stored = mp.check_file_event(h, rx, ev, f, hash_ok=True)
    h.check_eq(os.path.basename(stored), 'My cool picture.jpg', 'stored under the offered (harmless) name')
    h.check(not rx.all_events('transfer_failed'), 'no transfer_failed event')
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('sipp',))
