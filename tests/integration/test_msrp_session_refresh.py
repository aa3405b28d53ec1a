#!/usr/bin/env python3
"""R-INV-6 (RFC 4028): session-timer refresh by the sender. After the D.5 INVITE
(Supported: timer, Session-Expires: 1800;refresher=uac) the sender refreshes the
session with an UPDATE and then a re-INVITE, each with Session-Expires: 600;refresher=uac
(Min-SE 90). Each is answered 200 (not 422: 600 s is above any sane Min-SE) with a
Session-Expires between 90 and 600 (RFC 4028 9: the UAS may lower the interval, never
raise it), refresher=uac kept, and Require: timer; the re-INVITE's answer keeps the same a=path (the session id does not
change). The file is then pushed over MSRP and delivered: the refreshes kept the
session, then BYE."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import re
import peers
import msrp_peers as mp


def check_refresh_answer(h, raw, what):
    se = mp.headers_all(raw, 'Session-Expires') + mp.headers_all(raw, 'x')
    h.check(len(se) == 1, '%s: one Session-Expires: %s' % (what, se))
    m = re.match(r'^(\d+)\s*(;.*)?$', se[0])
    h.check(m is not None and 90 <= int(m.group(1)) <= 600,
            '%s: Session-Expires within [90, 600] (the request asked 600): %s' % (what, se[0]))
    h.check(re.search(r'(?i);\s*refresher\s*=\s*uac', se[0]) is not None,
            '%s: refresher=uac kept (the sender refreshes): %s' % (what, se[0]))
    req = mp.headers_all(raw, 'Require')
    h.check(sum('timer' in [t.strip() for t in r.split(',')] for r in req) == 1,
            '%s: Require: timer exactly once: %s' % (what, req))


def test(h):
    rx = mp.msrp_receiver(h)
    f = mp.make_file(h, 'refreshed.jpg', 6000, 'image/jpeg', seed=121)
    fs = f.selector()
    p = mp.Push(h, rx, 'invite_msrp_refresh.xml', [fs], ['image/jpeg'], [f], sender_args=['--success-report', 'yes'])
    p.wait_ok('INVITE, UPDATE and re-INVITE refreshes, transfer, BYE')
    raw, secs = p.answer()
    sessions = mp.check_answer(h, rx, raw, secs, [fs], [True])
    upd = [r for d, _, r in p.sipp.messages() if d == 'received' and r.startswith(b'SIP/2.0 200')
           and re.search(rb'(?im)^CSeq:\s*2\s+UPDATE\s*$', r)]
    h.check(bool(upd), '200 OK to the UPDATE in the trace')
    check_refresh_answer(h, upd[0], '200 to UPDATE')
    raw2, secs2 = mp.invite_answer(p.sipp, 1)
    check_refresh_answer(h, raw2, '200 to re-INVITE')
    h.check_eq(len(secs2), 1, 're-INVITE answer m= lines')
    h.check('recvonly' in secs2[0]['attrs'], 're-INVITE answer keeps a=recvonly')
    h.check_eq(mp.attr(secs2[0], 'path'), mp.attr(secs[0], 'path'), 're-INVITE answer a=path (unchanged)')
    m = mp.message(p.result(), 0)
    mp.check_all_200(h, m, f.name)
    mp.check_success_report(h, m, f.name)
    ev = mp.wait_event(rx, 'file', 15, name=f.name)
    stored = mp.check_file_event(h, rx, ev, f)
    h.check(sessions[0] in m['to_path'], 'the file went to the session of the first answer')
    mp.finish(h, rx)
    mp.check_inbox(h, rx, [stored])


peers.main(test, peers=('sipp',))
