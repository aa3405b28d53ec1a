import gi

gi.require_version('SipPush', '1.0')
from gi.repository import GLib, SipPush


def on_push(receiver, delivery, user_data):
    print('%s push from %s: %d bytes' % (delivery.get_app_id(), delivery.get_sender(),
                                         delivery.get_body().get_size()))
    delivery.accept()  # the 200 OK goes out now


loop = GLib.MainLoop()
receiver = SipPush.Receiver.new('sip:alice@example.org')
receiver.set_bind_uri('sip:127.0.0.1:5070')
receiver.set_registrar('sip:127.0.0.1:5060')
receiver.add_app('mms.ua', on_push, None)
receiver.add_app('0x05', on_push, None)  # push.syncml
receiver.start_async(None, None)
loop.run()
