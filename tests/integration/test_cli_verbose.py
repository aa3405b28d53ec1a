#!/usr/bin/env python3
"""The CLI's --version, --help text for --exit-after, and -v/--verbose (issue 14 item 4).
--version prints the library's version (sippush_get_*_version) and exits 0 without
--aor. Without -v (and with G_MESSAGES_DEBUG and TPORT_LOG empty) stderr carries no debug
line; with -v it carries the debug lines of the sippush and sippush-sofia domains and
sofia's wire log: the MESSAGE SIPp sent, as it came in. stdout carries only the JSON
events either way."""
import os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def test(h):
    exe = peers.receiver_path()
    rc, out, err = h.run([exe, '--version'])
    h.check_eq(rc, 0, '--version exit code')
    h.check(re.fullmatch(r'sippush-receiver \d+\.\d+\.\d+ \(library \d+\.\d+\.\d+\)\n', out) is not None,
            '--version prints "sippush-receiver X.Y.Z (library X.Y.Z)": %r' % out)
    rc, out, err = h.run([exe, '--help'])
    help_text = ' '.join((out + err).split())
    h.check('Exit 0 after N deliveries: MESSAGE, NOTIFY and files' in help_text,
            '--help: --exit-after counts files too')
    h.check('-v, --verbose' in help_text and '--version' in help_text, '--help lists -v/--verbose and --version')

    quiet = {'G_MESSAGES_DEBUG': '', 'TPORT_LOG': ''}
    for args, verbose in (([], False), (['-v'], True), (['--verbose'], True)):
        rx = h.receiver(['--aor', AOR, '--app', 'mms.ua'] + args, env=quiet,
                        name='receiver%s' % (args[0].strip('-') if args else ''))
        rx.wait_ready()
        marker = 'verbose check %s' % (args or 'quiet')
        h.push(rx.port, ari='mms.ua', body=marker)
        rx.wait_event('push', 5)
        h.check_eq(rx.terminate(), 0, 'exit code after SIGTERM (%s)' % (args or 'no -v'))
        rx.check_stdout_clean()
        err = rx.stderr_text()
        wire = 'MESSAGE sip:alice@127.0.0.1' in err and marker in err
        if verbose:
            h.check('sippush-DEBUG' in err, '%s: sippush debug lines on stderr' % args[0])
            h.check('sippush-sofia-DEBUG' in err, '%s: sippush-sofia (sofia-sip) debug lines on stderr' % args[0])
            h.check(wire, "%s: sofia's wire log shows the MESSAGE as received" % args[0])
        else:
            h.check('-DEBUG' not in err, 'without -v: no debug line on stderr')
            h.check(not wire, 'without -v: no wire log')


peers.main(test, peers=('sipp',))
