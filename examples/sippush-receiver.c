/* sippush-receiver — an example push receiver: stores every push in an inbox folder per
 * application and reports events on stdout. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sippush/sippush.h>

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "inbox.h"
#include "json-line.h"

#define EXIT_USAGE 2

typedef struct
{
  GMainLoop *loop;
  SipPushReceiver *receiver;
  Inbox *inbox;
  gchar *default_folder; /* folder for pushes that named no ARI */
  gboolean json;
  guint exit_after;
  guint delivered;
  gboolean stopping;
  gboolean progress_shown;
  int exit_code;
} Cli;

/* Options */
static gchar *opt_aor, *opt_bind = NULL, *opt_registrar, *opt_proxy, *opt_default_app;
static gchar **opt_apps, **opt_accept_types, **opt_trusted;
static gchar *opt_inbox, *opt_username, *opt_password, *opt_msrp_bind;
static gint64 opt_max_size = 0;
static gint opt_expires = 3600, opt_exit_after = 0;
static gboolean opt_json;
/* subscriptions and REFER */
static gboolean opt_subscribe;
static gchar *opt_subscribe_uri, *opt_refer;

static const GOptionEntry entries[] = {
  { "aor", 0, 0, G_OPTION_ARG_STRING, &opt_aor, "Address of record (required)", "URI" },
  { "bind", 0, 0, G_OPTION_ARG_STRING, &opt_bind,
    "Listen on URI, UDP and TCP (default sip:127.0.0.1:5070)", "URI" },
  { "registrar", 0, 0, G_OPTION_ARG_STRING, &opt_registrar,
    "REGISTER at URI (default: do not register)", "URI" },
  { "proxy", 0, 0, G_OPTION_ARG_STRING, &opt_proxy, "Outbound proxy", "URI" },
  { "app", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_apps,
    "Serve a push application: ARI, OMNA URN or numeric id (repeatable)", "ID" },
  { "default-app", 0, 0, G_OPTION_ARG_STRING, &opt_default_app,
    "Application for pushes naming none (default: the first --app)", "ID" },
  { "accept-type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_accept_types,
    "Content type the applications take (repeatable; default any)", "TYPE" },
  { "inbox", 0, 0, G_OPTION_ARG_FILENAME, &opt_inbox, "Store pushes under DIR (default ./inbox)",
    "DIR" },
  { "trusted-sender", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_trusted,
    "Accept pushes only from URI (repeatable; default anyone)", "URI" },
  { "username", 0, 0, G_OPTION_ARG_STRING, &opt_username, "Digest user name", "NAME" },
  { "password", 0, 0, G_OPTION_ARG_STRING, &opt_password, "Digest password", "SECRET" },
  { "expires", 0, 0, G_OPTION_ARG_INT, &opt_expires,
    "Registration expiry to ask for (default 3600)", "SECONDS" },
  { "msrp-bind", 0, 0, G_OPTION_ARG_STRING, &opt_msrp_bind,
    "Listen for MSRP on HOST:PORT (default: the --bind host, port 0 = ephemeral)", "HOST:PORT" },
  { "max-size", 0, 0, G_OPTION_ARG_INT64, &opt_max_size,
    "Largest MSRP file/message taken, advertised as a=max-size (0 = no limit)", "BYTES" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print events as JSON lines", NULL },
  { "exit-after", 0, 0, G_OPTION_ARG_INT, &opt_exit_after,
    "Exit 0 after N deliveries, MESSAGE and NOTIFY (0: run until SIGINT/SIGTERM)", "N" },
  { "subscribe", 0, 0, G_OPTION_ARG_NONE, &opt_subscribe,
    "SUBSCRIBE to push events (ua-profile) after registering, or at start without a registrar",
    NULL },
  { "subscribe-uri", 0, 0, G_OPTION_ARG_STRING, &opt_subscribe_uri,
    "Subscribe to URI (default: the AOR)", "URI" },
  { "refer", 0, 0, G_OPTION_ARG_STRING, &opt_refer,
    "accept or reject REFERs asking to subscribe (default accept)", "accept|reject" },
  G_OPTION_ENTRY_NULL,
};

static void
stopped_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Cli *cli = data;
  g_autoptr (GError) error = NULL;
  if (!sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), result, &error))
    {
      g_printerr ("sippush-receiver: stop: %s\n", error->message);
      cli->exit_code = 1;
    }
  g_main_loop_quit (cli->loop);
}

static void
begin_stop (Cli *cli)
{
  if (cli->stopping)
    return;
  cli->stopping = TRUE;
  sippush_receiver_stop_async (cli->receiver, NULL, stopped_cb, cli);
}

static gboolean
on_unix_signal (gpointer data)
{
  begin_stop (data);
  return G_SOURCE_CONTINUE;
}

/* The folder of an application: DIR/<ari> (or the default folder for the catch-all). */
static gchar *
app_folder (Cli *cli, const char *app_id)
{
  return app_id ? inbox_folder_name (app_id) : g_strdup (cli->default_folder);
}

/* Files go straight into the application's inbox folder, under their sanitised names. */
static void
on_file_offer (SipPushReceiver *receiver, SipPushFileOffer *offer, gpointer data)
{
  Cli *cli = data;
  g_autofree gchar *folder = app_folder (cli, sippush_file_offer_get_app_id (offer));
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = inbox_dup_folder (cli->inbox, folder, &error);
  if (dir == NULL)
    {
      g_printerr ("sippush-receiver: %s\n", error->message);
      return; /* refused: port 0 */
    }
  sippush_file_offer_accept (offer, dir);
}

static void
on_file (Cli *cli, SipPushDelivery *delivery)
{
  /* The file is complete, verified and durable already: take it (the REPORT goes now). */
  sippush_delivery_accept (delivery, NULL);
  /* The path as the inbox names it (relative when --inbox is), like MESSAGE pushes. */
  g_autofree gchar *folder = app_folder (cli, sippush_delivery_get_app_id (delivery));
  g_autofree gchar *base = g_file_get_basename (sippush_delivery_get_file (delivery));
  g_autofree gchar *path = g_build_filename (inbox_get_dir (cli->inbox), folder, base, NULL);
  const char *name = sippush_delivery_get_file_name (delivery);
  gboolean verified = sippush_delivery_get_hash_verified (delivery);
  if (cli->json)
    json_line_print ("event", 's', "file", "ari", 's', sippush_delivery_get_ari (delivery), "name",
                     's', name, "size", 'U', sippush_delivery_get_size (delivery), "sha1", 's',
                     sippush_delivery_get_sha1 (delivery), "hash_ok", 'T', verified, "path", 's',
                     path, NULL);
  else
    {
      if (cli->progress_shown)
        printf ("\n");
      cli->progress_shown = FALSE;
      printf ("file: %s, %" G_GUINT64_FORMAT " bytes, sha-1 %s%s → %s\n", name ? name : "(unnamed)",
              sippush_delivery_get_size (delivery), sippush_delivery_get_sha1 (delivery),
              verified ? " (verified)" : "", path);
    }
  fflush (stdout);
  if (cli->exit_after && ++cli->delivered >= cli->exit_after)
    begin_stop (cli);
}

static void
on_transfer_failed (SipPushReceiver *receiver, const char *app_id, const char *name,
                    const char *reason, gpointer data)
{
  Cli *cli = data;
  if (cli->json)
    json_line_print ("event", 's', "transfer_failed", "name", 's', name, "reason", 's', reason,
                     NULL);
  else
    {
      if (cli->progress_shown)
        printf ("\n");
      cli->progress_shown = FALSE;
      printf ("transfer failed: %s: %s\n", name ? name : "(unnamed)", reason);
    }
  fflush (stdout);
}

/* A progress bar per transfer, on a terminal only. */
static void
on_transfer_progress (SipPushReceiver *receiver, const char *app_id, const char *name,
                      guint64 received, guint64 total, gpointer data)
{
  Cli *cli = data;
  if (cli->json || !isatty (STDOUT_FILENO))
    return;
  if (total)
    {
      guint width = 30, done = (guint) (received * width / total);
      g_autofree gchar *bar = g_strnfill (done, '#');
      printf ("\r%-24.24s [%-30s] %3u%%", name ? name : "(unnamed)", bar,
              (guint) (received * 100 / total));
    }
  else
    printf ("\r%-24.24s %" G_GUINT64_FORMAT " bytes", name ? name : "(unnamed)", received);
  cli->progress_shown = TRUE;
  fflush (stdout);
}

static void
on_push (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer data)
{
  Cli *cli = data;
  if (sippush_delivery_get_method (delivery) == SIPPUSH_METHOD_MSRP)
    {
      on_file (cli, delivery);
      return;
    }
  g_autofree gchar *folder = app_folder (cli, sippush_delivery_get_app_id (delivery));
  gsize size = 0;
  const void *body = g_bytes_get_data (sippush_delivery_get_body (delivery), &size);
  g_autoptr (GError) error = NULL;

  /* Durable before the 200 (R-MSG-1): store, then accept. */
  g_autofree gchar *path = inbox_store (cli->inbox, folder, body, size, &error);
  if (path == NULL)
    {
      g_printerr ("sippush-receiver: %s\n", error->message);
      sippush_delivery_reject (delivery, 500, "Inbox write failed", NULL);
      return;
    }
  sippush_delivery_accept (delivery, NULL);

  const char *method = sippush_method_to_string (sippush_delivery_get_method (delivery));
  if (cli->json)
    json_line_print ("event", 's', "push", "method", 's', method, "ari", 's',
                     sippush_delivery_get_ari (delivery), "content_type", 's',
                     sippush_delivery_get_content_type (delivery), "size", 'u', (guint) size,
                     "sender", 's', sippush_delivery_get_sender (delivery), "path", 's', path,
                     NULL);
  else
    printf ("push: %s for %s from %s, %s, %zu bytes → %s\n", method,
            sippush_delivery_get_ari (delivery) ? sippush_delivery_get_ari (delivery) : "(no ARI)",
            sippush_delivery_get_sender (delivery),
            sippush_delivery_get_content_type (delivery)
                ? sippush_delivery_get_content_type (delivery)
                : "(no type)",
            size, path);
  fflush (stdout);

  if (cli->exit_after && ++cli->delivered >= cli->exit_after)
    begin_stop (cli);
}

static void
on_registered (SipPushReceiver *receiver, guint status, guint expires, gpointer data)
{
  Cli *cli = data;
  if (cli->json)
    json_line_print ("event", 's', "registered", "status", 'u', status, "expires", 'u', expires,
                     NULL);
  else
    printf ("registered: %u, expires in %u s\n", status, expires), fflush (stdout);
}

static void
on_registration_failed (SipPushReceiver *receiver, guint status, const char *reason, gpointer data)
{
  Cli *cli = data;
  if (cli->json)
    json_line_print ("event", 's', "registration_failed", "status", 'u', status, "reason", 's',
                     reason, NULL);
  else
    printf ("registration failed: %u %s\n", status, reason), fflush (stdout);
}

static void
on_push_rejected (SipPushReceiver *receiver, SipPushMethod method, guint status, const char *reason,
                  gpointer data)
{
  Cli *cli = data;
  if (cli->json)
    json_line_print ("event", 's', "rejected", "method", 's', sippush_method_to_string (method),
                     "status", 'u', status, "reason", 's', reason, NULL);
  else
    printf ("rejected: %s %u %s\n", sippush_method_to_string (method), status, reason),
        fflush (stdout);
}

/* ---- subscriptions and REFER ---- */

static void
on_subscribed (SipPushReceiver *receiver, const char *target, guint status, gpointer data)
{
  Cli *cli = data;
  if (cli->json)
    json_line_print ("event", 's', "subscribed", "status", 'u', status, NULL);
  else
    printf ("subscribed: %s, %u\n", target, status), fflush (stdout);
}

static void
on_subscription_failed (SipPushReceiver *receiver, const char *target, guint status,
                        const char *reason, gpointer data)
{
  Cli *cli = data;
  if (cli->json)
    json_line_print ("event", 's', "subscription_failed", "status", 'u', status, NULL);
  else
    printf ("subscription failed: %s, %u %s\n", target, status, reason), fflush (stdout);
}

static void
on_subscription_terminated (SipPushReceiver *receiver, const char *target, const char *reason,
                            gpointer data)
{
  Cli *cli = data;
  if (cli->json)
    json_line_print ("event", 's', "subscription_terminated", "reason", 's', reason, NULL);
  else
    printf ("subscription terminated: %s, reason %s\n", target, *reason ? reason : "(none)"),
        fflush (stdout);
}

static void
on_refer (SipPushReceiver *receiver, const char *target, gboolean accepted, gpointer data)
{
  Cli *cli = data;
  if (cli->json)
    json_line_print ("event", 's', "refer", "target", 's', target, "accepted", 'b', accepted, NULL);
  else
    printf ("refer: %s %s\n", target, accepted ? "accepted" : "declined"), fflush (stdout);
}

static void
started_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Cli *cli = data;
  g_autoptr (GError) error = NULL;
  if (!sippush_receiver_start_finish (SIPPUSH_RECEIVER (source), result, &error))
    {
      g_printerr ("sippush-receiver: %s\n", error->message);
      cli->exit_code = 1;
      g_main_loop_quit (cli->loop);
      return;
    }
  g_autofree gchar *contact = sippush_receiver_dup_contact_uri (cli->receiver);
  g_autofree gchar *msrp = sippush_receiver_dup_msrp_uri (cli->receiver);
  if (cli->json)
    json_line_print ("event", 's', "ready", "sip", 's', contact, "msrp", 's', msrp, NULL);
  else
    printf ("ready: listening on %s and %s\n", contact, msrp), fflush (stdout);
}

/* One application: the push callback, --accept-type (MESSAGE and MSRP alike) and files
 * into its inbox folder. */
static gboolean
add_app (Cli *cli, const char *app_id, GError **error)
{
  SipPushApp *app = sippush_receiver_add_app (cli->receiver, app_id, on_push, cli, NULL, error);
  if (app == NULL)
    return FALSE;
  sippush_app_set_accept_types (app, (const gchar *const *) opt_accept_types);
  sippush_app_set_file_offer_func (app, on_file_offer, cli, NULL);
  return TRUE;
}

/* Adds the --app list; the default application is --default-app, else the first --app,
 * else a catch-all stored under "default". */
static gboolean
add_apps (Cli *cli, GError **error)
{
  for (gchar **a = opt_apps; a && *a; a++)
    if (!add_app (cli, *a, error))
      return FALSE;

  const char *def = opt_default_app ? opt_default_app : opt_apps ? opt_apps[0] : NULL;
  if (def == NULL)
    {
      cli->default_folder = g_strdup ("default");
      return add_app (cli, NULL, error);
    }
  g_autofree gchar *ari = sippush_ari_from_app_id (def, error);
  if (ari == NULL)
    return FALSE;
  g_auto (GStrv) served = sippush_receiver_dup_app_ids (cli->receiver);
  if (!g_strv_contains ((const gchar *const *) served, ari) && !add_app (cli, def, error))
    return FALSE;
  cli->default_folder = inbox_folder_name (ari);
  return sippush_receiver_set_default_app (cli->receiver,
                                           sippush_receiver_lookup_app (cli->receiver, def), error);
}

static gboolean
configure (Cli *cli, GError **error)
{
  cli->receiver = sippush_receiver_new (opt_aor, error);
  if (cli->receiver == NULL)
    return FALSE;
  g_object_set (cli->receiver, "bind-uri", opt_bind ? opt_bind : "sip:127.0.0.1:5070", "registrar",
                opt_registrar, "proxy", opt_proxy, "username", opt_username, "password",
                opt_password, "expires", (guint) opt_expires, "max-file-size",
                (guint64) opt_max_size, "subscribe", opt_subscribe, "subscribe-uri",
                opt_subscribe_uri, "accept-refers",
                opt_refer == NULL || g_strcmp0 (opt_refer, "accept") == 0, NULL);
  /* Unset, the library listens for MSRP on the --bind host, on a free port. */
  g_object_set (cli->receiver, "msrp-bind", opt_msrp_bind, NULL);
  for (gchar **t = opt_trusted; t && *t; t++)
    if (!sippush_receiver_add_trusted_sender (cli->receiver, *t, error))
      return FALSE;
  if (!add_apps (cli, error))
    return FALSE;
  cli->inbox = inbox_new (opt_inbox ? opt_inbox : "inbox", error);
  return cli->inbox != NULL;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* stdout carries only events; every log line, sofia's included, goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  /* Every SIP TCP connection and every inbox write needs a descriptor: take all the
   * system allows, so that a crowd of connections does not starve the inbox first. */
  struct rlimit nofile;
  if (getrlimit (RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max)
    {
      nofile.rlim_cur = nofile.rlim_max;
      setrlimit (RLIMIT_NOFILE, &nofile);
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) options = g_option_context_new ("- receive OMA SIP pushes");
  g_option_context_add_main_entries (options, entries, NULL);
  g_option_context_set_description (
      options,
      "Each push is stored byte-exact as one file in DIR/<ari>/ before it is acknowledged.\n"
      "Example: sippush-receiver --aor sip:alice@example.org --registrar sip:127.0.0.1 \\\n"
      "           --app mms.ua --app x-wap-application:push.syncml --json");
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("sippush-receiver: %s\nTry --help.\n", error->message);
      return EXIT_USAGE;
    }
  if (opt_aor == NULL || argc > 1 || opt_expires <= 0 || opt_exit_after < 0 || opt_max_size < 0)
    {
      g_printerr ("sippush-receiver: %s\nTry --help.\n",
                  opt_aor == NULL ? "--aor is required"
                  : argc > 1      ? "unexpected argument"
                                  : "--expires must be > 0, --exit-after and --max-size >= 0");
      return EXIT_USAGE;
    }
  if (opt_refer && g_strcmp0 (opt_refer, "accept") != 0 && g_strcmp0 (opt_refer, "reject") != 0)
    {
      g_printerr ("sippush-receiver: --refer takes accept or reject\nTry --help.\n");
      return EXIT_USAGE;
    }

  Cli cli = { .json = opt_json, .exit_after = (guint) opt_exit_after };
  if (!configure (&cli, &error))
    {
      g_printerr ("sippush-receiver: %s\n", error->message);
      g_clear_object (&cli.receiver);
      inbox_free (cli.inbox);
      g_free (cli.default_folder);
      return EXIT_USAGE;
    }

  cli.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (cli.receiver, "registered", G_CALLBACK (on_registered), &cli);
  g_signal_connect (cli.receiver, "registration-failed", G_CALLBACK (on_registration_failed), &cli);
  g_signal_connect (cli.receiver, "push-rejected", G_CALLBACK (on_push_rejected), &cli);
  g_signal_connect (cli.receiver, "transfer-failed", G_CALLBACK (on_transfer_failed), &cli);
  g_signal_connect (cli.receiver, "transfer-progress", G_CALLBACK (on_transfer_progress), &cli);
  g_signal_connect (cli.receiver, "subscribed", G_CALLBACK (on_subscribed), &cli);
  g_signal_connect (cli.receiver, "subscription-failed", G_CALLBACK (on_subscription_failed), &cli);
  g_signal_connect (cli.receiver, "subscription-terminated",
                    G_CALLBACK (on_subscription_terminated), &cli);
  g_signal_connect (cli.receiver, "refer", G_CALLBACK (on_refer), &cli);
  guint sigint = g_unix_signal_add (SIGINT, on_unix_signal, &cli);
  guint sigterm = g_unix_signal_add (SIGTERM, on_unix_signal, &cli);

  sippush_receiver_start_async (cli.receiver, NULL, started_cb, &cli);
  g_main_loop_run (cli.loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_object_unref (cli.receiver);
  g_main_loop_unref (cli.loop);
  inbox_free (cli.inbox);
  g_free (cli.default_folder);
  return cli.exit_code;
}
