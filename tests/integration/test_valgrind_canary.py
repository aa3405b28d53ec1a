#!/usr/bin/env python3
"""The valgrind run's own check (issue 12 item 6; `meson test --setup valgrind`): a
program with known errors (valgrind-canary.c) run through the same wrapper as the CLI
(peers.valgrind_argv, tools/valgrind.supp) gets the verdict that fails a test: a definitely
lost block and an invalid read are counted as errors with memcheck's exit code, a clean
run has an ERROR SUMMARY of 0. Outside the valgrind setup it takes valgrind from PATH
(not defined in a sanitizer build: the canary would carry ASan, which valgrind cannot run)."""
import os, shutil, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import Failure


def run_canary(h, canary, mode):
    argv, log = peers.valgrind_argv(h, 'canary-' + mode, [canary, mode])
    h.check(log is not None and argv[0] == os.environ['SIPPUSH_VALGRIND'],
            '%s: the canary runs under valgrind (it is a program under test)' % mode)
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=h.tmp)
    out, _ = p.communicate(timeout=peers.slow(20))
    log = log.replace('%p', str(p.pid))
    errors, summary = peers.valgrind_verdict(log)
    h.check_eq(out, (mode + '\n').encode(), '%s: the canary ran to its end' % mode)
    return p.returncode, errors, summary, log


def test(h):
    canary = os.environ.get('SIPPUSH_VALGRIND_CANARY')
    if not canary or not os.access(canary, os.X_OK):
        raise Failure('SIPPUSH_VALGRIND_CANARY is not an executable: %r' % canary)
    rc, errors, summary, _ = run_canary(h, canary, 'clean')
    h.check_eq((rc, errors, summary), (0, 0, True), 'clean: exit 0, ERROR SUMMARY: 0 errors')
    rc, errors, summary, log = run_canary(h, canary, 'leak')
    h.check_eq((rc, errors, summary), (peers.VALGRIND_ERRORS_EXIT, 1, True),
               'leak: memcheck\'s exit code, one error')
    with open(log) as f:
        text = f.read()
    h.check('definitely lost' in text and 'main (valgrind-canary.c' in text,
            'leak: the log names the definitely lost block and where it was allocated')
    rc, errors, summary, log = run_canary(h, canary, 'invalid')
    h.check_eq((rc, errors, summary), (peers.VALGRIND_ERRORS_EXIT, 1, True),
               'invalid: memcheck\'s exit code, one error')
    with open(log) as f:
        h.check('Invalid read of size 1' in f.read(), 'invalid: the log names the invalid read')


if not os.environ.get('SIPPUSH_VALGRIND'):
    if not shutil.which('valgrind'):
        if os.environ.get('SIPPUSH_REQUIRE_PEERS') == '1':
            print('FAIL: valgrind is not installed (tools/deps.sh installs it)')
            sys.exit(1)
        print('SKIP: valgrind is not installed')
        sys.exit(peers.SKIP)
    os.environ['SIPPUSH_VALGRIND'] = shutil.which('valgrind')
peers.main(test, peers=())
