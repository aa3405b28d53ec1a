#!/usr/bin/env python3
"""Inbox rule (issue section 7) and R-MSG-1: when the body cannot be stored (here the
app folder inbox/mms.ua is a regular file, so nothing can be written under it) the CLI
answers 500, never 200, emits a rejected event with status 500, and leaves nothing in
the inbox (no temp dot-file). Pushes for another app keep working."""
import os, shutil, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    inbox = os.path.join(h.tmp, 'inbox')
    rx = h.receiver(['--aor', AOR, '--app', 'mms.ua', '--app', 'push.syncml', '--inbox', 'inbox'])
    rx.wait_ready()
    blocker = os.path.join(inbox, 'mms.ua')
    if os.path.isdir(blocker):
        shutil.rmtree(blocker)
    os.makedirs(inbox, exist_ok=True)
    with open(blocker, 'wb') as f:
        f.write(b'not a folder')
    h.ok('replaced %s by a regular file' % os.path.relpath(blocker, h.tmp))

    s, _ = h.push(rx.port, ari='mms.ua', scenario='message_uac_500.xml', body='cannot be stored',
                  what='MESSAGE whose body cannot be stored answered 500')
    ev = rx.wait_event('rejected', 5)
    h.check_eq(ev.get('status'), 500, 'rejected.status')
    h.check_eq(ev.get('method'), 'MESSAGE', 'rejected.method')
    h.check(not rx.all_events('push'), 'no push event for the content that was not stored')

    _, bodies = h.push(rx.port, ari='push.syncml', body='this one is stored', what='MESSAGE for push.syncml answered 200')
    ev = rx.wait_event('push', 5)
    f = h.check_push(rx, ev, 'push.syncml', bodies[0])
    h.check_eq(rx.terminate(), 0, 'receiver exit code after SIGTERM')
    os.unlink(blocker)
    h.check_inbox_exact(inbox, [f])
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
