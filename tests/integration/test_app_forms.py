#!/usr/bin/env python3
"""R-ARI-1, R-ARI-3, R-ARI-4: applications given as an OMNA URN
(--app x-wap-application:push.syncml -> ARI push.syncml) and as a numeric id
(--app 0x04 -> mms.ua) are served under their ARI: the REGISTER-free receiver gets
MESSAGEs naming push.syncml and mms.ua in +g.oma.pusheventappp, and also in 3GPP's
+g.3gpp.iari-ref (percent-encoded OMNA URN -> its ARI; any other URN is the ARI in full)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR

OTHER_URN = 'urn:urn-7:3gpp-application.ims.iari.sippush-test'


def test(h):
    rx = h.receiver(['--aor', AOR, '--app', 'x-wap-application:push.syncml', '--app', '0x04',
                     '--app', OTHER_URN, '--inbox', 'inbox'])
    rx.wait_ready()
    files = []
    cases = (
        ('*;+g.oma.pusheventappp="push.syncml"', 'push.syncml', 'R-ARI-1: URN form app, ARI push.syncml'),
        ('*;+g.oma.pusheventappp="mms.ua"', 'mms.ua', 'R-ARI-3: numeric app 0x04, ARI mms.ua'),
        ('*;+g.3gpp.iari-ref="x-wap-application%3Apush.syncml"', 'push.syncml',
         'R-ARI-4: +g.3gpp.iari-ref with a percent-encoded OMNA URN'),
        ('*;+g.3gpp.iari-ref="urn%3Aurn-7%3A3gpp-application.ims.iari.sippush-test"', OTHER_URN,
         'R-ARI-4: +g.3gpp.iari-ref with another URN, the ARI in full'),
    )
    for ac, ari, what in cases:
        _, bodies = h.push(rx.port, ac=ac, body='content for %s' % ari, what='%s: answered 200' % what)
        ev = rx.wait_event('push', 5)
        h.ok('%s -> %s' % (ac, ev))
        # a URN ARI may need escaping as a folder name: only require it to be one folder
        path = h.check_push(rx, ev, ari, bodies[0], folder=ari if ':' not in ari else
                            os.path.basename(os.path.dirname(rx.path_of(ev))))
        files.append(path)
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    h.check_inbox_exact(os.path.join(h.tmp, 'inbox'), files)
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
