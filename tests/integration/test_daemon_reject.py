#!/usr/bin/env python3
"""sippushd: an agent's refusal reaches the wire (issue 14 item 3). The agent answers
Deliver with org.sippush.Application1.Error.Rejected "403 Forbidden by agent": SIPp (through
Kamailio) gets 403, and PushRejected(MESSAGE, 403, ...) is signalled on the bus. A Rejected
without a status: 480. An agent that never answers: 480 after --agent-timeout (2 s),
PushRejected again. Nothing is spooled for a refused push."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import daemon_peers as dp
from peers import AOR


def run_agent(h, kam, reply, scenario, status, name):
    a = dp.agent(h, ['--app', 'mms.ua', '--reply', reply, '--watch-rejections'], name=name)
    a.wait_event('registered', app='mms.ua')
    h.push(kam.port, ari='mms.ua', scenario=scenario, timeout=20,
           what='agent replying %r: SIPp sees %d' % (reply, status))
    a.wait_event('deliver', 5)
    ev = a.wait_event('push_rejected', 5)
    h.check_eq((ev['method'], ev['status']), ('MESSAGE', status), 'PushRejected signal (method, status)')
    a.stop()
    return ev


def test(h):
    conn = dp.bus()
    kam = h.kamailio()
    d = dp.daemon(h, ['--aor', AOR, '--registrar', kam.uri, '--app', 'mms.ua', '--agent-timeout', '2'],
                  conn=conn)
    dp.wait_until(h, lambda: dp.properties(conn)['Registered'], 'Registered (REGISTER 200)')

    ev = run_agent(h, kam, 'reject:403 Forbidden by agent', 'message_uac_403.xml', 403, 'agent-403')
    h.check_eq(ev['reason'], 'Forbidden by agent', 'PushRejected reason = the agent\'s words')
    # The agent is gone: wait until the daemon has seen it leave before the next one registers.
    dp.wait_until(h, lambda: d.log_count('left the bus') >= 1, 'sippushd saw agent-403 leave')
    run_agent(h, kam, 'reject:not now', 'message_uac_480.xml', 480, 'agent-480')
    dp.wait_until(h, lambda: d.log_count('left the bus') >= 2, 'sippushd saw agent-480 leave')
    ev = run_agent(h, kam, 'none', 'message_uac_480.xml', 480, 'agent-silent')
    h.check('did not answer' in ev['reason'], 'timeout reason: %r' % ev['reason'])
    h.check(not dp.spool_entries(d), 'nothing spooled for refused pushes')
    h.check_eq(d.terminate(), 0, 'sippushd exit code after SIGTERM')


dp.main(test)
