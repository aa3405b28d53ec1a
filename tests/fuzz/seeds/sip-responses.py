#!/usr/bin/env python3
"""Writes the seed corpus of fuzz-sip-responses (tests/fuzz/corpus/sip-responses/): what the
SIPp registrar and notifier scenarios send (REGISTER answers with challenges, Contact expires,
503 Retry-After; SUBSCRIBE answers; NOTIFYs with Subscription-State and push bodies), each
behind the target's mode byte."""
import os
import re
import sys

import sipp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "sip-responses")


def main():
    os.makedirs(OUT, exist_ok=True)
    n = 0
    for pattern in ("registrar*.xml", "sub_uas*.xml", "notify*.xml", "refer*.xml"):
        for scenario, i, raw in sipp.messages(pattern):
            mode = [0, 2 | 4, 1 | 8 | 16, 16][n % 4]
            n += 1
            with open(os.path.join(OUT, "%s-%d" % (scenario, i)), "wb") as f:
                f.write(bytes([mode]) + raw)
    # Variants the scenarios do not send: a huge expires, a proxy challenge, reasons.
    base = dict(((s, i), r) for s, i, r in sipp.messages("registrar_auth.xml"))
    ok = base[("registrar_auth", 2)]
    extra = {
        "expires-huge": ok.replace(b";expires=120", b";expires=4294967296"),
        "expires-header": re.sub(rb"Contact: [^\r]*\r\n", b"Expires: 600\r\n", ok),
        "proxy-challenge": base[("registrar_auth", 0)].replace(
            b"SIP/2.0 401 Unauthorized", b"SIP/2.0 407 Proxy Authentication Required").replace(
            b"WWW-Authenticate", b"Proxy-Authenticate").replace(b'realm="sippush.test"',
                                                                 b'realm="a:b \\"c\\""'),
    }
    for reason in (b"timeout", b"rejected", b"noresource", b"giveup", b"deactivated"):
        extra["notify-" + reason.decode()] = (
            b"NOTIFY sip:alice@127.0.0.1:5060 SIP/2.0\r\n"
            b"Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-n1\r\n"
            b"From: <sip:pushsender@127.0.0.1>;tag=n1\r\nTo: <sip:alice@127.0.0.1>;tag=a1\r\n"
            b"Call-ID: sub-1@127.0.0.1\r\nCSeq: 2 NOTIFY\r\n"
            b"Event: ua-profile;event-app-id=\"mms.ua\"\r\n"
            b"Subscription-State: terminated;reason=" + reason + b"\r\n"
            b"Content-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG")
    for name, raw in extra.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(bytes([2 | 4]) + raw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
