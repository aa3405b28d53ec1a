#!/usr/bin/env python3
"""The seed's own D.5 INVITE, multipart with its icon (R-INV-7, R-INV-8; also R-INV-3..6,
R-MSRP-1, -2, -4, -5 as in test_msrp_d5_cpim): SIPp sends the INVITE in the shape the seed
writes it (tests/sipp/invite_msrp_d5_multipart.xml): a multipart/mixed body, boundary71,
with the SDP offer part and the icon part (image/jpeg, Content-Transfer-Encoding binary,
Content-ID <id2@ push-sender-agent.example.com>, Content-Disposition icon), the offer with
the seed's i= line, `a=disposition: not-render`, `a=file-date:creation:"Mon, 15 May 2006
15:01:31 +03:00"` and `a=icon:cid:id2@ push-sender-agent.example.com`. The receiver answers
200 with the file accepted; the independent MSRP sender pushes the 4092-byte JPEG in CPIM
in the seed's two chunks; the success REPORT comes; the CLI's `file` event carries the
metadata: "description", "disposition", "created" (ISO 8601) and "icon" {type, size}.

Departures from the seed's text (/work/shared/seed, D.5), besides those test_msrp_d5_cpim
lists for the SIP headers, the MSRP side and the JPEG body:
  - the INVITE's Content-Type is `multipart/mixed;boundary=boundary71` (the seed's header
    says application/sdp, with no boundary, over a multipart body: its own text calls the
    body multipart, and no boundary could be found without the parameter);
  - the parts carry no Content-Length (the seed's are placeholders, "[length of SDP]";
    RFC 2046 parts are delimited by the boundary, and SIPp cannot compute a part's length);
  - the icon's bytes are the seed's placeholder text "...small preview icon of the file...".
"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import random
import peers
import msrp_peers as mp

ICON = b'...small preview icon of the file...'


def jpeg_body(n=4092):
    """SOI + APP0 JFIF segment + pseudo-random scan data + EOI (as test_msrp_d5_cpim)."""
    app0 = b'\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'
    head = b'\xff\xd8' + app0
    fill = random.Random(4092).randbytes(n - len(head) - 2)
    return head + fill + b'\xff\xd9'


def test(h):
    rx = mp.msrp_receiver(h)
    body = jpeg_body()
    f = mp.make_file(h, 'My cool picture.jpg', 4092, 'image/jpeg', data=body)
    fs = f.selector(hash_form='bare')
    p = mp.Push(h, rx, 'invite_msrp_d5_multipart.xml', [fs], ['message/cpim'], [f], sender_args=[
        '--cpim', '--type', 'image/jpeg', '--chunks', '2048', '--chunk-size', '1000000',
        '--success-report', 'yes', '--message-id', '12339sdqwer',
        '--disposition', 'not-render; filename="My cool picture.jpg"; '
                         'creation-date="Mon, 15 May 2006 15:01:31 +03:00"; size=4092'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, rx, raw, secs, [fs], [True])

    res = p.result()
    m = mp.message(res, 0)
    h.check_eq(len(m['chunks']), 2, 'SEND chunks (as in D.5)')
    mp.check_all_200(h, m, 'D.5 multipart')
    mp.check_success_report(h, m, 'D.5 multipart')

    ev = mp.wait_event(rx, 'file', 15, name=f.name)
    mp.check_file_event(h, rx, ev, f, hash_ok=True)
    # R-INV-8: the metadata of the offer reaches the application with the file.
    h.check_eq(ev.get('description'), 'This is my latest picture', 'file.description (i=)')
    h.check_eq(ev.get('disposition'), 'not-render', 'file.disposition (the seed\'s a=disposition)')
    h.check(ev.get('created') in ('2006-05-15T15:01:31+03:00', '2006-05-15T15:01:31+03'),
            'file.created in ISO 8601: %r' % ev.get('created'))
    # R-INV-7: the icon part the a=icon:cid: names (not stored: the inbox holds content only).
    h.check_eq(ev.get('icon'), {'type': 'image/jpeg', 'size': len(ICON)}, 'file.icon')
    h.check(not rx.all_events('transfer_failed'), 'no transfer_failed event')
    mp.finish(h, rx)


peers.main(test, peers=('sipp',))
