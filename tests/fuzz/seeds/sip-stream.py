#!/usr/bin/env python3
"""Writes the seed corpus of fuzz-sip-stream (tests/fuzz/corpus/sip-stream/): the requests and
responses of the SIPp scenarios, alone and several back to back as on one TCP connection
(with CRLF keep-alives between some), each behind the target's 5 bytes (flags, cuts)."""
import os
import sys

import sipp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "sip-stream")


def main():
    os.makedirs(OUT, exist_ok=True)
    msgs = sipp.messages()
    for scenario, i, raw in msgs:
        with open(os.path.join(OUT, "%s-%d" % (scenario, i)), "wb") as f:
            f.write(bytes([i % 4, 3, 50, 1, 200]) + raw)
    by_name = {"%s-%d" % (s, i): raw for s, i, raw in msgs}
    streams = {
        "stream-message-invite": ["message_uac-0", "invite_msrp-0", "invite_msrp-1"],
        "stream-d5-multipart-bye": ["invite_msrp_d5_multipart-0", "invite_msrp_d5_multipart-2"],
        "stream-registrar": ["registrar_auth-0", "registrar_auth-2", "registrar_auth-4"],
        "stream-burst": ["message_burst_uac-0"] * 4,
    }
    for name, parts in streams.items():
        blob = b"\r\n\r\n".join(by_name[p] for p in parts if p in by_name)
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(bytes([1, 0, 7, 90, 13]) + blob)
    return 0


if __name__ == "__main__":
    sys.exit(main())
