/* subscribe-driver — R-SUB-1/R-SUB-2 at library level, for test_subscribe_app_change.py.
 *
 * Uses only the public API (<sippush/sippush.h>). A receiver for sip:alice@127.0.0.1
 * without a registrar, with mms.ua (accepting application/vnd.wap.mms-message),
 * subscribe=TRUE to SUBSCRIBE-URI, preferred-identity sip:alice@127.0.0.1, device vendor
 * "example.com", model "X1", version "1.2.3", subscribe-expires 600:
 *   1st subscribed: add push.syncml  -> a new SUBSCRIBE listing "mms.ua,push.syncml"
 *   2nd subscribed: stop (un-SUBSCRIBE) and exit 0 once stopped.
 * Exits 1 on subscription-failed, on any API error, or after 20 s.
 *
 * Usage: subscribe-driver BIND-URI SUBSCRIBE-URI
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

#include <stdio.h>

typedef struct
{
  GMainLoop *loop;
  guint n_subscribed;
  int exit_code;
} Driver;

static void
on_push (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer data)
{
  sippush_delivery_accept (delivery, NULL);
}

static void
stopped_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Driver *d = data;
  GError *error = NULL;
  if (!sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), result, &error))
    {
      g_printerr ("driver: stop failed: %s\n", error->message);
      g_error_free (error);
      d->exit_code = 1;
    }
  else
    printf ("driver: stopped\n");
  g_main_loop_quit (d->loop);
}

static void
on_subscribed (SipPushReceiver *receiver, const char *target, guint status, gpointer data)
{
  Driver *d = data;
  GError *error = NULL;
  printf ("driver: subscribed #%u to %s: %u\n", ++d->n_subscribed, target, status);
  fflush (stdout);
  if (d->n_subscribed == 1)
    {
      if (!sippush_receiver_add_app (receiver, "push.syncml", on_push, NULL, NULL, &error))
        {
          g_printerr ("driver: add_app: %s\n", error->message);
          g_error_free (error);
          d->exit_code = 1;
          g_main_loop_quit (d->loop);
        }
    }
  else if (d->n_subscribed == 2)
    sippush_receiver_stop_async (receiver, NULL, stopped_cb, d);
}

static void
on_failed (SipPushReceiver *receiver, const char *target, guint status, const char *reason,
           gpointer data)
{
  Driver *d = data;
  g_printerr ("driver: subscription-failed %u %s\n", status, reason);
  d->exit_code = 1;
  g_main_loop_quit (d->loop);
}

static gboolean
on_timeout (gpointer data)
{
  Driver *d = data;
  g_printerr ("driver: timed out\n");
  d->exit_code = 1;
  g_main_loop_quit (d->loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      g_printerr ("usage: subscribe-driver BIND-URI SUBSCRIBE-URI\n");
      return 2;
    }
  g_log_writer_default_set_use_stderr (TRUE);
  Driver d = { .loop = g_main_loop_new (NULL, FALSE) };
  GError *error = NULL;
  SipPushReceiver *receiver = sippush_receiver_new ("sip:alice@127.0.0.1", &error);
  const gchar *mms[] = { "application/vnd.wap.mms-message", NULL };
  g_object_set (receiver, "bind-uri", argv[1], "subscribe", TRUE, "subscribe-uri", argv[2],
                "preferred-identity", "sip:alice@127.0.0.1", "device-vendor", "example.com",
                "device-model", "X1", "device-version", "1.2.3", "subscribe-expires", 600, NULL);
  SipPushApp *app = sippush_receiver_add_app (receiver, "mms.ua", on_push, NULL, NULL, &error);
  if (app == NULL)
    {
      g_printerr ("driver: %s\n", error->message);
      return 1;
    }
  sippush_app_set_accept_types (app, mms);
  g_signal_connect (receiver, "subscribed", G_CALLBACK (on_subscribed), &d);
  g_signal_connect (receiver, "subscription-failed", G_CALLBACK (on_failed), &d);
  g_timeout_add_seconds (20, on_timeout, &d);
  sippush_receiver_start_async (receiver, NULL, NULL, NULL);
  g_main_loop_run (d.loop);
  g_object_unref (receiver);
  g_main_loop_unref (d.loop);
  return d.exit_code;
}
