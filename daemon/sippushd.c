/* sippushd — the push dispatch service: one sippush receiver on the network, its
 * pushes handed to application agents over D-Bus (README, "The push dispatch service").
 *
 * Start: configuration (config.c), the spool (spool.c), the configured applications
 * (apps.c), a private connection to the bus, the object (service.c), the receiver; once
 * it listens, the bus name; once that is ours, READY=1. Stop (SIGINT/SIGTERM, the name
 * lost, the bus gone): STOPPING=1, the name released, agent calls cancelled, the receiver
 * stopped (it de-registers and answers waiting pushes 503), then exit.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define G_LOG_DOMAIN "sippushd"
#include <glib-unix.h>
#include <locale.h>

#include "config.h"
#include "daemon.h"
#include "notify.h"
#include "receiver-config.h"

#define BUS_NAME "org.sippush.Receiver1"
#define EXIT_FAILED 1

typedef struct
{
  Daemon daemon;
  GMainLoop *loop;
  guint owner_id;
  gboolean started;  /* the receiver runs (stop it to end) */
  gboolean starting; /* start_async has not finished */
  gboolean stopped;  /* nothing left running but agent calls */
  int exit_code;
} Service;

static void
maybe_quit (gpointer data)
{
  Service *s = data;
  if (s->stopped && s->daemon.in_flight == 0)
    g_main_loop_quit (s->loop);
}

static void
stopped_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Service *s = data;
  g_autoptr (GError) error = NULL;
  if (!sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), result, &error))
    {
      g_warning ("stop: %s", error->message);
      s->exit_code = EXIT_FAILED;
    }
  s->started = FALSE;
  s->stopped = TRUE;
  maybe_quit (s);
}

static void
begin_stop (Service *s)
{
  Daemon *daemon = &s->daemon;
  if (daemon->stopping)
    return;
  daemon->stopping = TRUE;
  notify_send ("STOPPING=1");
  g_message ("stopping");
  if (s->owner_id)
    g_bus_unown_name (s->owner_id);
  s->owner_id = 0;
  g_cancellable_cancel (daemon->cancellable);
  if (s->starting)
    return; /* started_cb stops it */
  if (s->started)
    sippush_receiver_stop_async (daemon->receiver, NULL, stopped_cb, s);
  else
    {
      s->stopped = TRUE;
      maybe_quit (s);
    }
}

static gboolean
on_unix_signal (gpointer data)
{
  begin_stop (data);
  return G_SOURCE_CONTINUE;
}

static void
on_bus_closed (GDBusConnection *bus, gboolean remote_peer_vanished, GError *error, gpointer data)
{
  g_warning ("the bus connection closed%s%s", error ? ": " : "", error ? error->message : "");
  ((Service *) data)->exit_code = EXIT_FAILED;
  begin_stop (data);
}

/* ---- start ---- */

static void
on_name_acquired (GDBusConnection *bus, const char *name, gpointer data)
{
  Service *s = data;
  g_autofree gchar *contact = sippush_receiver_dup_contact_uri (s->daemon.receiver);
  g_autofree gchar *state = g_strdup_printf ("READY=1\nSTATUS=Serving %s on %s", name, contact);
  g_message ("ready: %s on %s", name, contact);
  notify_send (state);
}

static void
on_name_lost (GDBusConnection *bus, const char *name, gpointer data)
{
  Service *s = data;
  g_warning ("the bus name %s is not (or no longer) ours", name);
  s->exit_code = EXIT_FAILED;
  begin_stop (s);
}

static void
started_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Service *s = data;
  Daemon *daemon = &s->daemon;
  g_autoptr (GError) error = NULL;
  s->starting = FALSE;
  if (!sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), result, &error))
    {
      g_printerr ("sippushd: %s\n", error->message);
      s->exit_code = EXIT_FAILED;
      daemon->stopping = FALSE;
      begin_stop (s);
      return;
    }
  s->started = TRUE;
  if (daemon->stopping)
    {
      sippush_receiver_stop_async (daemon->receiver, NULL, stopped_cb, s);
      return;
    }
  g_autofree gchar *contact = sippush_receiver_dup_contact_uri (daemon->receiver);
  service_set_contact (daemon, contact);
  s->owner_id
      = g_bus_own_name_on_connection (daemon->bus, BUS_NAME, G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                      on_name_acquired, on_name_lost, s, NULL);
}

/* The network side, as sippush-receiver sets it from the same flags. */
static gboolean
configure_receiver (Daemon *daemon, const DaemonOptions *options, GError **error)
{
  const Options *o = &options->net;
  daemon->receiver = receiver_config_new (o, error);
  if (daemon->receiver == NULL)
    return FALSE;
  /* The receiver's own answer (500) must come after the agent's timeout (480). */
  if (!sippush_receiver_set_delivery_timeout (
          daemon->receiver, (guint) MIN (options->agent_timeout + 5, 3600), error))
    return FALSE;
  /* --set last: it may change any of the above. */
  if (!options_apply_settings (o, G_OBJECT (daemon->receiver), error))
    return FALSE;
  for (gchar **t = o->trusted_senders; t && *t; t++)
    if (!sippush_receiver_add_trusted_sender (daemon->receiver, *t, error))
      return FALSE;
  daemon->accept_types = g_strdupv (o->accept_types);
  daemon->agent_timeout_ms = (guint) options->agent_timeout * 1000;
  return apps_add_configured (daemon, (const char *const *) o->apps, o->default_app, error);
}

/* A connection of our own (not the process-wide singleton), closed at exit. */
static GDBusConnection *
connect_bus (gboolean session, GError **error)
{
  g_autofree gchar *address = g_dbus_address_get_for_bus_sync (
      session ? G_BUS_TYPE_SESSION : G_BUS_TYPE_SYSTEM, NULL, error);
  if (address == NULL)
    return NULL;
  return g_dbus_connection_new_for_address_sync (
      address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
          | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, error);
}

static gboolean
setup (Service *s, const DaemonOptions *options, GError **error)
{
  Daemon *daemon = &s->daemon;
  apps_init (daemon);
  daemon->cancellable = g_cancellable_new ();
  daemon->idle_changed = maybe_quit;
  daemon->idle_data = s;
  if (!configure_receiver (daemon, options, error))
    return FALSE;
  daemon->spool = spool_new (options->spool, error);
  if (daemon->spool == NULL)
    return FALSE;
  daemon->bus = connect_bus (options->session, error);
  if (daemon->bus == NULL)
    return FALSE;
  g_dbus_connection_set_exit_on_close (daemon->bus, FALSE);
  g_signal_connect (daemon->bus, "closed", G_CALLBACK (on_bus_closed), s);
  return service_export (daemon, error);
}

static void
teardown (Service *s)
{
  Daemon *daemon = &s->daemon;
  if (s->owner_id)
    g_bus_unown_name (s->owner_id);
  service_unexport (daemon);
  apps_clear (daemon);
  if (daemon->bus)
    {
      g_signal_handlers_disconnect_by_data (daemon->bus, s);
      g_dbus_connection_close_sync (daemon->bus, NULL, NULL);
    }
  g_clear_object (&daemon->bus);
  g_clear_object (&daemon->receiver);
  g_clear_object (&daemon->cancellable);
  spool_free (daemon->spool);
  g_strfreev (daemon->accept_types);
}

/* GIO's TLS and resolver work in pool threads. Exiting while one of them is still ending
 * races glib-networking's own teardown (GLib aborts in pthread_setspecific, seen about
 * once in a hundred quick failed starts): ask the idle ones to end, and give them a
 * moment to. */
static void
wait_for_pool_threads (void)
{
  for (int i = 0; i < 50 && g_thread_pool_get_num_unused_threads () > 0; i++)
    {
      g_thread_pool_stop_unused_threads ();
      g_usleep (10 * 1000);
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_set_prgname ("sippushd");
  g_log_writer_default_set_use_stderr (TRUE);
  receiver_config_tune_malloc ();

  /* As the CLI: pool threads end soon after their job instead of idling 15 s. */
  g_thread_pool_set_max_idle_time (200);
  g_thread_pool_set_max_unused_threads (0);

  DaemonOptions options;
  if (!daemon_options_parse (&options, argc, argv))
    {
      daemon_options_clear (&options);
      return EXIT_USAGE;
    }
  if (options.net.version)
    {
      options_print_version ();
      daemon_options_clear (&options);
      return 0;
    }
  if (options.net.verbose)
    options_enable_verbose_logs ();
  Service s = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean ok = setup (&s, &options, &error);
  daemon_options_clear (&options);
  if (!ok)
    {
      g_printerr ("sippushd: %s\n", error->message);
      teardown (&s);
      wait_for_pool_threads ();
      return EXIT_FAILED;
    }

  s.loop = g_main_loop_new (NULL, FALSE);
  guint sigint = g_unix_signal_add (SIGINT, on_unix_signal, &s);
  guint sigterm = g_unix_signal_add (SIGTERM, on_unix_signal, &s);
  s.starting = TRUE;
  sippush_receiver_start_async (s.daemon.receiver, NULL, started_cb, &s);
  g_main_loop_run (s.loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  teardown (&s);
  g_main_loop_unref (s.loop);
  g_message ("stopped");
  wait_for_pool_threads ();
  return s.exit_code;
}
