#!/usr/bin/env python3
"""A test agent for sippushd (python3-gi): registers push applications with
org.sippush.Receiver1 on the session bus and implements org.sippush.Application1 at its
object. Every step is printed on stdout as one JSON object per line:

  {"event":"registered","app":"mms.ua"}   {"event":"register_failed","app":..,"error":NAME}
  {"event":"deliver","push":{...},"body_hex":"..","t":UNIX}
  {"event":"deliver_file","push":{...},"size":N,"sha1":"..","readonly":true,"data_hex":..,"t":..}
  {"event":"replied","how":"accept"|"reject"|"none","t":UNIX}
  {"event":"push_rejected","method":..,"status":N,"reason":..}   (with --watch-rejections)

--reply decides the answer to every delivery: accept (default), reject:MESSAGE (an
org.sippush.Application1.Error.Rejected with MESSAGE, e.g. "403 Forbidden by agent"),
or none (never answers). --reply-delay waits before answering.
"""
import argparse
import fcntl
import hashlib
import json
import os
import sys
import time

from gi.repository import Gio, GLib

IFACE_XML = '''<node><interface name="org.sippush.Application1">
  <method name="Deliver"><arg name="push" type="a{sv}" direction="in"/>
    <arg name="body" type="ay" direction="in"/></method>
  <method name="DeliverFile"><arg name="push" type="a{sv}" direction="in"/>
    <arg name="fd" type="h" direction="in"/></method>
</interface></node>'''
SERVICE = 'org.sippush.Receiver1'
OBJECT = '/org/sippush/Receiver1'


def emit(**obj):
    print(json.dumps(obj), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--app', action='append', default=[])
    ap.add_argument('--path', default='/org/sippush/test/Agent')
    ap.add_argument('--reply', default='accept')
    ap.add_argument('--reply-delay', type=float, default=0.0)
    ap.add_argument('--watch-rejections', action='store_true')
    args = ap.parse_args()

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    loop = GLib.MainLoop()
    held = []   # invocations never answered (--reply none)

    def answer(invocation):
        if args.reply == 'accept':
            invocation.return_value(None)
            emit(event='replied', how='accept', t=time.time())
        elif args.reply.startswith('reject:'):
            invocation.return_dbus_error('org.sippush.Application1.Error.Rejected',
                                         args.reply[len('reject:'):])
            emit(event='replied', how='reject', t=time.time())
        else:
            held.append(invocation)
            emit(event='replied', how='none', t=time.time())
        return False

    def on_call(conn, sender, path, iface, method, params, invocation):
        push = params.get_child_value(0).unpack()
        if method == 'Deliver':
            body = params.get_child_value(1).get_data_as_bytes().get_data()
            emit(event='deliver', sender_bus=sender, push=push, body_hex=body.hex(), t=time.time())
        else:
            fds = invocation.get_message().get_unix_fd_list()
            fd = fds.get(params.get_child_value(1).get_handle())
            flags = fcntl.fcntl(fd, fcntl.F_GETFL)
            chunks = []
            while True:
                b = os.read(fd, 1 << 16)
                if not b:
                    break
                chunks.append(b)
            os.close(fd)
            data = b''.join(chunks)
            emit(event='deliver_file', sender_bus=sender, push=push, size=len(data),
                 sha1=hashlib.sha1(data).hexdigest(), readonly=(flags & os.O_ACCMODE) == os.O_RDONLY,
                 data_hex=data.hex() if len(data) <= 65536 else None, t=time.time())
        if args.reply_delay:
            GLib.timeout_add(int(args.reply_delay * 1000), answer, invocation)
        else:
            answer(invocation)

    node = Gio.DBusNodeInfo.new_for_xml(IFACE_XML)
    bus.register_object(args.path, node.interfaces[0], on_call, None, None)

    if args.watch_rejections:
        def on_signal(conn, sender, path, iface, signal, params):
            m, st, r = params.unpack()
            emit(event='push_rejected', method=m, status=st, reason=r)
        bus.signal_subscribe(SERVICE, 'org.sippush.Receiver1', 'PushRejected', OBJECT, None,
                             Gio.DBusSignalFlags.NONE, on_signal)

    for app in args.app:
        try:
            bus.call_sync(SERVICE, OBJECT, 'org.sippush.Receiver1', 'RegisterApplication',
                          GLib.Variant('(so)', (app, args.path)), None, Gio.DBusCallFlags.NONE, 5000, None)
            emit(event='registered', app=app)
        except GLib.Error as e:
            emit(event='register_failed', app=app, error=Gio.DBusError.get_remote_error(e), message=e.message)
    emit(event='ready', name=bus.get_unique_name())

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15, lambda: loop.quit() or False)
    loop.run()


if __name__ == '__main__':
    main()
