#!/usr/bin/env python3
"""Writes the seed corpus of fuzz-msrp-session (tests/fuzz/corpus/msrp-session/): SEND chunks
as tests/integration/msrp_sender.py sends them (To-Path, From-Path, Message-ID, report headers,
Byte-Range, Content-Type last; CPIM heads as the OMA D.5 example), in the target's script
format: config byte, size byte, then (op, length, bytes) writes; op & 3 = connection."""
import os
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "msrp-session")
FROM = "msrp://127.0.0.1:40000/sender77;tcp"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(48))


def to(s):
    return "msrp://127.0.0.1:2855/s%d;tcp" % s


def cpim(inner, body):
    head = ("To: <sip:alice@127.0.0.1>\r\nFrom: <sip:pushsender@example.net>\r\n"
            "DateTime: 2026-12-03T12:00:00Z\r\n\r\n"
            "Content-Disposition: render; filename=\"pic.png\"; size=%d\r\n"
            "Content-Type: %s\r\n\r\n" % (len(body), inner)).encode()
    return head + body


def chunk(tid, session, mid, start, body, total, flag="$", ctype="text/plain",
          extra=(), end=None):
    hdr = ["MSRP %s SEND" % tid, "To-Path: %s" % to(session), "From-Path: %s" % FROM,
           "Message-ID: %s" % mid]
    hdr += list(extra)
    end_text = end if end is not None else str(start + len(body) - 1)
    hdr.append("Byte-Range: %d-%s/%s" % (start, end_text, total))
    if body:
        hdr.append("Content-Type: %s" % ctype)
        data = ("\r\n".join(hdr) + "\r\n\r\n").encode() + body + b"\r\n"
    else:
        data = ("\r\n".join(hdr) + "\r\n").encode()
    return data + b"-------" + tid.encode() + flag.encode() + b"\r\n"


def script(config, size, writes):
    out = bytes([config, size])
    for conn, data in writes:
        if conn == "close-session":
            out += bytes([3, data])
            continue
        while True:
            piece, data = data[:255], data[255:]
            out += bytes([conn, len(piece)]) + piece
            if not data:
                break
    return out


def split(data, at):
    return [data[i:i + at] for i in range(0, len(data), at)]


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {}
    text = b"Hello from the push sender\n"
    seeds["one-chunk"] = script(0, 0, [(0, chunk("t1a9tid0", 0, "m1", 1, text, len(text),
                                                 extra=["Success-Report: yes"]))])
    whole = cpim("image/png", PNG)
    a, b, c = whole[:70], whole[70:130], whole[130:]
    seeds["cpim-three-chunks"] = script(CFG_SHA1_NONE, len(PNG), [
        (1, chunk("c1xtid00", 1, "mc", 1, a, len(whole), "+", "message/cpim")),
        (1, chunk("c2xtid00", 1, "mc", 71, b, len(whole), "+", "message/cpim")),
        (1, chunk("c3xtid00", 1, "mc", 131, c, len(whole), "$", "message/cpim",
                  ["Success-Report: yes", "Failure-Report: partial"]))])
    # Two sessions interleaved over two connections, last chunk first, total unknown.
    p1, p2 = PNG[:30], PNG[30:]
    seeds["interleaved"] = script(2, len(PNG), [
        (0, chunk("i1aatid0", 0, "ma", 31, p2, "*", "+", "image/png")),
        (1, chunk("i2bbtid0", 2, "mb", 1, text, len(text), "$")),
        (0, chunk("i3aatid0", 0, "ma", 1, p1, len(PNG), "$", "image/png"))])
    # Aborted, then a new message; Failure-Report: no.
    seeds["abort-then-new"] = script(0, 0, [
        (0, chunk("ab1xtid0", 0, "m1", 1, text[:10], len(text), "#", extra=["Failure-Report: no"])),
        (0, chunk("ab2xtid0", 0, "m2", 1, text, len(text), "$"))])
    # A session's chunk split into small writes across a second connection's chunk.
    data = chunk("sp1xtid0", 1, "ms", 1, text, len(text), "$")
    w = [(0, p) for p in split(data, 7)]
    w.insert(3, (1, chunk("sp2xtid0", 1, "ms", 1, text, len(text), "$")))
    seeds["split-busy"] = script(0, 0, w)
    # Closed mid-transfer (BYE), then the rest.
    seeds["close-mid"] = script(0, 0, [
        (0, chunk("cm1xtid0", 2, "mz", 1, text[:5], len(text), "+")),
        ("close-session", 2),
        (0, chunk("cm2xtid0", 2, "mz", 6, text[5:], len(text), "$"))])
    # Interrupted chunk (end '*'), continued; a bodiless SEND first (RFC 4975 §7.1.1).
    seeds["interrupted"] = script(8, 0, [
        (2, chunk("bl0xtid0", 0, "m0", 1, b"", 0, "$", end="0")),
        (2, chunk("in1xtid0", 0, "m9", 1, text[:12], len(text), "+", end="*")),
        (2, chunk("in2xtid0", 0, "m9", 13, text[12:], len(text), "$"))])
    seeds["unknown-session"] = script(0, 0, [(0, chunk("u1xxtid0", 7, "m1", 1, text, len(text)))])
    for name, blob in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(blob)
    return 0


CFG_SHA1_NONE = 1 | 2  # wrapped types image/png, file-selector size
if __name__ == "__main__":
    sys.exit(main())
