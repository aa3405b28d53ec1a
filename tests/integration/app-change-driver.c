/* app-change-driver — R-REG-2 at library level, for test_reregister_app_change.py.
 *
 * Uses only the public API (<sippush/sippush.h>). Creates a receiver for
 * sip:alice@127.0.0.1 (or argv[3]), adds mms.ua, starts; then on each `registered`
 * signal changes the application set, which must re-REGISTER with the new
 * +g.oma.pusheventappp list:
 *   1st registered: add push.syncml     -> "mms.ua,push.syncml"
 *   2nd registered: remove mms.ua       -> "push.syncml"
 *   3rd registered: stop (de-REGISTER) and exit 0 once stopped.
 * Exits 1 on `registration-failed`, on any API error, or after 20 s.
 *
 * Usage: app-change-driver BIND-URI REGISTRAR-URI [AOR]
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct
{
  GMainLoop *loop;
  guint n_registered;
  gboolean stopping;
  gboolean remove_last; /* SIPPUSH_DRIVER_REMOVE_LAST=1: also remove the last app */
  guint timer;
  int exit_code;
} Driver;

static void
finish (Driver *d, int code)
{
  d->exit_code = code;
  g_main_loop_quit (d->loop);
}

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
      finish (d, 1);
      return;
    }
  printf ("driver: stopped\n");
  finish (d, 0);
}

static void
print_apps (SipPushReceiver *receiver)
{
  gchar **ids = sippush_receiver_dup_app_ids (receiver);
  gchar *list = g_strjoinv (",", ids);
  printf ("driver: apps now \"%s\"\n", list);
  g_free (list);
  g_strfreev (ids);
}

static void
on_registered (SipPushReceiver *receiver, guint status, guint expires, gpointer data)
{
  Driver *d = data;
  GError *error = NULL;

  d->n_registered++;
  printf ("driver: registered #%u: status %u, expires %u\n", d->n_registered, status, expires);
  fflush (stdout);
  if (d->stopping)
    return;

  switch (d->n_registered)
    {
    case 1: /* R-REG-2: adding an app re-REGISTERs with the longer list */
      if (!sippush_receiver_add_app (receiver, "push.syncml", on_push, NULL, NULL, &error))
        break;
      print_apps (receiver);
      return;
    case 2: /* R-REG-2: removing an app re-REGISTERs with the shorter list */
      if (!sippush_receiver_remove_app (receiver, sippush_receiver_lookup_app (receiver, "mms.ua"),
                                        &error))
        break;
      print_apps (receiver);
      return;
    case 3: /* R-REG-2: removing the last app leaves a binding without the tag */
      if (d->remove_last)
        {
          if (!sippush_receiver_remove_app (
                  receiver, sippush_receiver_lookup_app (receiver, "push.syncml"), &error))
            break;
          print_apps (receiver);
          return;
        }
      d->stopping = TRUE;
      sippush_receiver_stop_async (receiver, NULL, stopped_cb, d);
      return;
    case 4: /* done: stop de-REGISTERs */
      d->stopping = TRUE;
      sippush_receiver_stop_async (receiver, NULL, stopped_cb, d);
      return;
    default:
      return;
    }
  g_printerr ("driver: %s\n", error->message);
  g_error_free (error);
  finish (d, 1);
}

static void
on_registration_failed (SipPushReceiver *receiver, guint status, const gchar *reason, gpointer data)
{
  g_printerr ("driver: registration failed: %u %s\n", status, reason ? reason : "");
  finish (data, 1);
}

static void
started_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Driver *d = data;
  GError *error = NULL;

  if (!sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), result, &error))
    {
      g_printerr ("driver: start failed: %s\n", error->message);
      g_error_free (error);
      finish (d, 1);
      return;
    }
  gchar *contact = sippush_receiver_dup_contact_uri (SIPPUSH_RECEIVER (source));
  printf ("driver: started, listening on %s\n", contact ? contact : "(null)");
  fflush (stdout);
  g_free (contact);
}

static gboolean
on_timeout (gpointer data)
{
  Driver *d = data;
  g_printerr ("driver: timed out after 20 s with %u registered signal(s)\n", d->n_registered);
  d->timer = 0;
  finish (d, 1);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  Driver d = { .remove_last = g_strcmp0 (g_getenv ("SIPPUSH_DRIVER_REMOVE_LAST"), "1") == 0 };
  GError *error = NULL;

  /* stdout carries the driver's own lines; GLib's debug log (G_MESSAGES_DEBUG) goes to stderr */
  g_log_writer_default_set_use_stderr (TRUE);

  if (argc < 3 || argc > 4)
    {
      g_printerr ("usage: %s BIND-URI REGISTRAR-URI [AOR]\n", argv[0]);
      return 2;
    }

  SipPushReceiver *receiver
      = sippush_receiver_new (argc > 3 ? argv[3] : "sip:alice@127.0.0.1", &error);
  if (receiver == NULL)
    {
      g_printerr ("driver: %s\n", error->message);
      g_error_free (error);
      return 1;
    }
  g_object_set (receiver, "bind-uri", argv[1], "registrar", argv[2], "expires", 3600, NULL);
  if (!sippush_receiver_add_app (receiver, "mms.ua", on_push, NULL, NULL, &error))
    {
      g_printerr ("driver: %s\n", error->message);
      g_error_free (error);
      g_object_unref (receiver);
      return 1;
    }

  d.loop = g_main_loop_new (NULL, FALSE);
  d.exit_code = 1;
  g_signal_connect (receiver, "registered", G_CALLBACK (on_registered), &d);
  g_signal_connect (receiver, "registration-failed", G_CALLBACK (on_registration_failed), &d);
  d.timer = g_timeout_add_seconds (20, on_timeout, &d);

  sippush_receiver_start_async (receiver, NULL, started_cb, &d);
  g_main_loop_run (d.loop);

  if (d.timer)
    g_source_remove (d.timer);
  g_signal_handlers_disconnect_by_data (receiver, &d);
  g_object_unref (receiver);
  g_main_loop_unref (d.loop);
  printf ("driver: exit %d\n", d.exit_code);
  return d.exit_code;
}
