#!/usr/bin/env python3
"""How the CLI stops (issue 14 item 4). The registrar (SIPp,
tests/sipp/registrar_dereg_silent.xml) answers the REGISTER and never the de-REGISTER.
(1) SIGTERM: "stopping" on stderr at once, the de-REGISTER goes out, and the CLI gives
up waiting after 5 s (exit 1, saying so) instead of sofia's 32 s transaction timeout.
(2) SIGINT, then a second SIGINT a moment later: the CLI exits at once (exit 1), without
waiting for the de-REGISTER's answer. The answered case (exit 0 once the registrar
answers) is test_dereg_sigterm."""
import os, signal, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
from peers import AOR


def wait_stderr(h, rx, text, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in rx.stderr_text():
            return time.monotonic()
        time.sleep(0.02)
    raise peers.Failure('%r not on the CLI stderr within %.0f s' % (text, timeout))


def registered(h, name):
    reg = h.sipp_uas('registrar_dereg_silent.xml', name='sipp-' + name)
    rx = h.receiver(['--aor', AOR, '--registrar', reg.uri, '--app', 'mms.ua'], name=name)
    rx.wait_ready()
    h.check_eq(rx.wait_event('registered', 10).get('status'), 200, '%s: registered' % name)
    return reg, rx


def test(h):
    reg, rx = registered(h, 'receiver-term')
    t0 = time.monotonic()
    rx.signal(signal.SIGTERM)
    t_msg = wait_stderr(h, rx, 'stopping', 2)
    h.check(t_msg - t0 < 1, '"stopping" on stderr %.2f s after SIGTERM' % (t_msg - t0))
    rc = rx.wait_exit(15, 'after SIGTERM with the de-REGISTER unanswered')
    dt = time.monotonic() - t0
    h.check(4.5 <= dt <= 8, 'exited %.1f s after SIGTERM (the wait is bounded at 5 s)' % dt)
    h.check_eq(rc, 1, 'exit code when the de-REGISTER was not answered')
    h.check('not stopped within 5 s' in rx.stderr_text(), 'the CLI says why it gave up')
    h.check_eq(len(reg.received_requests('REGISTER')) >= 2, True, 'the de-REGISTER went out')
    rx.check_stdout_clean()

    reg, rx = registered(h, 'receiver-int')
    rx.signal(signal.SIGINT)
    wait_stderr(h, rx, 'stopping', 2)
    t1 = time.monotonic()
    rx.signal(signal.SIGINT)
    rc = rx.wait_exit(5, 'after a second SIGINT')
    dt = time.monotonic() - t1
    h.check(dt < 1.0, 'exited %.2f s after the second signal' % dt)
    h.check_eq(rc, 1, 'exit code after a second signal')
    h.check('second signal' in rx.stderr_text(), 'the CLI says it exits on the second signal')
    rx.check_stdout_clean()


peers.main(test, peers=('sipp',))
