#!/usr/bin/env python3
"""sippushd's D-Bus API against callers that are local but not trusted (issue 14 item 3),
and its configuration. Flags: the CLI-only --json refused, --aor required, --agent-timeout
checked (exit 2). A key file (--config) sets the network side and the applications. A second
sippushd on the same bus exits 1 (the name is taken). RegisterApplication refuses invalid
app ids (space, empty, over 256 bytes, an unknown numeric id) and object paths over 255
bytes with InvalidArgs; an id is kept as its ARI (x-wap-application:mms.ua is mms.ua); a
second peer cannot take (AlreadyRegistered) or unregister (NotRegistered) another's
application; a peer holds at most 16 (LimitExceeded); a peer that leaves the bus loses all
of its applications; a configured application stays in Applications when its agent
unregisters. The introspection data is the API of daemon/org.sippush.Receiver1.xml."""
import os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import daemon_peers as dp
from peers import AOR

INVALID = 'org.freedesktop.DBus.Error.InvalidArgs'
TAKEN = 'org.sippush.Receiver1.Error.AlreadyRegistered'
NOT_OURS = 'org.sippush.Receiver1.Error.NotRegistered'
LIMIT = 'org.sippush.Receiver1.Error.LimitExceeded'
PER_PEER = 16   # MAX_APPS_PER_PEER, daemon/daemon.h


def register(conn, app, path='/agent'):
    return dp.call(conn, 'RegisterApplication', (app, path), '(so)')[1]


def unregister(conn, app):
    return dp.call(conn, 'UnregisterApplication', (app,), '(s)')[1]


def test(h):
    exe = dp.daemon_path()
    for args, what in ((['--session', '--aor', AOR, '--json'], '--json (a sippush-receiver flag)'),
                       (['--session'], 'no --aor'),
                       (['--session', '--aor', AOR, '--agent-timeout', '0'], '--agent-timeout 0')):
        rc, out, err = h.run([exe] + args)
        h.check_eq(rc, 2, 'exit code for %s' % what)
        h.check(err.startswith('sippushd: '), 'the usage error names sippushd: %r' % err[:80])
    # The network flags are the CLI's, applied the same way: a TLS certificate that is not there
    # stops the start with an error naming it.
    rc, out, err = h.run([exe, '--session', '--aor', AOR, '--bind', 'sip:127.0.0.1:%d' % h.ports(1)[0],
                          '--spool', os.path.join(h.tmp, 'spool-tls'), '--tls-cert', '/nonexistent.pem'])
    h.check_eq(rc, 1, 'exit code for a missing --tls-cert file')
    h.check('/nonexistent.pem' in err, 'the error names the certificate file: %r' % err[-200:])
    rc, out, err = h.run([exe, '--version'])
    h.check_eq(rc, 0, 'sippushd --version exit code')
    h.check(re.match(r'sippushd \d+\.\d+\.\d+ \(library \d+\.\d+\.\d+\)\n$', out),
            '--version prints the versions: %r' % out)

    conf = os.path.join(h.tmp, 'sippushd.conf')
    with open(conf, 'w') as f:
        f.write('[sippushd]\naor=%s\napp=x-wap-application:mms.ua;push.syncml\nexpires=600\n'
                'agent-timeout=5\n' % AOR)
    conn = dp.bus()
    d = dp.daemon(h, ['--config', conf], conn=conn)
    props = dp.properties(conn)
    h.check_eq(props['Applications'], ['mms.ua', 'push.syncml'], 'Applications from the key file')
    h.check_eq(props['Registered'], False, 'Registered without a registrar')

    second = dp.Daemon(h, ['--config', conf], name='sippushd-second', spool=os.path.join(h.tmp, 'spool2'))
    h.check_eq(second.wait(10, 'the name is taken'), 1, 'a second sippushd on the bus exits 1')

    xml = conn.call_sync(dp.SERVICE, dp.OBJECT, 'org.freedesktop.DBus.Introspectable', 'Introspect',
                         None, None, 0, 5000, None).unpack()[0]
    for needle in ('RegisterApplication', 'UnregisterApplication', 'name="Registered"', 'name="Contact"',
                   'name="Applications"', 'PushRejected'):
        h.check(needle in xml, 'introspection data has %s' % needle)

    a, b = dp.bus(), dp.bus()
    for app, path, what in (('bad id', '/agent', 'an id with a space'), ('', '/agent', 'an empty id'),
                            ('x' * 300, '/agent', 'a 300-byte id'), ('0xfff1', '/agent', 'an unknown numeric id'),
                            ('mms.ua', '/' + 'p' * 300, 'a 301-byte object path')):
        h.check_eq(register(a, app, path), INVALID, 'RegisterApplication with %s' % what)
    h.check_eq(register(a, 'x-wap-application:mms.ua'), None, 'peer A registers x-wap-application:mms.ua')
    h.check_eq(register(b, 'mms.ua'), TAKEN, 'peer B cannot take mms.ua from A')
    h.check_eq(unregister(b, 'mms.ua'), NOT_OURS, 'peer B cannot unregister A\'s mms.ua')
    h.check_eq(unregister(b, 'bad id'), INVALID, 'UnregisterApplication with an invalid id')
    h.check_eq(register(a, 'mms.ua', '/elsewhere'), None, 'peer A moves mms.ua to another object')

    errors = [register(b, 'app.%d' % i) for i in range(PER_PEER)]
    h.check_eq(errors, [None] * PER_PEER, 'peer B registers %d applications' % PER_PEER)
    h.check_eq(register(b, 'app.%d' % PER_PEER), LIMIT, 'peer B\'s application #%d' % (PER_PEER + 1))
    apps = dp.properties(conn)['Applications']
    h.check(all('app.%d' % i in apps for i in range(PER_PEER)), 'Applications lists B\'s applications')
    b.close_sync(None)
    dp.wait_until(h, lambda: dp.properties(conn)['Applications'] == ['mms.ua', 'push.syncml'],
                  'peer B left the bus: its applications are gone')
    h.check_eq(unregister(a, 'mms.ua'), None, 'peer A unregisters mms.ua')
    h.check_eq(dp.properties(conn)['Applications'], ['mms.ua', 'push.syncml'],
               'a configured application stays advertised without its agent')
    h.check_eq(unregister(a, 'mms.ua'), NOT_OURS, 'unregistering twice')
    h.check_eq(d.terminate(), 0, 'sippushd exit code after SIGTERM')


dp.main(test, peer_names=())
