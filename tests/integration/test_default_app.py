#!/usr/bin/env python3
"""R-MSG-2: a MESSAGE with no Accept-Contact (no ARI) goes to the default application:
the one named by --default-app, else the first --app. The push event says "ari":null,
the file goes to the default app's folder, and with no P-Asserted-Identity the sender is
the From URI (R-DSP-1)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR, SENDER


def test(h):
    rx1 = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--app', 'push.syncml',
                      '--default-app', 'push.syncml', '--inbox', 'inbox1'], name='receiver-default-app')
    rx2 = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--app', 'push.syncml', '--inbox', 'inbox2'],
                     name='receiver-first-app')
    rx1.wait_ready()
    rx2.wait_ready()

    for rx, folder, inbox, what in ((rx1, 'push.syncml', 'inbox1', '--default-app push.syncml'),
                                    (rx2, 'mms.ua', 'inbox2', 'no --default-app: the first --app')):
        _, bodies = h.push(rx.port, scenario='message_noari_uac.xml', ctype='text/plain;charset=UTF-8',
                           body='no ARI named', what='MESSAGE without Accept-Contact answered 200 (%s)' % what)
        ev = rx.wait_event('push', 5)
        h.check('ari' in ev and ev['ari'] is None, 'push event has "ari":null (%s)' % what)
        f = h.check_push(rx, ev, None, bodies[0], content_type='text/plain;charset=UTF-8',
                         sender=SENDER, folder=folder)
        h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
        h.check_inbox_exact(os.path.join(h.tmp, inbox), [f])
        rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
