/* cli-receiver.c — the receiver as the CLI drives it: configuration, lifecycle, and the
 * applications' callbacks that store pushes and files in the inbox. The other signals are
 * in receiver-signals.c. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli-receiver.h"

#include "receiver-config.h"

#include <sippush/sippush.h>
#include <string.h>

#include "event.h"
#include "inbox.h"
#include "json-format.h"
#include "receiver-signals.h"
#include "text-format.h"

#define CLI_MAX_PENDING 2048

struct _CliReceiver
{
  SipPushReceiver *receiver;
  Inbox *inbox;
  gchar *default_folder; /* folder for pushes that named no ARI */
  GMainLoop *loop;
  const EventFormatter *formatter;
  guint exit_after;
  guint delivered;
  guint storing; /* pushes on their way to the disk */
  gboolean stopping;
  guint stop_timer; /* bounds the wait for the stack's shutdown (the de-REGISTER) */
  gboolean stopped; /* the receiver has stopped: quit once nothing is storing */
  int exit_code;
};

/* How long a stop may wait for the registrar to answer the de-REGISTER. */
#define STOP_WAIT_SECONDS 5

/* ---- lifecycle ---- */

static void
stopped_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CliReceiver *cli = data;
  g_autoptr (GError) error = NULL;
  g_clear_handle_id (&cli->stop_timer, g_source_remove);
  if (!sippush_receiver_stop_finish (SIPPUSH_RECEIVER (source), result, &error))
    {
      g_printerr ("sippush-receiver: stop: %s\n", error->message);
      cli->exit_code = 1;
    }
  cli->stopped = TRUE;
  if (cli->storing == 0)
    g_main_loop_quit (cli->loop);
}

/* A registrar that never answers the de-REGISTER would hold the exit for sofia's
 * transaction timeout (32 s): give up earlier. The process exits with the stack still
 * up, which sends nothing more. */
static gboolean
stop_expired (gpointer data)
{
  CliReceiver *cli = data;
  cli->stop_timer = 0;
  g_printerr ("sippush-receiver: not stopped within %d s (de-REGISTER unanswered?): exiting\n",
              STOP_WAIT_SECONDS);
  cli->exit_code = 1;
  g_main_loop_quit (cli->loop);
  return G_SOURCE_REMOVE;
}

void
cli_receiver_stop (CliReceiver *cli)
{
  if (cli->stopping)
    return;
  cli->stopping = TRUE;
  cli->stop_timer = g_timeout_add_seconds (STOP_WAIT_SECONDS, stop_expired, cli);
  sippush_receiver_stop_async (cli->receiver, NULL, stopped_cb, cli);
}

/* --exit-after: MESSAGE, NOTIFY and file deliveries count. */
static void
count_delivery (CliReceiver *cli)
{
  if (cli->exit_after && ++cli->delivered >= cli->exit_after)
    cli_receiver_stop (cli);
}

static void
started_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CliReceiver *cli = data;
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
  Event event;
  event_init (&event, "ready");
  event_add_string (&event, "sip", contact);
  event_add_string (&event, "msrp", msrp);
  /* Added when TLS is on; the fields above keep their meaning. */
  g_autofree gchar *sips = sippush_receiver_dup_tls_contact_uri (cli->receiver);
  if (sips)
    event_add_string (&event, "sips", sips);
  cli->formatter->print_event (&event);
}

void
cli_receiver_start (CliReceiver *cli, GMainLoop *loop)
{
  cli->loop = loop;
  sippush_receiver_start_async (cli->receiver, NULL, started_cb, cli);
}

/* ---- pushes and files: stored in the inbox ---- */

/* The folder of an application: DIR/<ari> (or the default folder for the catch-all). */
static gchar *
app_folder (CliReceiver *cli, const char *app_id)
{
  return app_id ? inbox_folder_name (app_id) : g_strdup (cli->default_folder);
}

/* Files go straight into the application's inbox folder, under their sanitised names. */
static void
on_file_offer (SipPushReceiver *receiver, SipPushFileOffer *offer, gpointer data)
{
  CliReceiver *cli = data;
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
on_file (CliReceiver *cli, SipPushDelivery *delivery)
{
  /* The file is complete, verified and durable already: take it (the REPORT goes now). */
  sippush_delivery_accept (delivery, NULL);
  /* The path as the inbox names it (relative when --inbox is), like MESSAGE pushes. */
  g_autofree gchar *folder = app_folder (cli, sippush_delivery_get_app_id (delivery));
  g_autofree gchar *base = g_file_get_basename (sippush_delivery_get_file (delivery));
  g_autofree gchar *path = g_build_filename (inbox_get_dir (cli->inbox), folder, base, NULL);

  Event event;
  event_init (&event, "file");
  event_add_string (&event, "ari", sippush_delivery_get_ari (delivery));
  event_add_string (&event, "name", sippush_delivery_get_file_name (delivery));
  event_add_uint (&event, "size", sippush_delivery_get_size (delivery));
  event_add_string (&event, "sha1", sippush_delivery_get_sha1 (delivery));
  /* null, not false, when the offer announced no hash: a mismatch is never delivered. */
  if (sippush_delivery_get_hash_verified (delivery))
    event_add_bool (&event, "hash_ok", TRUE);
  else
    event_add_null (&event, "hash_ok");
  event_add_string (&event, "path", path);
  /* R-INV-8: the RFC 5547 metadata, each null when the offer had none. The icon is not
   * stored: the inbox holds pushed content only. */
  SipPushFileOffer *offer = sippush_delivery_get_file_offer (delivery);
  GDateTime *created = offer ? sippush_file_offer_get_creation_date (offer) : NULL;
  g_autofree gchar *created_text = created ? g_date_time_format_iso8601 (created) : NULL;
  GBytes *icon_bytes = offer ? sippush_file_offer_get_icon (offer) : NULL;
  Event icon;
  event_init (&icon, "icon");
  if (icon_bytes)
    {
      event_add_string (&icon, "type", sippush_file_offer_get_icon_type (offer));
      event_add_uint (&icon, "size", g_bytes_get_size (icon_bytes));
    }
  event_add_string (&event, "description",
                    offer ? sippush_file_offer_get_description (offer) : NULL);
  event_add_string (&event, "disposition",
                    offer ? sippush_file_offer_get_disposition (offer) : NULL);
  event_add_string (&event, "created", created_text);
  event_add_object (&event, "icon", icon_bytes ? &icon : NULL);
  cli->formatter->print_event (&event);
  count_delivery (cli);
}

static void
print_push (CliReceiver *cli, SipPushDelivery *delivery, gsize size, const char *path)
{
  Event event;
  event_init (&event, "push");
  event_add_string (&event, "method",
                    sippush_method_to_string (sippush_delivery_get_method (delivery)));
  event_add_string (&event, "ari", sippush_delivery_get_ari (delivery));
  event_add_string (&event, "content_type", sippush_delivery_get_content_type (delivery));
  event_add_uint (&event, "size", size);
  event_add_string (&event, "sender", sippush_delivery_get_sender (delivery));
  event_add_string (&event, "path", path);
  cli->formatter->print_event (&event);
  count_delivery (cli);
}

typedef struct
{
  CliReceiver *cli;
  SipPushDelivery *delivery;
} Storing;

/* A MESSAGE's body is durable (or failed): only now the 200 (R-MSG-1). */
static void
stored_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Storing *storing = data;
  CliReceiver *cli = storing->cli;
  g_autoptr (SipPushDelivery) delivery = storing->delivery;
  g_free (storing);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = inbox_store_finish (cli->inbox, result, &error);
  if (path == NULL)
    {
      g_printerr ("sippush-receiver: %s\n", error->message);
      sippush_delivery_reject (delivery, 500, "Inbox write failed", NULL);
    }
  else
    {
      g_autoptr (GError) late = NULL;
      if (!sippush_delivery_accept (delivery, &late)) /* timed out or stopping meanwhile */
        g_printerr ("sippush-receiver: %s stored, but: %s\n", path, late->message);
      print_push (cli, delivery, g_bytes_get_size (sippush_delivery_get_body (delivery)), path);
    }
  if (--cli->storing == 0 && cli->stopped)
    g_main_loop_quit (cli->loop);
}

static void
on_push (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer data)
{
  CliReceiver *cli = data;
  if (sippush_delivery_get_method (delivery) == SIPPUSH_METHOD_MSRP)
    {
      on_file (cli, delivery);
      return;
    }
  g_autofree gchar *folder = app_folder (cli, sippush_delivery_get_app_id (delivery));
  GBytes *body = sippush_delivery_get_body (delivery);

  if (sippush_delivery_get_method (delivery) == SIPPUSH_METHOD_MESSAGE)
    {
      /* Durable before the 200 (R-MSG-1), without holding up the loop: the pushes that
       * arrive while a batch is flushed are flushed together next. */
      Storing *storing = g_new (Storing, 1);
      storing->cli = cli;
      storing->delivery = g_object_ref (delivery);
      cli->storing++;
      inbox_store_async (cli->inbox, folder, body, stored_cb, storing);
      return;
    }

  /* NOTIFY: answered 200 by the stack already; stored before the callback returns. */
  gsize size = 0;
  const void *data_bytes = g_bytes_get_data (body, &size);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = inbox_store (cli->inbox, folder, data_bytes, size, &error);
  if (path == NULL)
    {
      g_printerr ("sippush-receiver: %s\n", error->message);
      sippush_delivery_reject (delivery, 500, "Inbox write failed", NULL);
      return;
    }
  sippush_delivery_accept (delivery, NULL);
  print_push (cli, delivery, size, path);
}

/* ---- configuration ---- */

static gboolean
add_app (CliReceiver *cli, const char *app_id, const Options *options, GError **error)
{
  SipPushApp *app = sippush_receiver_add_app (cli->receiver, app_id, on_push, cli, NULL, error);
  if (app == NULL)
    return FALSE;
  sippush_app_set_accept_types (app, (const gchar *const *) options->accept_types);
  sippush_app_set_file_offer_func (app, on_file_offer, cli, NULL);
  return TRUE;
}

/* Adds the --app list; the default application is --default-app, else the first --app,
 * else a catch-all stored under "default". */
static gboolean
add_apps (CliReceiver *cli, const Options *options, GError **error)
{
  for (gchar **a = options->apps; a && *a; a++)
    if (!add_app (cli, *a, options, error))
      return FALSE;

  const char *def = options->default_app ? options->default_app
                    : options->apps      ? options->apps[0]
                                         : NULL;
  if (def == NULL)
    {
      cli->default_folder = g_strdup ("default");
      return add_app (cli, NULL, options, error);
    }
  g_autofree gchar *ari = sippush_ari_from_app_id (def, error);
  if (ari == NULL)
    return FALSE;
  g_auto (GStrv) served = sippush_receiver_dup_app_ids (cli->receiver);
  if (!g_strv_contains ((const gchar *const *) served, ari) && !add_app (cli, def, options, error))
    return FALSE;
  cli->default_folder = inbox_folder_name (ari);
  return sippush_receiver_set_default_app (cli->receiver,
                                           sippush_receiver_lookup_app (cli->receiver, def), error);
}

static gboolean
configure (CliReceiver *cli, const Options *options, GError **error)
{
  cli->receiver = receiver_config_new (options, error);
  if (cli->receiver == NULL)
    return FALSE;
  /* Each MESSAGE waits for its batch's flush before its 200: the pushes that arrive while
   * a slow flush runs (a busy disk can take a few hundred ms) wait with it, so the inbox
   * takes more than the library's default of waiting deliveries (about 0.4 s at 5000/s). */
  g_object_set (cli->receiver, "max-pending-deliveries", (guint) CLI_MAX_PENDING, NULL);
  /* --set last: it may change any of the above. */
  if (!options_apply_settings (options, G_OBJECT (cli->receiver), error))
    return FALSE;
  if (!add_apps (cli, options, error))
    return FALSE;
  cli->inbox = inbox_new (options->inbox, error);
  return cli->inbox != NULL;
}

CliReceiver *
cli_receiver_new (const Options *options, GError **error)
{
  CliReceiver *cli = g_new0 (CliReceiver, 1);
  cli->formatter = options->json ? &json_formatter : &text_formatter;
  cli->exit_after = (guint) options->exit_after;
  if (!configure (cli, options, error))
    {
      cli_receiver_free (cli);
      return NULL;
    }
  receiver_signals_connect (cli->receiver, cli->formatter);
  return cli;
}

int
cli_receiver_get_exit_code (CliReceiver *cli)
{
  return cli->exit_code;
}

void
cli_receiver_free (CliReceiver *cli)
{
  g_clear_handle_id (&cli->stop_timer, g_source_remove);
  g_clear_object (&cli->receiver);
  inbox_free (cli->inbox);
  g_free (cli->default_folder);
  g_free (cli);
}
