"""Real SIP messages for seed corpora: the <send> messages of the SIPp scenarios the
integration tests run (tests/sipp/*.xml), with SIPp's keywords filled in as a run on
127.0.0.1 fills them and Content-Length made right."""
import glob
import os
import re

SIPP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sipp")

VALUES = {
    "local_ip": "127.0.0.1", "remote_ip": "127.0.0.1", "local_port": "5070",
    "remote_port": "5060", "pid": "4242", "call_number": "1", "transport": "UDP",
    "service": "pushsender", "call_id": "1-4242@127.0.0.1", "branch": "z9hG4bK-4242-1-0",
    "peer_tag_param": ";tag=abc123", "routes": "", "next_url": "sip:alice@127.0.0.1:5060",
    "expires": "3600", "msrp_port": "2855", "setup": "active", "fp_attr": "",
    "last_Via:": "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK.r1;rport=5060",
    "last_From:": "From: <sip:alice@127.0.0.1>;tag=f00d",
    "last_To:": "To: <sip:alice@127.0.0.1>",
    "last_Call-ID:": "Call-ID: reg-77@127.0.0.1", "last_CSeq:": "CSeq: 2 REGISTER",
    "$contact": "<sip:alice@127.0.0.1:5060;transport=udp>;+g.oma.pusheventappp=\"ua-profile\"",
    "pai": "sip:pushsender@example.net", "ac": "*;+g.oma.pusheventappp=\"ua-profile\"",
    "ctype": "text/plain", "body": "hello", "accept_types": "text/plain image/png",
    "sender": "sip:pushsender@127.0.0.1",
}


def fill(text):
    def sub(m):
        key = m.group(1)
        if key == "len":
            return "[len]"
        if key.startswith("$"):
            return VALUES.get(key, "x")
        return VALUES.get(key, "")
    return re.sub(r"\[([$\w:.-]+)\]", sub, text)


def messages(pattern="*.xml"):
    """(scenario, index, bytes) of every message SIPp sends in the matching scenarios."""
    out = []
    for path in sorted(glob.glob(os.path.join(SIPP, pattern))):
        xml = open(path, encoding="latin-1").read()
        for i, block in enumerate(re.findall(r"<send[^>]*>\s*<!\[CDATA\[(.*?)\]\]>", xml, re.S)):
            lines = [l.strip() for l in block.strip("\n").split("\n")]
            while lines and not lines[0]:
                lines.pop(0)
            # A line that was only a keyword and fills to nothing ([routes]) goes.
            text = "\n".join(fill(l) for l in lines if not (l and not fill(l)))
            head, _, body = text.partition("\n\n")
            head = "\r\n".join(l for l in head.split("\n") if l)
            body = body.rstrip("\n").replace("\n", "\r\n")
            if body:
                body += "\r\n"
            raw = body.encode("utf-8")
            head = re.sub(r"(?im)^(Content-Length|l):.*$", "Content-Length: %d" % len(raw), head)
            if "Content-Length" not in head:
                head += "\r\nContent-Length: %d" % len(raw)
            out.append((os.path.basename(path)[:-4], i, head.encode() + b"\r\n\r\n" + raw))
    return out
