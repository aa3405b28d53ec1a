#include <sippush/sippush.h>

static void
on_push (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer user_data)
{
  gsize size;
  g_bytes_get_data (sippush_delivery_get_body (delivery), &size);
  g_print ("%s push from %s: %zu bytes\n", sippush_delivery_get_app_id (delivery),
           sippush_delivery_get_sender (delivery), size);
  sippush_delivery_accept (delivery, NULL); /* the 200 OK goes out now */
}

int
main (void)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (SipPushReceiver) receiver = sippush_receiver_new ("sip:alice@example.org", NULL);
  g_object_set (receiver, "bind-uri", "sip:127.0.0.1:5070",
                "registrar", "sip:127.0.0.1:5060", NULL);
  sippush_receiver_add_app (receiver, "mms.ua", on_push, NULL, NULL, NULL);
  sippush_receiver_add_app (receiver, "0x05", on_push, NULL, NULL, NULL); /* push.syncml */
  sippush_receiver_start_async (receiver, NULL, NULL, NULL);
  g_main_loop_run (loop);
  return 0;
}
