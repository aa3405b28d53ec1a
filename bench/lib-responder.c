/* lib-responder.c — the benchmark's library side: libsippush through its public API only,
 * one application ("mms.ua") that accepts every push in memory, so the cost measured is
 * the library's, not an inbox's.
 *
 * Usage: lib-responder sip:127.0.0.1:PORT     (UDP and TCP; exits on SIGTERM/SIGINT)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <sippush/sippush.h>

typedef struct
{
  GMainLoop *loop;
  SipPushReceiver *receiver;
  gboolean stopping;
  guint64 accepted;
  int exit_code;
} Lib;

static void
on_push (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer data)
{
  Lib *lib = data;
  gsize size;
  g_bytes_get_data (sippush_delivery_get_body (delivery), &size);
  if (sippush_delivery_accept (delivery, NULL))
    lib->accepted++;
}

static void
started_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Lib *lib = data;
  g_autoptr (GError) error = NULL;
  if (!sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), result, &error))
    {
      fprintf (stderr, "lib-responder: %s\n", error->message);
      lib->exit_code = 1;
      g_main_loop_quit (lib->loop);
      return;
    }
  printf ("ready\n");
  fflush (stdout);
}

static void
stopped_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Lib *lib = data;
  sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), result, NULL);
  g_main_loop_quit (lib->loop);
}

static gboolean
on_signal (gpointer data)
{
  Lib *lib = data;
  if (!lib->stopping)
    {
      lib->stopping = TRUE;
      sippush_receiver_stop_async (lib->receiver, NULL, stopped_cb, lib);
    }
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s sip:127.0.0.1:PORT\n", argv[0]);
      return 2;
    }

  g_autoptr (GError) error = NULL;
  Lib lib = { 0 };
  lib.receiver = sippush_receiver_new ("sip:bench@127.0.0.1", &error);
  if (lib.receiver == NULL
      || !sippush_receiver_add_app (lib.receiver, "mms.ua", on_push, &lib, NULL, &error))
    {
      fprintf (stderr, "lib-responder: %s\n", error->message);
      g_clear_object (&lib.receiver);
      return 1;
    }
  g_object_set (lib.receiver, "bind-uri", argv[1], NULL);

  lib.loop = g_main_loop_new (NULL, FALSE);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, &lib);
  guint sigint = g_unix_signal_add (SIGINT, on_signal, &lib);
  sippush_receiver_start_async (lib.receiver, NULL, started_cb, &lib);
  g_main_loop_run (lib.loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_object_unref (lib.receiver);
  g_main_loop_unref (lib.loop);
  fprintf (stderr, "lib-responder: %" G_GUINT64_FORMAT " pushes accepted\n", lib.accepted);
  return lib.exit_code;
}
