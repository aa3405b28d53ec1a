#!/usr/bin/env python3
"""The CLI contract without peers (issue section 7): --help works; bad flags, a missing
--aor, a bad URI, an invalid app id or an unusable bind address (its UDP or its TCP
port already taken by this test) give a clear message on stderr, a non-zero exit, no
"ready" event."""
import os, socket, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    exe = peers.receiver_path()
    rc, out, err = h.run([exe, '--help'])
    h.check_eq(rc, 0, '--help exit code')
    for flag in ('--aor', '--bind', '--registrar', '--proxy', '--app', '--default-app', '--accept-type',
                 '--inbox', '--trusted-sender', '--username', '--password', '--expires', '--json',
                 '--exit-after', '--subscribe', '--subscribe-uri', '--refer'):
        h.check(flag in out + err, '--help lists %s' % flag)

    p = h.ports(1)[0]
    bad = (
        (['--no-such-flag'], 'an unknown flag'),
        (['--app', 'mms.ua'], 'no --aor'),
        (['--aor', 'not a uri', '--app', 'mms.ua'], 'a bad --aor'),
        (['--aor', AOR, '--app', 'mms.ua,push.syncml'], 'an invalid app id (comma, R-ARI-2)'),
        (['--aor', AOR, '--app', 'mms"ua'], 'an invalid app id (quote, R-ARI-2)'),
        (['--aor', AOR, '--app', '0x7fffffff'], 'an unregistered numeric app id (R-ARI-3)'),
        (['--aor', AOR, '--app', 'mms.ua', '--expires', 'soon'], 'a non-numeric --expires'),
        (['--aor', AOR, '--app', 'mms.ua', '--exit-after', 'x'], 'a non-numeric --exit-after'),
        (['--aor', AOR, '--app', 'mms.ua', '--bind', 'http://127.0.0.1:%d' % p], 'a non-SIP --bind'),
        (['--aor', AOR, '--app', 'mms.ua', '--refer', 'maybe'], 'a --refer other than accept|reject'),
        (['--aor', AOR, '--app', 'mms.ua', '--subscribe', '--subscribe-uri', 'tel:+1'], 'a non-SIP --subscribe-uri'),
    )
    for args, what in bad:
        if '--bind' not in args:     # never fall back to the default port 5070
            args = args + ['--bind', 'sip:127.0.0.1:%d' % p]
        rc, out, err = h.run([exe, '--json', '--inbox', 'inbox'] + args)
        h.check(rc != 0, '%s: non-zero exit (%d)' % (what, rc))
        h.check(err.strip() != '', '%s: message on stderr: %s' % (what, err.strip().splitlines()[-1][:160] if err.strip() else ''))
        h.check('"ready"' not in out, '%s: no ready event' % what)

    # Unusable bind address: UDP taken, then TCP taken (the CLI listens on both)
    for kind, name in ((socket.SOCK_DGRAM, 'UDP'), (socket.SOCK_STREAM, 'TCP')):
        port = h.ports(1)[0]
        s = socket.socket(socket.AF_INET, kind)
        s.bind(('127.0.0.1', port))
        if kind == socket.SOCK_STREAM:
            s.listen()
        try:
            rc, out, err = h.run([exe, '--json', '--aor', AOR, '--app', 'mms.ua', '--inbox', 'inbox',
                                  '--bind', 'sip:127.0.0.1:%d' % port])
        finally:
            s.close()
        what = 'bind port %d already bound on %s' % (port, name)
        h.check(rc != 0, '%s: non-zero exit (%d)' % (what, rc))
        h.check(err.strip() != '', '%s: message on stderr: %s' % (what, err.strip().splitlines()[-1][:160] if err.strip() else ''))
        h.check('"ready"' not in out, '%s: no ready event' % what)
        h.check(all(l.startswith('{') for l in out.splitlines()), '%s: stdout has only JSON lines' % what)


peers.main(test, peers=())
