#!/usr/bin/env python3
"""The man page doc/sippush-receiver.1 (issue 14 item 4) describes every flag that
--help lists, and groff formats it without a warning (when groff is installed)."""
import os, re, shutil, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers

MAN = os.path.join(os.path.normpath(os.path.join(peers.TESTS_DIR, os.pardir)), 'doc', 'sippush-receiver.1')


def test(h):
    rc, out, err = h.run([peers.receiver_path(), '--help'])
    h.check_eq(rc, 0, '--help exit code')
    flags = sorted(set(re.findall(r'^\s+(?:-\w, )?(--[a-z-]+)', out, re.M)))
    h.check(len(flags) > 20, '--help lists %d flags' % len(flags))
    with open(MAN) as f:
        man = f.read()
    text = man.replace('\\-', '-')
    missing = [f for f in flags if f not in text]
    h.check(not missing, 'the man page describes every --help flag%s' % (': missing %s' % missing if missing else ''))
    groff = shutil.which('groff')
    if groff:
        rc, out, err = h.run([groff, '-man', '-Tutf8', '-ww', '-z', MAN], env=dict(os.environ, LC_ALL='C.UTF-8'))
        h.check(rc == 0 and not err.strip(), 'groff -man -ww: no warning (%s)' % err.strip()[:300])


peers.main(test, peers=())
