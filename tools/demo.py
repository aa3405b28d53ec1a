#!/usr/bin/env python3
"""The sippush demo: Kamailio as the SIP core, sippush-receiver registered behind it with
three push applications, and SIPp as the Push Sender pushing MESSAGEs through Kamailio to
each application, to the default one (no ARI) and to one nobody serves; then a file push:
SIPp INVITEs the receiver with an MSRP offer (seed D.5) and an MSRP sender streams the
file in chunks. Prints the receiver's JSON events as they come and the stored files, then
stops everything. Uses the integration tests' peer helpers (tests/integration/peers.py,
msrp_peers.py)."""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'integration'))
import peers  # noqa: E402
import msrp_peers  # noqa: E402

peers.log = lambda msg: None  # the helpers' progress lines; the demo prints its own


def say(text):
    print('\n== ' + text, flush=True)


def show_new_events(rx, shown):
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline and len(rx.all_events()) == shown:
        time.sleep(0.02)
    events = rx.all_events()
    for ev in events[shown:]:
        print('   receiver → ' + json.dumps(ev, separators=(',', ':')), flush=True)
    return len(events)


def main():
    peers.require_peers(('kamailio', 'sipp'))
    h = peers.Harness('demo')
    failed = True
    try:
        kam = h.kamailio()
        say('Kamailio (registrar and proxy) is up on %s' % kam.uri)

        args = ['--aor', peers.AOR, '--registrar', kam.uri,
                '--app', 'mms.ua', '--app', 'x-wap-application:push.syncml', '--app', '0x06',
                '--inbox', 'inbox']
        say('starting: sippush-receiver ' + ' '.join(args) + ' --json')
        rx = h.receiver(args, env={'G_MESSAGES_DEBUG': '', 'TPORT_LOG': ''})
        rx.wait_ready()
        rx.wait_event('registered', 10)
        shown = show_new_events(rx, 0)

        pushes = [
            ('mms.ua', 'application/vnd.wap.mms-message', 'MMS notification: you have a picture message'),
            ('push.syncml', 'application/vnd.syncml.notification', 'SyncML DS server alert: sync contacts'),
            ('loc.ua', 'application/vnd.oma.lir+xml', '<location-request id="42"/>'),
        ]
        for ari, ctype, body in pushes:
            say('SIPp pushes a MESSAGE with Accept-Contact: *;+g.oma.pusheventappp="%s" via Kamailio'
                % ari)
            h.push(kam.port, ari=ari, ctype=ctype, body=body)
            rx.wait_event('push', 5)
            shown = show_new_events(rx, shown)

        say('SIPp pushes a MESSAGE that names no application (goes to the default, mms.ua)')
        h.push(kam.port, scenario='message_noari_uac.xml', body='Welcome to the push service')
        rx.wait_event('push', 5)
        shown = show_new_events(rx, shown)

        say('SIPp pushes a MESSAGE for "wv.ua", which no application serves (expects 480)')
        h.push(kam.port, ari='wv.ua', scenario='message_uac_480.xml', body='nobody listens')
        rx.wait_event('rejected', 5)
        shown = show_new_events(rx, shown)

        say('SIPp INVITEs the receiver with an MSRP offer for "My cool picture.jpg" (D.5); '
            'the MSRP sender streams it wrapped in message/cpim, in 1 KiB chunks, out of order')
        picture = msrp_peers.make_file(h, 'My cool picture.jpg', 40920, 'image/jpeg', seed=5)
        push = msrp_peers.Push(h, rx, 'invite_msrp.xml', [picture.selector()], ['message/cpim'],
                               [picture], sender_args=['--cpim', '--chunk-size', '1024',
                                                       '--order', 'shuffle',
                                                       '--success-report', 'yes'])
        push.wait_ok()
        rx.wait_event('file', 10)
        shown = show_new_events(rx, shown)
        report = push.result()['messages'][0]['reports']
        print('   sender ← MSRP REPORT %s' % (report[0]['status'] if report else '(none)'))

        say('the inbox (%s):' % os.path.join(h.tmp, 'inbox'))
        inbox = os.path.join(h.tmp, 'inbox')
        for entry in peers.inbox_listing(inbox):
            path = os.path.join(inbox, entry)
            if entry.endswith('/'):
                print('   %s' % entry)
            else:
                with open(path, 'rb') as f:
                    data = f.read()
                if entry.endswith('.jpg'):
                    print('   %-60s %d bytes' % (entry, len(data)))
                else:
                    print('   %-60s %r' % (entry, data.decode('utf-8', 'replace')))

        say('SIGTERM to the receiver: it de-registers and exits')
        rc = rx.terminate()
        show_new_events(rx, shown)
        print('   receiver exit code: %d' % rc)
        failed = rc != 0
    except peers.Failure as e:
        print('demo failed: %s' % e)
    finally:
        h.close(failed)
    say('done' if not failed else 'FAILED (logs kept above)')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
