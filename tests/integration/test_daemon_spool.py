#!/usr/bin/env python3
"""sippushd store and forward (R-DSP-5, issue 14 item 3). No agent for the configured mms.ua: two
MESSAGEs through Kamailio are answered 200 only once stored in the spool (one entry each,
no temporary file left); the agent registers and gets both, oldest first, marked spooled,
each entry removed after its reply. Then, with the agent gone, a third push is spooled, the
daemon is stopped and started again on the same spool: the new daemon hands it to the
agent when it registers — nothing acknowledged is lost across a restart. A stale temporary
file in the spool is cleared at start."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import daemon_peers as dp
from peers import AOR, SENDER


def test(h):
    conn = dp.bus()
    kam = h.kamailio()
    args = ['--aor', AOR, '--registrar', kam.uri, '--app', 'mms.ua']
    d = dp.daemon(h, args, conn=conn)
    dp.wait_until(h, lambda: dp.properties(conn)['Registered'], 'Registered (REGISTER 200)')

    sent = []
    for text in ('first push', 'second push'):
        s, bodies = h.push(kam.port, ari='mms.ua', body=text, timeout=20,
                           what='MESSAGE for mms.ua without an agent answered 200 (spooled)')
        sent.append(bodies[0])
    entries = dp.spool_entries(d)
    h.check_eq(len(entries), 2, 'spool entries in spool/mms.ua/')
    h.check(not [f for f in os.listdir(os.path.join(d.spool, 'mms.ua')) if f.startswith('.')],
            'no temporary dot-file left in the spool')

    a = dp.agent(h, ['--app', 'mms.ua'])
    got = [a.wait_event('deliver', 10), a.wait_event('deliver', 10)]
    h.check_eq([a.body(e) for e in got], sent, 'the spooled pushes, oldest first, byte-exact')
    for e in got:
        h.check_eq((e['push']['method'], e['push']['sender'], e['push']['spooled']),
                   ('MESSAGE', SENDER, True), 'spooled push dictionary (method, sender, spooled)')
    dp.wait_until(h, lambda: not dp.spool_entries(d), 'each entry removed after the agent\'s reply')
    a.stop()
    dp.wait_until(h, lambda: d.log_count('left the bus') >= 1, 'sippushd saw the agent leave')

    s, bodies = h.push(kam.port, ari='mms.ua', body='third push, across a restart', timeout=20,
                       what='MESSAGE with the agent gone answered 200 (spooled)')
    h.check_eq(len(dp.spool_entries(d)), 1, 'spool entries before the restart')
    h.check_eq(d.terminate(), 0, 'sippushd exit code after SIGTERM')
    h.check_eq(len(dp.spool_entries(d)), 1, 'the entry is still there after the stop')
    stale = os.path.join(d.spool, 'mms.ua', '.incoming-crashed')
    with open(stale, 'wb') as f:
        f.write(b'half written')

    d2 = dp.daemon(h, args, conn=conn, name='sippushd-2', spool=d.spool)
    h.check(not os.path.exists(stale), 'a stale temporary file is cleared at start')
    a2 = dp.agent(h, ['--app', 'mms.ua'], name='agent-2')
    ev = a2.wait_event('deliver', 10)
    h.check_eq(a2.body(ev), bodies[0], 'the push acknowledged before the restart reached the agent')
    h.check_eq(ev['push']['spooled'], True, 'marked spooled')
    dp.wait_until(h, lambda: not dp.spool_entries(d2), 'the spool is empty after the agent\'s reply')

    # A push for an agent that is there goes straight to it, not through the spool.
    dp.wait_until(h, lambda: dp.properties(conn)['Registered'], 'the new sippushd is registered')
    s, bodies = h.push(kam.port, ari='mms.ua', body='live push', timeout=20, what='live MESSAGE 200')
    ev = a2.wait_event('deliver', 5)
    h.check_eq((a2.body(ev), ev['push']['spooled']), (bodies[0], False), 'live push after the spool drained')
    h.check_eq(d2.terminate(), 0, 'second sippushd exit code')


dp.main(test)
