"""Helpers of the SIP connection governance tests (R-SEC-4, issue 12): raw TCP
attackers, the receiver's resource use (/proc/PID), and the sizes of the long probes.

SIPPUSH_GOVERNANCE_FULL=1 runs the probes at the issue's full size (a 60 s UDP flood);
CI runs them shorter (see each test)."""
import os
import socket
import time

FULL = os.environ.get('SIPPUSH_GOVERNANCE_FULL') == '1'


def proc_status_mib(pid, key):
    """VmRSS / VmHWM of a process, in MiB."""
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith(key + ':'):
                return int(line.split()[1]) / 1024.0
    return 0.0


def cpu_seconds(pid):
    """utime + stime of the whole process."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def open_fds(pid):
    return len(os.listdir('/proc/%d/fd' % pid))


def connect_many(port, n, payload=b''):
    """n non-blocking TCP connections to 127.0.0.1:port (the kernel completes them into the
    listen queue; the receiver accepts at its pace); each sends as much of `payload` as
    goes without blocking. Returns the sockets."""
    socks = []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect(('127.0.0.1', port))
        except (BlockingIOError, InterruptedError):
            pass
        socks.append(s)
    if payload:
        deadline = time.monotonic() + 5
        pending = {s: payload for s in socks}
        while pending and time.monotonic() < deadline:
            for s, rest in list(pending.items()):
                try:
                    sent = s.send(rest)
                    rest = rest[sent:]
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    rest = b''
                if rest:
                    pending[s] = rest
                else:
                    del pending[s]
            time.sleep(0.01)
    return socks


def closed_by_peer(s):
    """True once the receiver has closed (or reset) this connection."""
    s.setblocking(False)
    try:
        return s.recv(65536) == b''
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True


def close_all(socks):
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


def sanitized(pid):
    """The receiver runs under ASan/UBSan: its memory (shadow, quarantine) and CPU are
    not the release build's, so the bounds checked are looser (still bounded)."""
    try:
        with open('/proc/%d/maps' % pid) as f:
            maps = f.read()
    except OSError:
        return False
    return 'libasan' in maps or 'libubsan' in maps


def measured_env():
    """The environment of a receiver whose memory is measured: no wire log (20,000 logged
    MESSAGEs cost more than handling them), and under ASan a small quarantine, so that RSS
    shows live memory rather than ASan's 256 MiB of freed blocks filling at the pace of
    the run (which on a loaded machine never plateaus within the run)."""
    env = {'G_MESSAGES_DEBUG': '', 'TPORT_LOG': ''}
    if os.environ.get('ASAN_OPTIONS') is not None:
        env['ASAN_OPTIONS'] = os.environ['ASAN_OPTIONS'] + ':quarantine_size_mb=8'
    return env


def rss_bound_mib(pid):
    """64 MiB (the issue's bound); 1 GiB under the sanitizers."""
    return 1024 if sanitized(pid) else 64
