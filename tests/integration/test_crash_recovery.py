#!/usr/bin/env python3
"""R-SEC-5 (issue 12 item 3), R-MSG-1, R-MSRP-2: a crash loses nothing acknowledged and
leaves nothing behind.

MESSAGEs: SIPp sends a burst of MESSAGEs over UDP, each with a body of its own; the CLI is
killed with SIGKILL at random points of the burst, three times, and restarted on the same
port and inbox each time (SIPp's retransmissions reach the new process). Once SIPp is done:
every MESSAGE that SIPp saw answered 200 is in the inbox byte-exact; every file in the
inbox is one of the bodies sent, whole (never a partial file under a real name); no temp
file is left. A temp file planted between two runs (what a kill during a write leaves) is
removed by the next start, and the removal is logged with its path.

MSRP: one file is pushed and acknowledged (success REPORT); a second, bigger one is cut by
SIGKILL after a random number of chunks, leaving its temp file; the restarted CLI removes
it (logged), and the first file is still there byte-exact.

The random points come from SIPPUSH_CRASH_SEED (logged) when set, else the clock."""
import os, random, re, signal, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers
import msrp_peers as mp
from peers import AOR, SENDER, log, sip_body, sip_header

CALLS = 600
RATE = 300
KILLS = 3
TEMP = re.compile(r'^\.sippush-[0-9a-f]{16}\.tmp$')


def dot_files(inbox):
    return sorted(os.path.relpath(os.path.join(root, f), inbox)
                  for root, _, files in os.walk(inbox) for f in files if f.startswith('.'))


def removals(rx):
    return re.findall(r'removed (\S+), a temp file an interrupted write left', rx.stderr_text())


def messages_part(h, rng):
    inbox = os.path.join(h.tmp, 'msg-inbox')
    port = h.ports(1)[0]
    args = ['--aor', AOR, '--app', 'mms.ua', '--inbox', 'msg-inbox']
    # The receivers killed are never under valgrind (it could not check them for leaks, and
    # would slow the burst they answer); the last one, restarted over their leftovers, is.
    rx = h.receiver(args, bind_port=port, name='receiver-1', valgrind=False)
    rx.wait_ready()
    s = h.sipp('message_burst_uac.xml', remote='127.0.0.1:%d' % port, transport='u1',
               calls=CALLS, rate=RATE, timeout=90,
               keys={'ac': '*;+g.oma.pusheventappp="mms.ua"', 'pai': SENDER, 'pad': 'p' * 2000})
    planted = None
    for i in range(KILLS):
        time.sleep(rng.uniform(0.2, 0.5))
        rx.signal(signal.SIGKILL)
        rx.wait(5, 'after SIGKILL')
        left = dot_files(inbox)
        log('  SIGKILL #%d after %d push events; temp files left: %s'
            % (i + 1, len(rx.all_events('push')), left or 'none'))
        if i == 0:
            planted = os.path.join(inbox, 'mms.ua', '.sippush-0123456789abcdef.tmp')
            os.makedirs(os.path.dirname(planted), exist_ok=True)
            with open(planted, 'wb') as f:
                f.write(b'half a push')
        rx = h.receiver(args, bind_port=port, name='receiver-%d' % (i + 2), valgrind=i == KILLS - 1)
        rx.wait_ready()
        # (New temp files may be there already: the pushes being written by this process.)
        removed = sorted(os.path.relpath(os.path.join(h.tmp, p), inbox) for p in removals(rx))
        want = sorted(left + ([os.path.relpath(planted, inbox)] if i == 0 else []))
        h.check(removed == want and not set(want) & set(dot_files(inbox)),
                'restart #%d: every temp file left was removed at start, each logged with its '
                'path: %s' % (i + 1, removed))
    rc = s.wait(120, 'the burst')
    log('  SIPp exited %s' % rc)

    sent, answered = {}, set()
    for direction, _, raw in s.messages():
        cid = sip_header(raw, 'Call-ID')
        if direction == 'sent' and raw.startswith(b'MESSAGE '):
            sent.setdefault(cid, sip_body(raw))
        elif direction == 'received' and raw.startswith(b'SIP/2.0 200'):
            answered.add(cid)
    h.check(len(answered) >= CALLS // 2, '%d of %d MESSAGEs answered 200 across %d kills'
            % (len(answered), CALLS, KILLS))
    stored = {}
    for root, _, files in os.walk(inbox):
        for f in files:
            with open(os.path.join(root, f), 'rb') as fh:
                stored.setdefault(fh.read(), []).append(f)
    missing = [cid for cid in answered if sent.get(cid) not in stored]
    h.check(not missing, 'every MESSAGE answered 200 is stored byte-exact (%d; missing: %s)'
            % (len(answered), missing[:5]))
    bodies = set(sent.values())
    strays = [names for data, names in stored.items() if data not in bodies]
    h.check(not strays, 'every stored file is one whole body that was sent (%d files; not: %s)'
            % (sum(len(v) for v in stored.values()), strays[:5]))
    h.check_eq(rx.terminate(), 0, 'last receiver exit code after SIGTERM')
    h.check(not dot_files(inbox), 'no temp file left in the inbox')
    err = rx.stderr_text()
    for bad in ('AddressSanitizer', 'LeakSanitizer', 'runtime error', 'CRITICAL'):
        h.check(bad not in err, 'last receiver stderr has no "%s" report' % bad)


def msrp_part(h, rng):
    rx = mp.msrp_receiver(h, name='msrp-receiver-1', valgrind=False)  # killed mid-transfer
    f1 = mp.make_file(h, 'kept.bin', 300 * 1024, seed=121)
    fs1 = f1.selector()
    p1 = mp.Push(h, rx, 'invite_msrp.xml', [fs1], ['application/octet-stream'], [f1],
                 sender_args=['--chunk-size', '65536', '--success-report', 'yes'], name='kept')
    p1.wait_ok('the first file: INVITE, transfer, BYE')
    mp.check_success_report(h, mp.message(p1.result(), 0), 'the first file (acknowledged)')
    stored = mp.check_file_event(h, rx, mp.wait_event(rx, 'file', 30, name=f1.name), f1)

    f2 = mp.make_file(h, 'cut.bin', 16 * 1024 * 1024, seed=122)
    p2 = mp.Push(h, rx, 'invite_msrp.xml', [f2.selector()], ['application/octet-stream'], [f2],
                 sender_args=['--chunk-size', '65536', '--success-report', 'yes',
                              '--delay', '0.005'],  # >= 1.3 s in all: the kill lands mid-way
                 notify=False, progress=True, name='cut', timeout=60)
    chunks = rng.randint(2, 120)
    p2.wait_sender_progress(chunks=chunks, timeout=60)
    rx.signal(signal.SIGKILL)
    rx.wait(5, 'after SIGKILL')
    left = dot_files(rx.inbox)
    h.check(any(TEMP.match(os.path.basename(x)) for x in left),
            'SIGKILL after %d chunks of 256 left the transfer\'s temp file: %s' % (chunks, left))

    rx2 = mp.msrp_receiver(h, name='msrp-receiver-2')
    removed = sorted(os.path.relpath(os.path.join(h.tmp, p), rx2.inbox) for p in removals(rx2))
    h.check(removed == left and not dot_files(rx2.inbox),
            'the restart removed and logged exactly the temp files left: %s' % removed)
    h.check(mp.sha1_of(stored) == (f1.sha1, f1.size), 'the acknowledged file is intact after the crash')
    mp.check_no_file(h, rx2, [f2.name])
    mp.finish(h, rx2)
    mp.check_inbox(h, rx2, [stored])


def test(h):
    seed = int(os.environ.get('SIPPUSH_CRASH_SEED') or time.time_ns() % 1000000)
    log('  seed %d (SIPPUSH_CRASH_SEED=%d repeats these kill points)' % (seed, seed))
    rng = random.Random(seed)
    messages_part(h, rng)
    msrp_part(h, rng)


peers.main(test, peers=('sipp',))
