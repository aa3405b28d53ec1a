"""Helpers for the sippushd tests (test_daemon_*.py), on top of peers.py. They run under
dbus-run-session (tests/integration/meson.build) with a Python that has python3-gi:

    import daemon_peers as dp
    d = dp.daemon(h, ['--aor', AOR, '--app', 'mms.ua'])    # ready: READY=1 and the bus name
    a = dp.agent(h, ['--app', 'mms.ua'])                      # dbus_agent.py, JSON events
    ev = a.wait_event('deliver')

The daemon runs on the session bus (--session) with its spool in the test's directory,
on free SIP and MSRP ports, and NOTIFY_SOCKET pointing at a datagram socket of the test:
readiness is its READY=1 (then the bus name is checked), never a pause.

Environment: SIPPUSH_DAEMON, the sippushd executable.
"""

import os
import socket
import subprocess
import sys
import threading
import time

from gi.repository import Gio, GLib

import peers
from peers import Failure, log

HERE = os.path.dirname(os.path.abspath(__file__))
AGENT_PY = os.path.join(HERE, 'dbus_agent.py')
SERVICE = 'org.sippush.Receiver1'
OBJECT = '/org/sippush/Receiver1'
IFACE = 'org.sippush.Receiver1'


def daemon_path():
    path = os.environ.get('SIPPUSH_DAEMON')
    if not path or not os.access(path, os.X_OK):
        raise Failure('SIPPUSH_DAEMON=%r is not an executable (run through meson test)' % path)
    return path


def require_session_bus():
    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
        raise Failure('no session bus: run under dbus-run-session (meson test does)')


def bus():
    """A new private connection to the session bus: a bus peer of its own."""
    addr = Gio.dbus_address_get_for_bus_sync(Gio.BusType.SESSION, None)
    return Gio.DBusConnection.new_for_address_sync(
        addr, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)


def call(conn, method, args=None, sig=None, iface=IFACE, timeout=5000):
    """A method call on the service: (result, None) or (None, D-Bus error name)."""
    try:
        v = conn.call_sync(SERVICE, OBJECT, iface, method,
                           GLib.Variant(sig, args) if sig else None, None, Gio.DBusCallFlags.NONE,
                           timeout, None)
        return v.unpack(), None
    except GLib.Error as e:
        return None, Gio.DBusError.get_remote_error(e) or e.message


def properties(conn):
    v, err = call(conn, 'GetAll', (IFACE,), '(s)', iface='org.freedesktop.DBus.Properties')
    if err:
        raise Failure('GetAll on %s: %s' % (IFACE, err))
    return v[0]


def name_owner(conn):
    try:
        v = conn.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                           'GetNameOwner', GLib.Variant('(s)', (SERVICE,)), None,
                           Gio.DBusCallFlags.NONE, 2000, None)
        return v.unpack()[0]
    except GLib.Error:
        return None


def wait_until(h, cond, what, timeout=10.0):
    timeout = peers.slow(timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            h.ok(what)
            return
        time.sleep(0.05)
    raise Failure('%s: not within %.0f s' % (what, timeout))


class Daemon(peers.Proc):
    def __init__(self, h, args, name='sippushd', spool=None, env=None, ports=None):
        require_session_bus()
        ports = ports or h.ports(2)
        self.port, self.msrp_port = ports[0], ports[1]
        self.uri = 'sip:127.0.0.1:%d' % self.port
        self.spool = spool or os.path.join(h.tmp, 'spool')
        self.notify_path = os.path.join(h.tmp, name + '.notify')
        if os.path.exists(self.notify_path):
            os.unlink(self.notify_path)
        self.notify_sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify_sock.bind(self.notify_path)
        self.notifications = []
        e = dict(os.environ)
        e.setdefault('G_MESSAGES_DEBUG', 'all')
        e.setdefault('TPORT_LOG', '1')
        e['NOTIFY_SOCKET'] = self.notify_path
        e.update(env or {})
        argv = [daemon_path(), '--session', '--bind', self.uri,
                '--msrp-bind', '127.0.0.1:%d' % self.msrp_port, '--spool', self.spool] + list(args)
        super().__init__(h, name, argv, env=e)

    def wait_notify(self, word, timeout=10.0):
        """Until a sd_notify datagram holds the line `word` (READY=1, STOPPING=1)."""
        timeout = peers.slow(timeout)
        deadline = time.monotonic() + timeout
        while not any(word in n.split('\n') for n in self.notifications):
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure('%s sent no %s within %.0f s (got %r)' % (self.name, word, timeout, self.notifications))
            if not self.running() and word == 'READY=1':
                raise Failure('%s exited %s before READY=1: %s' % (self.name, self.p.returncode, self.stderr_text()[-1500:]))
            self.notify_sock.settimeout(min(left, 0.2))
            try:
                self.notifications.append(self.notify_sock.recv(4096).decode())
            except socket.timeout:
                pass
        self.h.ok('%s sent %s (sd_notify)' % (self.name, word))

    def wait_ready(self, conn, timeout=15.0):
        self.wait_notify('READY=1', timeout)
        self.h.check(name_owner(conn) is not None, '%s owns %s once READY=1' % (self.name, SERVICE))
        self.h.check(peers.port_bound(self.port, 'udp'), '%s listens for SIP on UDP %d' % (self.name, self.port))

    def terminate(self, timeout=15.0):
        self.signal(15)
        rc = self.wait(timeout, 'after SIGTERM')
        self.wait_notify('STOPPING=1', 2)
        # Under the sanitizer build a report is a failure even when the exit code is 0.
        err = self.stderr_text()
        for bad in ('AddressSanitizer', 'LeakSanitizer', 'runtime error', 'CRITICAL'):
            self.h.check(bad not in err, '%s stderr has no "%s" report' % (self.name, bad))
        return rc

    def log_count(self, text):
        return self.stderr_text().count(text)

    def log_files(self):
        return [self.stderr_path]


class Agent(peers.Receiver):
    """dbus_agent.py; its stdout is read as JSON events (peers.Receiver's reader)."""

    def __init__(self, h, args, name='agent'):
        self.port = None
        self.cwd = h.tmp
        self.events = []
        self.bad_lines = []
        self._cursor = 0
        self._cond = threading.Condition()
        self._eof = False
        peers.Proc.__init__(self, h, name, [sys.executable, AGENT_PY] + list(args),
                            stdout=subprocess.PIPE)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def wait_ready(self, timeout=10.0):
        """Until it has registered its applications; the events before stay to be waited for."""
        cursor = self._cursor
        ev = self.wait_event('ready', timeout)
        self._cursor = cursor
        return ev

    def body(self, ev):
        return bytes.fromhex(ev['body_hex'])


def daemon(h, args, conn=None, **kw):
    d = Daemon(h, args, **kw)
    d.wait_ready(conn or bus())
    return d


def agent(h, args, name='agent'):
    a = Agent(h, args, name=name)
    a.wait_ready()
    return a


def spool_entries(d, folder='mms.ua'):
    path = os.path.join(d.spool, folder)
    if not os.path.isdir(path):
        return []
    return sorted(f for f in os.listdir(path) if f.endswith('.push'))


def spool_files(d, folder='mms.ua'):
    path = os.path.join(d.spool, folder, 'files')
    if not os.path.isdir(path):
        return []
    return sorted(os.listdir(path))


def main(test, peer_names=('kamailio', 'sipp')):
    peers.main(test, peers=peer_names)
