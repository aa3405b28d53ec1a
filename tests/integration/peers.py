"""Helpers for the sippush integration tests against real peers (stdlib only).

Each test script does

    import peers

    def test(h):            # h is a peers.Harness
        kam = h.kamailio()
        rx = h.receiver(['--aor', 'sip:alice@127.0.0.1', '--app', 'mms.ua', ...])
        ...
        h.check(cond, 'what was checked')

    peers.main(test)                     # needs kamailio and sipp
    peers.main(test, peers=())           # needs only the CLI

and exits 0 (pass), 1 (fail) or 77 (skip: a peer is missing and SIPPUSH_REQUIRE_PEERS
is not 1). Everything a test starts runs in its own temporary directory, on free ports,
and is stopped by PID when the test ends, whether it passed or not (SIGTERM, then
SIGKILL). Readiness is always probed (SIP OPTIONS to Kamailio, the CLI's "ready" event,
SIPp's socket showing up in /proc/net), never slept for.

Environment:
  SIPPUSH_RECEIVER            the sippush-receiver executable (required)
  SIPPUSH_APP_CHANGE_DRIVER   the app-change-driver executable (test_reregister_app_change)
  SIPPUSH_TESTS_DIR           the source tests/ directory (default: ../ from this file)
  SIPPUSH_REQUIRE_PEERS=1     a missing kamailio/sipp is a failure, not a skip (CI)
  SIPPUSH_KAMAILIO, SIPPUSH_SIPP   explicit peer executables (else searched in PATH, /usr/sbin)
  SIPPUSH_KEEP_TMP=1          keep the temporary directory even when the test passes
  SIPPUSH_VALGRIND            a valgrind executable: the programs under test (the CLI, sippushd,
                              the C drivers) run under its memcheck (meson test --setup valgrind);
                              a memcheck error or a definite leak fails the test
  SIPPUSH_VALGRIND_SUPP       its suppression file (tools/valgrind.supp)
  SIPPUSH_TEST_SLOWDOWN       a factor (default 1) applied to every wait for a program under test
                              (events, exits, SIPp's global timeout): valgrind is 20-50x slower
  SIPPUSH_TEST_SMALL_FILES=1  tests that push large files push small ones (test_msrp_50mib: 2 MiB)
"""

import datetime
import fcntl
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
TESTS_DIR = os.environ.get('SIPPUSH_TESTS_DIR') or os.path.dirname(HERE)
SIPP_DIR = os.path.join(TESTS_DIR, 'sipp')
KAMAILIO_CFG = os.path.join(TESTS_DIR, 'kamailio', 'kamailio.cfg')

AOR = 'sip:alice@127.0.0.1'
SENDER = 'sip:pushsender@example.net'


class Failure(Exception):
    """A check failed: the test fails with this message."""


class Skip(Exception):
    """A peer is missing and the configuration allows skipping."""


def log(msg):
    print(msg, flush=True)


def _slowdown():
    try:
        f = float(os.environ.get('SIPPUSH_TEST_SLOWDOWN') or 1)
    except ValueError:
        raise Failure('SIPPUSH_TEST_SLOWDOWN=%r is not a number' % os.environ['SIPPUSH_TEST_SLOWDOWN'])
    return max(f, 1.0)


SLOWDOWN = _slowdown()


def slow(seconds):
    """A wait for a program under test, scaled by SIPPUSH_TEST_SLOWDOWN (valgrind)."""
    return seconds * SLOWDOWN


# ---------------------------------------------------------------------------------------
# valgrind (meson test --setup valgrind): the programs under test run under memcheck, and
# the harness reads each one's log when the test ends.

VALGRIND_ERRORS_EXIT = 97    # memcheck's exit code when it found an error (not one of the CLI's)


def under_test(path):
    """Whether an executable is one of sippush's programs (valgrind wraps those only)."""
    mine = [os.environ.get(v) for v in ('SIPPUSH_RECEIVER', 'SIPPUSH_DAEMON',
                                        'SIPPUSH_APP_CHANGE_DRIVER', 'SIPPUSH_SUBSCRIBE_DRIVER',
                                        'SIPPUSH_VALGRIND_CANARY')]
    real = os.path.realpath(str(path))
    return any(m and os.path.realpath(m) == real for m in mine)


def valgrind_argv(h, name, argv):
    """argv under valgrind's memcheck when SIPPUSH_VALGRIND is set and argv[0] is a
    program under test; else argv. The log goes to h.tmp/valgrind-NAME-PID.log."""
    vg = os.environ.get('SIPPUSH_VALGRIND')
    if not vg or not under_test(argv[0]):
        return argv, None
    log_pattern = os.path.join(h.tmp, 'valgrind-%s-%%p.log' % name)
    opts = [vg, '--tool=memcheck', '--error-exitcode=%d' % VALGRIND_ERRORS_EXIT,
            '--leak-check=full', '--show-leak-kinds=definite',
            '--errors-for-leak-kinds=definite', '--gen-suppressions=all',
            '--num-callers=30', '--trace-children=no', '--log-file=' + log_pattern]
    supp = os.environ.get('SIPPUSH_VALGRIND_SUPP')
    if supp:
        opts.append('--suppressions=' + supp)
    return opts + ['--'] + list(argv), log_pattern


_SUMMARY = re.compile(r'^==\d+== ERROR SUMMARY: (\d+) errors', re.M)


def valgrind_verdict(path):
    """(errors, summary seen) from one memcheck log; (None, False) when there is none. A
    SIGKILLed process never reaches the summary: its errors are counted from the
    suppressions memcheck wrote for each (--gen-suppressions=all)."""
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8', 'replace')
    except OSError:
        return None, False
    m = _SUMMARY.search(text)
    if m:
        return int(m.group(1)), True
    return text.count('<insert_a_suppression_name_here>'), False


# ---------------------------------------------------------------------------------------
# Peer executables

def _which(name, env_var):
    explicit = os.environ.get(env_var)
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    path = os.environ.get('PATH', '') + os.pathsep + '/usr/sbin:/usr/local/sbin:/sbin'
    return shutil.which(name, path=path)


def kamailio_path():
    return _which('kamailio', 'SIPPUSH_KAMAILIO')


def sipp_path():
    return _which('sipp', 'SIPPUSH_SIPP')


def require_peers(names):
    """Skip (77) or fail when one of the named peers is not installed."""
    finders = {'kamailio': kamailio_path, 'sipp': sipp_path}
    missing = [n for n in names if not finders[n]()]
    if not missing:
        return
    msg = 'peer(s) not installed: %s' % ', '.join(missing)
    if os.environ.get('SIPPUSH_REQUIRE_PEERS') == '1':
        raise Failure(msg + ' (SIPPUSH_REQUIRE_PEERS=1: integration tests must not skip; '
                      'install kamailio and sip-tester)')
    raise Skip(msg)


def receiver_path():
    path = os.environ.get('SIPPUSH_RECEIVER')
    if not path:
        guess = os.path.join(os.path.dirname(TESTS_DIR), 'build', 'examples', 'sippush-receiver')
        if os.access(guess, os.X_OK):
            return guess
        raise Failure('SIPPUSH_RECEIVER is not set (run through meson test)')
    if not os.access(path, os.X_OK):
        raise Failure('SIPPUSH_RECEIVER=%s is not an executable' % path)
    return path


# ---------------------------------------------------------------------------------------
# Ports

_PORT_LOCK_DIR = os.path.join(tempfile.gettempdir(), 'sippush-it-ports-%d' % os.getuid())


def _bindable(port):
    """Whether 127.0.0.1:port is free on both UDP and TCP right now."""
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(('127.0.0.1', port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def _proc_net_ports(proto):
    """Local ports with a socket in /proc/net/<proto> (tcp: LISTEN only)."""
    ports = set()
    for name in (proto, proto + '6'):
        try:
            with open('/proc/net/' + name) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local, state = fields[1], fields[3]
                    if proto == 'tcp' and state != '0A':
                        continue
                    ports.add(int(local.rsplit(':', 1)[1], 16))
        except OSError:
            pass
    return ports


def port_bound(port, proto='udp'):
    return port in _proc_net_ports(proto)


class PortBlock:
    """A block of consecutive ports free on UDP and TCP, reserved for this process.

    Ports are drawn below the kernel's ephemeral range (so no outgoing connection of any
    peer takes them) and reserved against the other tests running in parallel with a
    flock on a per-port file, released automatically when this process exits."""

    def __init__(self, n):
        os.makedirs(_PORT_LOCK_DIR, exist_ok=True)
        self._locks = []
        for _ in range(500):
            base = random.randrange(20000, 32000 - n)
            locks = []
            good = True
            for p in range(base, base + n):
                fd = os.open(os.path.join(_PORT_LOCK_DIR, '%d.lock' % p), os.O_CREAT | os.O_RDWR, 0o666)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    os.close(fd)
                    good = False
                    break
                locks.append(fd)
                if not _bindable(p):
                    good = False
                    break
            if good:
                self.base = base
                self._locks = locks
                return
            for fd in locks:
                os.close(fd)
        raise Failure('no block of %d free ports found' % n)

    def __getitem__(self, i):
        return self.base + i

    def release(self):
        for fd in self._locks:
            os.close(fd)
        self._locks = []


# ---------------------------------------------------------------------------------------
# Processes

class Proc:
    """A child process in its own process group, stopped by PID."""

    def __init__(self, h, name, argv, cwd=None, stdout=None, env=None, preexec_fn=None,
                 valgrind=True):
        """valgrind=False: never under valgrind (a process the test will SIGKILL: memcheck
        could not check it for leaks, and its slowness would change what the test measures)."""
        self.h = h
        self.name = name
        argv = [str(a) for a in argv]
        self.argv, self.valgrind_log = valgrind_argv(h, name, argv) if valgrind else (argv, None)
        self.killed = False       # SIGKILLed by the test: no valgrind leak check is possible
        self.stop_killed = False  # SIGKILLed at the end for ignoring SIGTERM
        self.stderr_path = os.path.join(h.tmp, name + '.stderr')
        self.stdout_path = os.path.join(h.tmp, name + '.stdout')
        self._err = open(self.stderr_path, 'wb')
        out = stdout if stdout is not None else open(self.stdout_path, 'wb')
        log('  start %s: %s' % (name, ' '.join(_shellquote(a) for a in self.argv)))
        self.p = subprocess.Popen(self.argv, cwd=cwd or h.tmp, stdin=subprocess.DEVNULL,
                                  stdout=out, stderr=self._err, env=env,
                                  start_new_session=True, preexec_fn=preexec_fn)
        self.pid = self.p.pid
        h._procs.append(self)

    def running(self):
        return self.p.poll() is None

    def wait(self, timeout, what=None):
        """Wait for the process to exit by itself; return its exit code."""
        timeout = slow(timeout)
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failure('%s did not exit within %.0f s%s' % (self.name, timeout,
                                                               ' (%s)' % what if what else ''))

    def signal(self, sig):
        if self.running():
            if sig == signal.SIGKILL:
                self.killed = True
            os.kill(self.pid, sig)

    def stop(self, timeout=5.0):
        """SIGTERM, then SIGKILL (to its process group too) after timeout."""
        timeout = slow(timeout)
        if self.running():
            try:
                os.kill(self.pid, signal.SIGTERM)
                self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                log('  %s ignored SIGTERM for %.0f s: SIGKILL' % (self.name, timeout))
                self.stop_killed = True
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except OSError:
                    os.kill(self.pid, signal.SIGKILL)
                self.p.wait(5)
            except OSError:
                pass
        # Kamailio's children (same process group) normally follow their parent.
        try:
            os.killpg(self.pid, 0)
        except OSError:
            pass
        else:
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                try:
                    os.killpg(self.pid, 0)
                except OSError:
                    break
                time.sleep(0.05)
            else:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except OSError:
                    pass
        self._err.close()
        return self.p.returncode

    def valgrind_problems(self):
        """After the process ended: what its memcheck log says is wrong ([] when clean or
        not under valgrind). The log names each error with its stack and a suppression."""
        if not self.valgrind_log:
            return []
        path = self.valgrind_log.replace('%p', str(self.pid))
        errors, summary = valgrind_verdict(path)
        if errors is None:
            return ['%s: no valgrind log %s' % (self.name, path)]
        if self.stop_killed:
            return ['%s: did not exit on SIGTERM at the end of the test, SIGKILLed: valgrind could '
                    'not check it for leaks (%d error(s) before): see %s' % (self.name, errors, path)]
        if errors:
            return ['%s: valgrind memcheck found %d error(s) (leaks included): see %s'
                    % (self.name, errors, path)]
        if not summary and not self.killed:
            return ['%s: valgrind wrote no ERROR SUMMARY (exit %s): see %s'
                    % (self.name, self.p.returncode, path)]
        if self.killed:
            log('  %s was SIGKILLed: valgrind checked it for errors up to then, not for leaks' % self.name)
        return []

    def stderr_text(self):
        try:
            with open(self.stderr_path, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except OSError:
            return ''

    def dump(self, lines=80):
        for path in self.log_files():
            try:
                with open(path, 'rb') as f:
                    text = f.read().decode('utf-8', 'replace').splitlines()
            except OSError:
                continue
            if not text:
                continue
            log('----- %s (last %d of %d lines) -----' % (path, min(lines, len(text)), len(text)))
            for line in text[-lines:]:
                log('  | ' + line)

    def log_files(self):
        return [self.stderr_path, self.stdout_path]


def _shellquote(a):
    return a if re.fullmatch(r'[\w@%+=:,./-]+', a) else "'" + a.replace("'", "'\\''") + "'"


# ---------------------------------------------------------------------------------------
# Kamailio

class Kamailio(Proc):
    def __init__(self, h, defines=None, cfg=None, tls=None):
        """cfg: a config under tests/kamailio/ (default kamailio.cfg, the registrar).
        tls=(cert, key): also listen for SIP over TLS on self.tls_port (R-SEC-3)."""
        self.ports = h.ports(2 if tls else 1)
        self.port = self.ports[0]
        self.uri = 'sip:127.0.0.1:%d' % self.port
        self.tls_port = self.ports[1] if tls else None
        self.sips_uri = 'sips:127.0.0.1:%d' % self.tls_port if tls else None
        self.rundir = os.path.join(h.tmp, 'kamailio')
        os.makedirs(self.rundir, exist_ok=True)
        cfg_path = os.path.join(TESTS_DIR, 'kamailio', cfg) if cfg else KAMAILIO_CFG
        argv = [kamailio_path(), '-f', cfg_path, '-DD', '-E',
                '-l', 'udp:127.0.0.1:%d' % self.port, '-l', 'tcp:127.0.0.1:%d' % self.port,
                '-Y', self.rundir, '-P', os.path.join(self.rundir, 'kamailio.pid'),
                '-w', self.rundir, '-m', '32', '-M', '8']
        defines = dict(defines or {})
        if tls:
            tls_cfg = os.path.join(self.rundir, 'tls.cfg')
            with open(tls_cfg, 'w') as f:
                f.write('[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\n'
                        'require_certificate = no\ncertificate = %s\nprivate_key = %s\n\n'
                        '[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\n'
                        'require_certificate = no\n' % tls)
            argv += ['-l', 'tls:127.0.0.1:%d' % self.tls_port]
            defines['WITH_TLS'] = '1'
            defines['TLS_CFG'] = '"%s"' % tls_cfg
        for k, v in defines.items():    # cfg preprocessor defines (#!ifdef K)
            argv += ['-A', '%s=%s' % (k, v)]
        super().__init__(h, 'kamailio', argv)
        self.wait_ready()
        if tls:
            deadline = time.monotonic() + 10
            while not port_bound(self.tls_port, 'tcp'):
                if time.monotonic() > deadline:
                    raise Failure('kamailio does not listen for TLS on %d' % self.tls_port)
                time.sleep(0.05)

    def wait_ready(self, timeout=15.0):
        """Probe with SIP OPTIONS over UDP until Kamailio answers 200, and its TCP listens."""
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(('127.0.0.1', 0))
        lport = s.getsockname()[1]
        deadline = time.monotonic() + timeout
        n = 0
        try:
            while time.monotonic() < deadline:
                if not self.running():
                    raise Failure('kamailio exited with %s before it was ready' % self.p.returncode)
                n += 1
                probe = ('OPTIONS %s SIP/2.0\r\n'
                         'Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK-probe-%d-%d\r\n'
                         'Max-Forwards: 70\r\n'
                         'From: <sip:probe@127.0.0.1>;tag=probe%d\r\n'
                         'To: <%s>\r\n'
                         'Call-ID: probe-%d-%d@127.0.0.1\r\n'
                         'CSeq: %d OPTIONS\r\n'
                         'Content-Length: 0\r\n\r\n'
                         % (self.uri, lport, os.getpid(), n, n, self.uri, os.getpid(), n, n))
                s.sendto(probe.encode(), ('127.0.0.1', self.port))
                s.settimeout(0.2)
                try:
                    data = s.recv(65535)
                except (socket.timeout, ConnectionRefusedError):
                    continue
                if data.startswith(b'SIP/2.0 200') and port_bound(self.port, 'tcp'):
                    log('  kamailio ready on %s (UDP+TCP), answered OPTIONS probe #%d' % (self.uri, n))
                    return
                time.sleep(0.05)
        finally:
            s.close()
        raise Failure('kamailio did not answer OPTIONS on %s within %.0f s' % (self.uri, timeout))


# ---------------------------------------------------------------------------------------
# SIPp

class Sipp(Proc):
    """SIPp in the foreground, with its own SIP, control and media ports."""

    def __init__(self, h, scenario, remote=None, calls=1, keys=None, service='alice',
                 transport='u1', timeout=30, rate=None, extra=(), name=None):
        self.scenario = scenario if os.path.isabs(scenario) else os.path.join(SIPP_DIR, scenario)
        if not os.path.exists(self.scenario):
            raise Failure('no SIPp scenario %s' % self.scenario)
        self.ports = h.ports(8)        # SIP, control, (unused), (unused), media +4..+7
        self.port = self.ports[0]
        self.uri = 'sip:127.0.0.1:%d' % self.port
        self.transport = transport
        name = name or 'sipp-' + os.path.splitext(os.path.basename(scenario))[0]
        n = sum(1 for p in h._procs if p.name.startswith(name))
        if n:
            name += '-%d' % (n + 1)
        self.message_file = os.path.join(h.tmp, name + '.messages.log')
        self.error_file = os.path.join(h.tmp, name + '.errors.log')
        self.action_file = os.path.join(h.tmp, name + '.actions.log')
        argv = [sipp_path()]
        if remote:
            argv.append(remote)
        argv += ['-sf', self.scenario, '-t', transport, '-s', service,
                 '-i', '127.0.0.1', '-p', self.port,
                 '-ci', '127.0.0.1', '-cp', self.ports[1], '-mp', self.ports[4],
                 '-m', calls, '-nostdin',
                 '-timeout', '%ds' % slow(timeout), '-timeout_error',
                 '-trace_msg', '-message_file', self.message_file,
                 '-trace_err', '-error_file', self.error_file,
                 '-trace_logs', '-log_file', self.action_file]
        if rate:
            argv += ['-r', rate]
        for k, v in (keys or {}).items():
            argv += ['-key', k, v]
        argv += list(extra)
        super().__init__(h, name, argv)

    def wait_listening(self, timeout=10.0):
        """For SIPp as UAS: wait until its SIP socket is bound (seen in /proc/net)."""
        proto = 'tcp' if self.transport.startswith('t') else 'udp'
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                raise Failure('%s exited with %s before it listened' % (self.name, self.p.returncode))
            if port_bound(self.port, proto):
                log('  %s listening on %s/%s' % (self.name, self.uri, proto))
                return
            time.sleep(0.02)
        raise Failure('%s did not bind %s port %d within %.0f s' % (self.name, proto, self.port, timeout))

    def wait_ok(self, timeout=20.0, what='scenario'):
        """Wait for SIPp to finish; it must exit 0 (every call successful)."""
        rc = self.wait(timeout, what)
        if rc != 0:
            raise Failure('%s (%s) exited %d, not 0: %s' % (self.name, what, rc, self.errors_summary()))
        self.h.ok('%s: %s (SIPp exit 0)' % (self.name, what))
        return rc

    def errors_summary(self):
        try:
            with open(self.error_file, 'rb') as f:
                text = f.read().decode('utf-8', 'replace').strip()
        except OSError:
            text = ''
        return text[-1500:] or 'no SIPp error log'

    def messages(self):
        """The SIP messages SIPp sent and received: [(direction, transport, bytes)]."""
        try:
            with open(self.message_file, 'rb') as f:
                data = f.read()
        except OSError:
            return []
        return [(d, t, raw) for d, t, raw, _ in self.timed_messages(data)]

    def timed_messages(self, data=None):
        """As messages(), with SIPp's wall-clock timestamp (seconds) as a 4th item."""
        if data is None:
            try:
                with open(self.message_file, 'rb') as f:
                    data = f.read()
            except OSError:
                return []
        out = []
        pat = re.compile(rb'-{20,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)[^\n]*\n'
                         rb'(UDP|TCP|TLS) message (sent|received) '
                         rb'(?:\((\d+) bytes\)|\[(\d+)\] bytes) ?:\n\n')
        for m in pat.finditer(data):
            size = int(m.group(4) or m.group(5))
            start = m.end()
            ts = datetime.datetime.strptime(m.group(1).decode(), '%Y-%m-%d %H:%M:%S.%f').timestamp()
            out.append((m.group(3).decode(), m.group(2).decode(), data[start:start + size], ts))
        return out

    def sent_requests(self, method):
        return [raw for d, _, raw in self.messages() if d == 'sent' and raw.startswith(method.encode() + b' ')]

    def received_requests(self, method):
        return [raw for d, _, raw in self.messages()
                if d == 'received' and raw.startswith(method.encode() + b' ')]

    def log_files(self):
        return super().log_files() + [self.error_file, self.action_file, self.message_file]


def _read_text(path):
    try:
        with open(path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')
    except OSError:
        return ''


def sip_body(raw):
    """The body of a raw SIP message, exactly Content-Length bytes."""
    head, sep, rest = raw.partition(b'\r\n\r\n')
    if not sep:
        raise Failure('no end of headers in %r' % raw[:200])
    m = re.search(rb'(?im)^(?:Content-Length|l)[ \t]*:[ \t]*(\d+)', head)
    if not m:
        return rest
    return rest[:int(m.group(1))]


def sip_header(raw, name):
    head = raw.partition(b'\r\n\r\n')[0].decode('utf-8', 'replace')
    for line in head.split('\r\n')[1:]:
        k, _, v = line.partition(':')
        if k.strip().lower() == name.lower():
            return v.strip()
    return None


# ---------------------------------------------------------------------------------------
# The CLI receiver

class Receiver(Proc):
    """sippush-receiver --json; its stdout is read line by line as JSON events."""

    def __init__(self, h, args, name='receiver', bind_port=None, env=None, preexec_fn=None,
                 valgrind=True):
        self.port = bind_port or h.ports(1)[0]
        self.cwd = h.tmp
        args = list(args)
        if not any(a == '--bind' or a.startswith('--bind=') for a in args):
            args = ['--bind', 'sip:127.0.0.1:%d' % self.port] + args
        if '--json' not in args:
            args.append('--json')
        e = dict(os.environ)
        # Verbose logs (sofia's wire log too) must all go to stderr, never stdout.
        e.setdefault('G_MESSAGES_DEBUG', 'all')
        e.setdefault('TPORT_LOG', '1')
        e.update(env or {})
        self.uri = 'sip:127.0.0.1:%d' % self.port
        self.events = []          # [(monotonic time, dict)]
        self.bad_lines = []       # stdout lines that are not one JSON event object
        self._cursor = 0
        self._cond = threading.Condition()
        self._eof = False
        super().__init__(h, name, [receiver_path()] + args, stdout=subprocess.PIPE, env=e,
                         preexec_fn=preexec_fn, valgrind=valgrind)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for raw in self.p.stdout:
            t = time.monotonic()
            line = raw.decode('utf-8', 'replace').rstrip('\n')
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or 'event' not in obj:
                    raise ValueError('not an event object')
            except ValueError:
                with self._cond:
                    self.bad_lines.append(line)
                    self._cond.notify_all()
                continue
            with self._cond:
                self.events.append((t, obj))
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def wait_event(self, name, timeout=10.0, **match):
        """The next event named `name` (and with the given field values) after the previous
        match; events in between stay in self.events. Fails on timeout or exit."""
        timeout = slow(timeout)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for i in range(self._cursor, len(self.events)):
                    ev = self.events[i][1]
                    if ev.get('event') == name and all(ev.get(k) == v for k, v in match.items()):
                        self._cursor = i + 1
                        return ev
                left = deadline - time.monotonic()
                if self._eof or left <= 0:
                    break
                self._cond.wait(min(left, 0.2))
        seen = [e for _, e in self.events[self._cursor:]]
        why = 'exited with %s' % self.p.poll() if self._eof else 'no such event within %.0f s' % timeout
        raise Failure('receiver: expected event %s %s: %s; events since: %s'
                      % (name, match or '', why, json.dumps(seen)))

    def event_time(self, ev):
        for t, e in self.events:
            if e is ev:
                return t
        return None

    def all_events(self, name=None):
        with self._cond:
            return [e for _, e in self.events if name is None or e.get('event') == name]

    def wait_ready(self, timeout=10.0):
        ev = self.wait_event('ready', timeout)
        self.h.check(isinstance(ev.get('sip'), str) and ev['sip'].startswith('sip'),
                     'receiver ready: {"event":"ready","sip":%s}' % json.dumps(ev.get('sip')))
        # The contract says the listeners accept traffic once "ready" is printed.
        self.h.check(port_bound(self.port, 'udp') and port_bound(self.port, 'tcp'),
                     'receiver listens on UDP and TCP port %d when ready' % self.port)
        return ev

    def terminate(self, sig=signal.SIGTERM, timeout=10.0):
        """Send sig and wait for the exit; return the exit code."""
        self.signal(sig)
        rc = self.wait(timeout, 'after %s' % signal.Signals(sig).name)
        self._reader.join(2)
        return rc

    def wait_exit(self, timeout=10.0, what=None):
        rc = self.wait(timeout, what)
        self._reader.join(2)
        return rc

    def path_of(self, ev):
        """The stored file of a push event, opened from the CLI's working directory."""
        return os.path.normpath(os.path.join(self.cwd, ev['path']))

    def check_stdout_clean(self):
        with self._cond:
            bad = list(self.bad_lines)
        self.h.check(not bad, 'receiver stdout carries only JSON event lines (%d events)'
                     % len(self.events) if not bad else
                     'receiver stdout carries only JSON event lines; got non-JSON lines: %r' % bad[:5])

    def log_files(self):
        return [self.stderr_path]

    def dump(self, lines=80):
        log('----- receiver events -----')
        for t, e in self.events:
            log('  %.3f %s' % (t, json.dumps(e)))
        for line in self.bad_lines[:20]:
            log('  NON-JSON stdout: %r' % line)
        super().dump(lines)


# ---------------------------------------------------------------------------------------
# Inbox

def inbox_listing(inbox):
    """Every entry under inbox, relative, with a trailing / for directories."""
    out = []
    for root, dirs, files in os.walk(inbox):
        rel = os.path.relpath(root, inbox)
        for d in dirs:
            out.append(os.path.normpath(os.path.join(rel, d)) + '/')
        for f in files:
            out.append(os.path.normpath(os.path.join(rel, f)))
    return sorted(out)


# ---------------------------------------------------------------------------------------
# Harness

class Harness:
    def __init__(self, name):
        self.name = name
        self.tmp = tempfile.mkdtemp(prefix='sippush-it-%s-' % name)
        self._procs = []
        self._blocks = []
        self._soft = []
        self.n_checks = 0
        self._runs = 0
        self._run_logs = []       # memcheck logs of h.run()s under valgrind

    # ports ------------------------------------------------------------------------------
    def ports(self, n):
        b = PortBlock(n)
        self._blocks.append(b)
        return b

    # peers ------------------------------------------------------------------------------
    def kamailio(self, **kw):
        return Kamailio(self, **kw)

    def sipp(self, scenario, **kw):
        return Sipp(self, scenario, **kw)

    def sipp_uas(self, scenario, **kw):
        s = Sipp(self, scenario, **kw)
        s.wait_listening()
        return s

    def receiver(self, args, **kw):
        return Receiver(self, args, **kw)

    def push(self, port, ari=None, ac=None, scenario='message_uac.xml', pai=SENDER,
             ctype='text/plain', body='push content', transport='u1', calls=1, what=None,
             timeout=15, **kw):
        """Send `calls` MESSAGEs with SIPp to 127.0.0.1:port and wait until SIPp got the
        final responses its scenario expects. Returns (sipp, [body bytes as sent])."""
        keys = {'ctype': ctype, 'body': body}
        if scenario != 'message_noari_uac.xml':
            keys['ac'] = ac or '*;+g.oma.pusheventappp="%s"' % ari
            keys['pai'] = pai
        s = self.sipp(scenario, remote='127.0.0.1:%d' % port, keys=keys, transport=transport,
                      calls=calls, **kw)
        s.wait_ok(timeout, what or 'MESSAGE %s answered as %s expects' % (keys.get('ac', '(no ARI)'), scenario))
        seen, bodies = set(), []
        for raw in s.sent_requests('MESSAGE'):      # retransmissions share the Call-ID
            cid = sip_header(raw, 'Call-ID')
            if cid not in seen:
                seen.add(cid)
                bodies.append(sip_body(raw))
        if len(bodies) < calls and 'in an output buffer' in _read_text(s.message_file):
            # SIPp does not log a message it queued behind a TCP connect still in progress
            # (a receiver pausing its accepts); the scenarios send [body] and a CRLF.
            log('  SIPp queued %d MESSAGE(s) behind a connect in progress: not in its log'
                % (calls - len(bodies)))
            bodies += [(body + '\r\n').encode()] * (calls - len(bodies))
        self.check_eq(len(bodies), calls, 'MESSAGEs sent by SIPp')
        return s, bodies

    def run(self, argv, timeout=10.0, cwd=None, env=None):
        """Run a short command to completion: (exit code, stdout, stderr). A program under
        test runs under valgrind too (SIPPUSH_VALGRIND): its verdict is read at the end."""
        self._runs += 1
        argv, vg_log = valgrind_argv(self, 'run%d' % self._runs, [str(a) for a in argv])
        timeout = slow(timeout)
        log('  run: %s' % ' '.join(_shellquote(str(a)) for a in argv))
        p = subprocess.Popen([str(a) for a in argv], cwd=cwd or self.tmp, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             start_new_session=True)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            raise Failure('%s did not exit within %.0f s; stderr: %s'
                          % (os.path.basename(str(argv[0])), timeout, err.decode('utf-8', 'replace')[-800:]))
        if vg_log:
            self._run_logs.append(vg_log.replace('%p', str(p.pid)))
        return p.returncode, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')

    # checks -----------------------------------------------------------------------------
    def ok(self, msg):
        self.n_checks += 1
        log('ok: ' + msg)

    def check(self, cond, msg):
        if not cond:
            raise Failure(msg)
        self.ok(msg)

    def check_eq(self, got, want, msg):
        if got != want:
            raise Failure('%s: got %r, want %r' % (msg, got, want))
        self.ok('%s = %r' % (msg, want))

    def soft_check(self, cond, msg):
        """A check whose failure does not stop the test; it still fails at the end."""
        if cond:
            self.ok(msg)
        else:
            log('FAIL (continuing): ' + msg)
            self._soft.append(msg)

    def check_push(self, rx, ev, ari, body, content_type='text/plain', sender=SENDER,
                   folder=None, method='MESSAGE'):
        """R-DSP-1/R-MSG-1: a push event's fields and its stored file (byte-exact)."""
        self.check_eq(ev.get('method'), method, 'push.method')
        self.check_eq(ev.get('ari'), ari, 'push.ari')
        self.check_eq(ev.get('content_type'), content_type, 'push.content_type')
        self.check_eq(ev.get('size'), len(body), 'push.size')
        self.check_eq(ev.get('sender'), sender, 'push.sender (bare URI)')
        self.check(isinstance(ev.get('path'), str), 'push.path is a string: %r' % ev.get('path'))
        path = rx.path_of(ev)
        self.check(os.path.isfile(path), 'push.path %s exists (from the CLI working directory)' % ev['path'])
        with open(path, 'rb') as f:
            data = f.read()
        self.check(data == body, 'stored file holds exactly the %d body bytes sent (got %d: %r)'
                   % (len(body), len(data), data[:80]))
        folder = folder or ari
        self.check_eq(os.path.basename(os.path.dirname(path)), folder, 'stored in the app folder')
        self.check(not os.path.basename(path).startswith('.'), 'stored file name is not a dot-file')
        return path

    def check_inbox_exact(self, inbox, files):
        """Inbox rule: the tree holds exactly the delivered files, directly in DIR/<ari>/,
        no dot-files (temp files), nothing else."""
        want = sorted(os.path.relpath(os.path.normpath(f), inbox) for f in files)
        listing = inbox_listing(inbox) if os.path.isdir(inbox) else []
        got_files = [e for e in listing if not e.endswith('/')]
        dirs = [e for e in listing if e.endswith('/')]
        self.check(sorted(got_files) == want,
                   'inbox holds exactly the %d delivered file(s): %s' % (len(want), want)
                   if sorted(got_files) == want else
                   'inbox holds exactly the delivered files: want %s, found %s' % (want, listing))
        self.check(all(f.count('/') == 1 for f in got_files), 'every file sits directly in DIR/<ari>/')
        self.check(all(d.count('/') == 1 for d in dirs),
                   'no nested directories in the inbox (dirs: %s)' % dirs)
        self.check(not any(os.path.basename(e.rstrip('/')).startswith('.') for e in listing),
                   'no dot-files (temp files) left in the inbox')

    # teardown ---------------------------------------------------------------------------
    def close(self, failed):
        for p in reversed(self._procs):
            try:
                p.stop()
            except Exception as e:  # keep stopping the others
                log('  stopping %s: %s' % (p.name, e))
        problems = self.valgrind_problems()
        for msg in problems:
            log('FAIL (valgrind): ' + msg)
            self._soft.append(msg)
        failed = failed or bool(problems)
        if failed:
            for p in self._procs:
                p.dump()
        for b in self._blocks:
            b.release()
        if failed or os.environ.get('SIPPUSH_KEEP_TMP') == '1':
            log('logs kept in %s' % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return failed

    def valgrind_problems(self):
        """Every memcheck verdict of the test's programs under valgrind, once they ended."""
        problems, bad_logs = [], []
        n = 0
        for p in self._procs:
            if p.valgrind_log:
                n += 1
                found = p.valgrind_problems()
                if found:
                    problems += found
                    bad_logs.append(p.valgrind_log.replace('%p', str(p.pid)))
        for path in self._run_logs:
            n += 1
            errors, summary = valgrind_verdict(path)
            if errors or not summary:
                problems.append('valgrind memcheck: %s error(s) (summary %s): see %s'
                                % (errors, 'seen' if summary else 'missing', path))
                bad_logs.append(path)
        for path in bad_logs:     # the errors with their stacks and suppressions
            _dump_file(path, 400)
        if n and not problems:
            self.ok('valgrind memcheck: no error and no definite leak in %d process(es)' % n)
        return problems


def _dump_file(path, lines):
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8', 'replace').splitlines()
    except OSError:
        return
    log('----- %s (last %d of %d lines) -----' % (path, min(lines, len(text)), len(text)))
    for line in text[-lines:]:
        log('  | ' + line)


def _on_sigterm(signum, frame):
    raise SystemExit('killed by signal %d (meson timeout?)' % signum)


def main(test, peers=('kamailio', 'sipp'), name=None):
    """Run test(h) and exit 0 / 1 / 77."""
    name = name or os.path.splitext(os.path.basename(sys.argv[0]))[0]
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, _on_sigterm)
    try:
        require_peers(peers)
        receiver_path()
    except Skip as e:
        log('SKIP %s: %s' % (name, e))
        sys.exit(SKIP)
    except Failure as e:
        log('FAIL %s: %s' % (name, e))
        sys.exit(1)
    h = Harness(name)
    failed = True
    t0 = time.monotonic()
    try:
        test(h)
        failed = bool(h._soft)
    except Failure as e:
        log('FAIL: %s' % e)
    except SystemExit as e:
        log('FAIL: %s' % e)
    except BaseException:
        log('FAIL: exception in the test:')
        traceback.print_exc(file=sys.stdout)
    finally:
        failed = h.close(failed)
    dt = time.monotonic() - t0
    if failed:
        for msg in h._soft:
            log('FAIL: %s' % msg)
        log('FAIL %s (%d checks passed, %.1f s)' % (name, h.n_checks, dt))
        sys.exit(1)
    log('PASS %s (%d checks, %.1f s)' % (name, h.n_checks, dt))
    sys.exit(0)
