#!/usr/bin/env python3
"""The man pages doc/sippush-receiver.1 and doc/sippushd.8 (issue 14 item 4) describe every
flag that the program's --help lists, and groff formats them without a warning (when groff
is installed)."""
import os, re, shutil, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers

DOC = os.path.join(os.path.normpath(os.path.join(peers.TESTS_DIR, os.pardir)), 'doc')


def check_page(h, program, page):
    rc, out, err = h.run([program, '--help'])
    h.check_eq(rc, 0, '%s --help exit code' % page)
    flags = sorted(set(re.findall(r'^\s+(?:-\w, )?(--[a-z-]+)', out, re.M)))
    h.check(len(flags) > 20, '--help lists %d flags' % len(flags))
    man_path = os.path.join(DOC, page)
    with open(man_path) as f:
        man = f.read()
    text = man.replace('\\-', '-')
    missing = [f for f in flags if f not in text]
    h.check(not missing, '%s describes every --help flag%s' % (page, ': missing %s' % missing if missing else ''))
    groff = shutil.which('groff')
    if groff:
        rc, out, err = h.run([groff, '-man', '-Tutf8', '-ww', '-z', man_path], env=dict(os.environ, LC_ALL='C.UTF-8'))
        h.check(rc == 0 and not err.strip(), '%s: groff -man -ww: no warning (%s)' % (page, err.strip()[:300]))


def test(h):
    check_page(h, peers.receiver_path(), 'sippush-receiver.1')
    daemon = os.environ.get('SIPPUSH_DAEMON')
    if daemon:
        check_page(h, daemon, 'sippushd.8')


peers.main(test, peers=())
