#!/usr/bin/env python3
"""The CLI binds to a host name and to the wildcard address (issue 14 item 4).

--bind sip:localhost:PORT: the CLI listens (SIP on UDP and TCP), a MESSAGE to
127.0.0.1:PORT is stored and answered 200, and MSRP listens on the address localhost
resolves to (the library needs an IP there; the CLI resolves the name).
--bind sip:0.0.0.0:PORT: the same MESSAGE works, and a file pushed over MSRP works too:
the SDP answer's a=path names a real address (the one the INVITE reached), never
0.0.0.0, and the file is stored intact."""
import os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp
from peers import AOR, SENDER


def message(h, rx, text):
    s, bodies = h.push(rx.port, ari='mms.ua', body=text, what='MESSAGE to 127.0.0.1:%d answered 200' % rx.port)
    ev = rx.wait_event('push', 5)
    return h.check_push(rx, ev, 'mms.ua', bodies[0], sender=SENDER)


def test(h):
    # a host name
    port = h.ports(1)[0]
    rx = h.receiver(['--aor', AOR, '--bind', 'sip:localhost:%d' % port, '--app', 'mms.ua', '--inbox', 'inbox1'],
                    bind_port=port, name='receiver-localhost')
    ev = rx.wait_ready()
    h.check_eq(ev.get('sip'), 'sip:localhost:%d' % port, 'ready.sip with a host name')
    m = re.match(r'^msrp://(127\.0\.0\.1|\[::1\]):(\d+)$', ev.get('msrp') or '')
    h.check(m is not None, 'MSRP listens on the address localhost resolves to: %s' % ev.get('msrp'))
    message(h, rx, 'to a receiver bound to localhost')
    h.check_eq(rx.terminate(), 0, 'exit code after SIGTERM (localhost)')
    rx.check_stdout_clean()

    # the wildcard address
    port = h.ports(1)[0]
    rx = h.receiver(['--aor', AOR, '--bind', 'sip:0.0.0.0:%d' % port, '--app', 'mms.ua', '--inbox', 'inbox'],
                    bind_port=port, name='receiver-wildcard')
    ev = rx.wait_ready()
    h.check_eq(ev.get('sip'), 'sip:0.0.0.0:%d' % port, 'ready.sip with the wildcard address')
    m = re.match(r'^msrp://0\.0\.0\.0:(\d+)$', ev.get('msrp') or '')
    h.check(m is not None, 'MSRP listens on the wildcard address too: %s' % ev.get('msrp'))
    rx.msrp_port = int(m.group(1))
    rx.inbox = os.path.join(h.tmp, 'inbox')
    stored = [message(h, rx, 'to a receiver bound to 0.0.0.0')]

    f = mp.make_file(h, 'wildcard.bin', 20000, 'application/octet-stream', seed=5)
    p = mp.Push(h, rx, 'invite_msrp.xml', [f.selector()], ['application/octet-stream'], [f],
                sender_args=['--success-report', 'yes'])
    p.wait_ok('file pushed to a receiver bound to 0.0.0.0')
    raw, secs = p.answer()
    paths = mp.attr(secs[0], 'path')
    h.check(paths and all('0.0.0.0' not in x for x in paths) and all('127.0.0.1' in x for x in paths),
            'the answer a=path names the address the INVITE reached, not 0.0.0.0: %s' % paths)
    m = mp.message(p.result(), 0)
    mp.check_all_200(h, m, f.name)
    mp.check_success_report(h, m, f.name)
    ev = mp.wait_event(rx, 'file', 15, name=f.name)
    stored.append(mp.check_file_event(h, rx, ev, f))
    mp.finish(h, rx)
    mp.check_inbox(h, rx, stored)


peers.main(test, peers=('sipp',))
