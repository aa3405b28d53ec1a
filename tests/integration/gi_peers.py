"""Helpers for the tests that use sippush from Python through GObject-Introspection
(test_gi_*.py), on top of peers.py.

The receiver runs in this process, in the default GLib main context, driven by a
GLib.MainLoop in the main thread. The peer side of a test (SIPp, the MSRP sender, the
waiting for them) blocks, so it runs in a worker thread while the loop runs
(run_with_loop); the worker wakes the loop with GLib.idle_add, the one GLib call that is
safe from another thread. Callbacks from the library never raise into C: they record
what they saw and the main thread checks it afterwards.

Environment (set by tests/integration/meson.build for the build tree, and by
tests/api/check-installed.sh for the installed tree):
  GI_TYPELIB_PATH, LD_LIBRARY_PATH   where SipPush-1.0.typelib and libsippush-1.so.0 are
  SIPPUSH_EXPECT_PREFIX              when set, both must be loaded from under this path
"""

import os
import threading
import time

from peers import Failure, log


def import_sippush(h):
    """(GLib, SipPush) from the typelib in GI_TYPELIB_PATH, checked to come from the
    expected tree."""
    try:
        import gi
        gi.require_version('GLib', '2.0')
        gi.require_version('SipPush', '1.0')
        from gi.repository import GLib, SipPush
    except (ImportError, ValueError) as e:
        raise Failure('cannot load SipPush-1.0 through GObject-Introspection (python3-gi, '
                      'GI_TYPELIB_PATH=%s): %s' % (os.environ.get('GI_TYPELIB_PATH'), e))
    typelib = gi.Repository.get_default().get_typelib_path('SipPush')
    SipPush.get_major_version()     # the library is loaded at the first call
    with open('/proc/self/maps') as f:
        libs = sorted({line.split()[-1] for line in f if 'libsippush-1.so' in line})
    log('  SipPush typelib %s, library %s, version %d.%d.%d'
        % (typelib, ', '.join(libs), SipPush.get_major_version(), SipPush.get_minor_version(),
           SipPush.get_micro_version()))
    prefix = os.environ.get('SIPPUSH_EXPECT_PREFIX')
    if prefix:
        prefix = os.path.realpath(prefix) + os.sep
        h.check(os.path.realpath(typelib).startswith(prefix),
                'the typelib comes from %s (%s)' % (prefix, typelib))
        h.check(libs and all(os.path.realpath(p).startswith(prefix) for p in libs),
                'libsippush-1.so comes from %s (%s)' % (prefix, libs))
    h.check_eq((SipPush.get_major_version(), SipPush.get_minor_version(), SipPush.get_micro_version()),
               (SipPush.MAJOR_VERSION, SipPush.MINOR_VERSION, SipPush.MICRO_VERSION),
               'library version = the typelib constants')
    return GLib, SipPush


def run_with_loop(GLib, worker, timeout, what):
    """Run worker() in a thread while a GLib.MainLoop runs here; return its result or
    raise its exception. Fails when it does not finish within timeout seconds."""
    loop = GLib.MainLoop()
    out = {}

    def thread_main():
        try:
            out['value'] = worker()
        except BaseException as e:      # re-raised in the main thread
            out['error'] = e
        finally:
            GLib.idle_add(lambda: loop.quit() or False)

    def expired():
        out['expired'] = True
        out.setdefault('error', Failure('%s: not done within %.0f s' % (what, timeout)))
        loop.quit()
        return False

    t = threading.Thread(target=thread_main, daemon=True)
    timer = GLib.timeout_add(int(timeout * 1000), expired)
    t.start()
    loop.run()
    if not out.get('expired'):
        GLib.source_remove(timer)
    if 'error' in out:
        raise out['error']
    return out.get('value')


def run_until(GLib, cond, timeout, what):
    """Run the main loop until cond() is true (checked every 20 ms)."""
    loop = GLib.MainLoop()
    deadline = time.monotonic() + timeout
    state = {'ok': cond()}

    def poll():
        if cond():
            state['ok'] = True
            loop.quit()
            return False
        if time.monotonic() > deadline:
            loop.quit()
            return False
        return True

    if not state['ok']:
        GLib.timeout_add(20, poll)
        loop.run()
    if not state['ok']:
        raise Failure('%s: not within %.0f s' % (what, timeout))


def start(GLib, h, receiver):
    """start_async; the loop runs until it finished. Fails when it did not start."""
    res = {}
    receiver.start_async(None, lambda r, result: res.setdefault('ok', r.start_finish(result)))
    run_until(GLib, lambda: 'ok' in res, 10, 'start_async finishing')
    h.check(res['ok'], 'receiver started (start_finish) on %s' % receiver.dup_contact_uri())


def stop(GLib, h, receiver):
    res = {}
    receiver.stop_async(None, lambda r, result: res.setdefault('ok', r.stop_finish(result)))
    run_until(GLib, lambda: 'ok' in res, 15, 'stop_async finishing')
    h.check(res['ok'], 'receiver stopped (stop_finish)')
