#!/usr/bin/env python3
"""sippushd and MSRP files (issue 14 item 3). SIPp INVITEs the daemon with one file for
mms.ua and msrp_sender.py pushes it; the file is streamed into the spool's files folder,
verified, and handed to the registered agent with DeliverFile: a read-only descriptor
(passed in a GUnixFDList) from which the agent reads exactly the bytes sent, and the push
dictionary (method MSRP, name, size, sha1). The success REPORT follows the agent's reply;
the daemon's copy is then deleted. With the agent gone, a second file is spooled (entry +
file, REPORT after the entry is durable) and handed over with DeliverFile when the agent
registers again."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp
import daemon_peers as dp
from peers import AOR, SENDER


def push_file(h, d, f, name):
    fs = f.selector()
    p = mp.Push(h, d, 'invite_msrp.xml', [fs], [f.type], [f], name=name,
                sender_args=['--chunk-size', '8192', '--success-report', 'yes'])
    p.wait_ok()
    raw, secs = p.answer()
    mp.check_answer(h, d, raw, secs, [fs], [True])
    m = mp.message(p.result(), 0)
    mp.check_all_200(h, m, f.name)
    mp.check_success_report(h, m, f.name)
    return m


def check_delivery(h, ev, f, spooled):
    push = ev['push']
    h.check_eq((push.get('app-id'), push.get('method'), push.get('sender')), ('mms.ua', 'MSRP', SENDER),
               'DeliverFile push (app-id, method, sender)')
    h.check_eq((push.get('name'), push.get('size'), push.get('sha1')), (f.name, f.size, f.sha1),
               'DeliverFile push (name, size, sha1)')
    h.check_eq(push.get('spooled'), spooled, 'DeliverFile push spooled')
    h.check(ev['readonly'], 'the descriptor is read-only')
    h.check_eq((ev['size'], ev['sha1']), (f.size, f.sha1), 'the agent read exactly the file sent (size, sha1)')


def test(h):
    conn = dp.bus()
    d = dp.daemon(h, ['--aor', AOR, '--app', 'mms.ua'], conn=conn)
    a = dp.agent(h, ['--app', 'mms.ua', '--reply-delay', '0.5'])
    a.wait_event('registered', app='mms.ua')

    f1 = mp.make_file(h, 'photo.jpg', 50000, 'image/jpeg', seed=21)
    push_file(h, d, f1, 'live')
    ev = a.wait_event('deliver_file', 5)
    check_delivery(h, ev, f1, False)
    dp.wait_until(h, lambda: not dp.spool_files(d), 'the daemon\'s copy is deleted after the reply')
    h.check(not dp.spool_entries(d), 'no spool entry for a file the agent took')

    a.stop()
    dp.wait_until(h, lambda: d.log_count('left the bus') >= 1, 'sippushd saw the agent leave')
    f2 = mp.make_file(h, 'notes.txt', 7000, 'text/plain', seed=22)
    push_file(h, d, f2, 'spooled')
    h.check_eq(len(dp.spool_entries(d)), 1, 'spool entry for the file')
    h.check_eq(dp.spool_files(d), ['notes.txt'], 'the file waits in spool/mms.ua/files/')

    a2 = dp.agent(h, ['--app', 'mms.ua'], name='agent-2')
    check_delivery(h, a2.wait_event('deliver_file', 10), f2, True)
    dp.wait_until(h, lambda: not dp.spool_entries(d) and not dp.spool_files(d),
                  'entry and file removed after the agent\'s reply')
    h.check_eq(d.terminate(), 0, 'sippushd exit code after SIGTERM')


dp.main(test, peer_names=('sipp',))
