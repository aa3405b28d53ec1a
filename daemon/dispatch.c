/* dispatch.c — where a push goes: to its application's agent over D-Bus
 * (org.sippush.Application1.Deliver / DeliverFile), or into the spool.
 *
 * A MESSAGE or a file for an application whose agent is on the bus goes to the agent, and
 * the SIP 200 (the MSRP success REPORT) waits for its reply (R-MSG-1). A push for a
 * configured application without an agent is stored in the spool first and acknowledged
 * once stored. So is every push of an application whose spool is not empty, so that its
 * agent gets them in order, and every NOTIFY: sofia-sip has answered it 200 already, and
 * the library wants it stored inside the callback (R-NOT-1). The spool is handed to the
 * agent one push at a time, oldest first; each is removed after the agent's reply.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define G_LOG_DOMAIN "sippushd"
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <string.h>
#include <unistd.h>

#define APPLICATION_INTERFACE "org.sippush.Application1"
#define DEFAULT_REJECT_STATUS 480
#define MAX_REASON_LEN 128

/* One call to an agent: a live push (delivery) or a spooled one (entry). */
typedef struct
{
  Daemon *daemon;
  gchar *ari;
  guint generation;
  SipPushDelivery *delivery;
  SpoolEntry *entry;
} Call;

static void
call_free (Call *call)
{
  g_free (call->ari);
  g_clear_object (&call->delivery);
  spool_entry_free (call->entry);
  g_free (call);
}

/* ---- what the agent gets ---- */

static GVariant *
push_dict (SipPushDelivery *delivery)
{
  GVariantBuilder b;
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  const char *type = sippush_delivery_get_content_type (delivery);
  const char *ari = sippush_delivery_get_app_id (delivery);
  g_variant_builder_add (&b, "{sv}", "app-id", g_variant_new_string (ari ? ari : ""));
  g_variant_builder_add (
      &b, "{sv}", "method",
      g_variant_new_string (sippush_method_to_string (sippush_delivery_get_method (delivery))));
  /* What came from the wire may hold bytes that are not UTF-8, which a D-Bus string must be. */
  g_autofree gchar *sender = g_utf8_make_valid (sippush_delivery_get_sender (delivery), -1);
  g_autofree gchar *type_utf8 = g_utf8_make_valid (type ? type : "", -1);
  g_variant_builder_add (&b, "{sv}", "sender", g_variant_new_string (sender));
  g_variant_builder_add (&b, "{sv}", "content-type", g_variant_new_string (type_utf8));
  if (sippush_delivery_get_file (delivery))
    {
      const char *name = sippush_delivery_get_file_name (delivery);
      const char *sha1 = sippush_delivery_get_sha1 (delivery);
      /* The offered name may hold any byte but NUL: a D-Bus string must be UTF-8. */
      g_autofree gchar *utf8 = g_utf8_make_valid (name ? name : "", -1);
      g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string (utf8));
      g_variant_builder_add (&b, "{sv}", "size",
                             g_variant_new_uint64 (sippush_delivery_get_size (delivery)));
      g_variant_builder_add (&b, "{sv}", "sha1", g_variant_new_string (sha1 ? sha1 : ""));
    }
  g_variant_builder_add (&b, "{sv}", "spooled", g_variant_new_boolean (FALSE));
  return g_variant_builder_end (&b);
}

/* An agent's words go into a SIP reason phrase: printable, bounded, valid UTF-8. */
static gchar *
sanitize_reason (const char *text)
{
  while (*text == ' ')
    text++;
  if (*text == '\0')
    return NULL;
  g_autofree gchar *valid = g_utf8_make_valid (text, -1);
  GString *s = g_string_new (NULL);
  for (const char *p = valid; *p && s->len < MAX_REASON_LEN;)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_c (s, ' ');
      else if (s->len + (gsize) (next - p) <= MAX_REASON_LEN)
        g_string_append_len (s, p, next - p);
      else
        break;
      p = next;
    }
  return g_string_free (s, FALSE);
}

/* org.sippush.Application1.Error.Rejected's message: "STATUS [reason]", STATUS 300-699;
 * anything else is the reason of a 480. */
static guint
parse_rejection (const char *message, gchar **reason)
{
  guint status = 0;
  int i = 0;
  for (; i < 3 && g_ascii_isdigit (message[i]); i++)
    status = status * 10 + (guint) (message[i] - '0');
  if (i == 3 && (message[3] == '\0' || message[3] == ' ') && status >= 300 && status <= 699)
    {
      *reason = sanitize_reason (message + 3);
      return status;
    }
  *reason = sanitize_reason (message);
  return DEFAULT_REJECT_STATUS;
}

/* ---- the spool ---- */

/* Stores a live push in the spool, then acknowledges it (200 / success REPORT). */
static void
store_and_accept (Daemon *daemon, const char *ari, SipPushDelivery *delivery)
{
  g_autoptr (GPtrArray) waiting = spool_list (daemon->spool, ari);
  if (waiting->len >= SPOOL_MAX_ENTRIES)
    {
      g_warning ("spool: %u pushes wait for %s already: refusing", waiting->len, ari);
      sippush_delivery_reject (delivery, 480, "Application spool full", NULL);
      return;
    }
  g_autoptr (GVariant) push = g_variant_ref_sink (push_dict (delivery));
  GFile *file = sippush_delivery_get_file (delivery);
  g_autofree gchar *base = file ? g_file_get_basename (file) : NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path
      = spool_store (daemon->spool, ari, push, sippush_delivery_get_body (delivery), base, &error);
  if (path == NULL)
    {
      g_warning ("spool: %s", error->message);
      sippush_delivery_reject (delivery, 500, "Spool write failed", NULL);
      return;
    }
  g_message ("%s push for %s spooled as %s",
             sippush_method_to_string (sippush_delivery_get_method (delivery)), ari, path);
  sippush_delivery_accept (delivery, NULL);
}

/* ---- calls to agents ---- */

static void
call_done (Daemon *daemon)
{
  if (--daemon->in_flight == 0 && daemon->idle_changed)
    daemon->idle_changed (daemon->idle_data);
}

static void
finish_live (Call *call, GError *error)
{
  Daemon *daemon = call->daemon;
  SipPushDelivery *delivery = call->delivery;
  g_autoptr (GError) answer_error = NULL;
  if (error == NULL)
    {
      GFile *file = sippush_delivery_get_file (delivery);
      if (sippush_delivery_accept (delivery, &answer_error) && file)
        g_file_delete (file, NULL, NULL); /* the agent has it: ours was a copy to read */
    }
  else if (g_error_matches (error, SIPPUSHD_ERROR, SIPPUSHD_ERROR_REJECTED))
    {
      g_dbus_error_strip_remote_error (error);
      g_autofree gchar *reason = NULL;
      guint status = parse_rejection (error->message, &reason);
      sippush_delivery_reject (delivery, status, reason, &answer_error);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    sippush_delivery_reject (delivery, DEFAULT_REJECT_STATUS, "Application did not answer",
                             &answer_error);
  else
    {
      /* The agent left before answering: a configured application keeps the push. */
      AppEntry *app = apps_lookup (daemon, call->ari);
      gboolean gone = g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
                      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)
                      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY);
      g_message ("agent of %s failed: %s", call->ari, error->message);
      if (gone && app && app->configured)
        store_and_accept (daemon, call->ari, delivery);
      else
        sippush_delivery_reject (delivery, DEFAULT_REJECT_STATUS, "Application failed",
                                 &answer_error);
    }
  if (answer_error)
    g_message ("push for %s: %s", call->ari, answer_error->message);
}

static void
finish_spooled (Call *call, GError *error)
{
  Daemon *daemon = call->daemon;
  gboolean done = error == NULL;
  if (error && g_error_matches (error, SIPPUSHD_ERROR, SIPPUSHD_ERROR_REJECTED))
    {
      /* Acknowledged on the wire long ago: the agent's refusal is final. */
      g_dbus_error_strip_remote_error (error);
      g_message ("agent of %s refused spooled %s: %s", call->ari, call->entry->path,
                 error->message);
      done = TRUE;
    }
  else if (error)
    g_message ("agent of %s did not take %s: %s (kept)", call->ari, call->entry->path,
               error->message);
  if (done)
    spool_remove (daemon->spool, call->entry);

  AppEntry *app = apps_lookup (daemon, call->ari);
  if (app == NULL)
    return;
  app->draining = FALSE;
  /* Next one; after a failure only for a new agent (or the next push). */
  if (done || app->generation != call->generation)
    dispatch_drain (daemon, app);
}

/* Every call ends here, once: the answer to the push, then the bookkeeping. */
static void
finish_call (Call *call, GError *error)
{
  Daemon *daemon = call->daemon;
  /* Cancelled: stopping; the receiver answers live pushes 503, spooled ones stay. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (call->delivery)
        finish_live (call, error);
      else
        finish_spooled (call, error);
    }
  call_free (call);
  call_done (daemon);
}

static void
on_agent_reply (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_with_unix_fd_list_finish (
      G_DBUS_CONNECTION (source), NULL, result, &error);
  (void) reply; /* only its success matters */
  finish_call (data, error);
}

/* Calls Deliver (body) or DeliverFile (file, as a read-only descriptor) on @app's agent;
 * takes @call, and @push when it is floating. */
static void
call_agent (Daemon *daemon, AppEntry *app, Call *call, GVariant *push, GBytes *body,
            const char *file)
{
  g_autoptr (GVariant) owned_push = g_variant_ref_sink (push);
  (void) owned_push; /* held for the call; push is used below */
  g_autoptr (GUnixFDList) fds = NULL;
  GVariant *params;
  const char *method = "Deliver";
  call->daemon = daemon;
  call->ari = g_strdup (app->ari);
  call->generation = app->generation;
  if (file)
    {
      int fd = open (file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
      if (fd < 0)
        {
          g_autoptr (GError) error = g_error_new (G_IO_ERROR, g_io_error_from_errno (errno),
                                                  "%s: %s", file, g_strerror (errno));
          daemon->in_flight++;
          finish_call (call, error);
          return;
        }
      fds = g_unix_fd_list_new_from_array (&fd, 1); /* takes fd */
      params = g_variant_new ("(@a{sv}h)", push, 0);
      method = "DeliverFile";
    }
  else
    params = g_variant_new ("(@a{sv}@ay)", push,
                            g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, body, TRUE));
  g_debug ("%s to %s %s for %s", method, app->owner, app->path, app->ari);
  daemon->in_flight++;
  g_dbus_connection_call_with_unix_fd_list (
      daemon->bus, app->owner, app->path, APPLICATION_INTERFACE, method, params, NULL,
      G_DBUS_CALL_FLAGS_NO_AUTO_START, (gint) daemon->agent_timeout_ms, fds, daemon->cancellable,
      on_agent_reply, call);
}

/* ---- pushes from the receiver ---- */

void
dispatch_app_func (SipPushReceiver *receiver, SipPushDelivery *delivery, gpointer data)
{
  Daemon *daemon = data;
  const char *ari = sippush_delivery_get_app_id (delivery);
  AppEntry *app = apps_lookup (daemon, ari);
  if (app == NULL)
    {
      /* Routed to an application whose agent has left since (a file still streaming). */
      sippush_delivery_reject (delivery, DEFAULT_REJECT_STATUS, "Application gone", NULL);
      return;
    }
  if (sippush_delivery_get_method (delivery) == SIPPUSH_METHOD_NOTIFY)
    {
      /* R-NOT-1: answered 200 by the stack already; stored inside this callback. */
      store_and_accept (daemon, ari, delivery);
      dispatch_drain (daemon, app);
      return;
    }
  if (app->owner == NULL)
    {
      if (app->configured)
        store_and_accept (daemon, ari, delivery);
      else
        sippush_delivery_reject (delivery, DEFAULT_REJECT_STATUS, "Application gone", NULL);
      return;
    }
  g_autoptr (GPtrArray) waiting = spool_list (daemon->spool, ari);
  if (app->draining || waiting->len > 0)
    {
      /* Behind the spooled ones, in order. */
      store_and_accept (daemon, ari, delivery);
      dispatch_drain (daemon, app);
      return;
    }
  Call *call = g_new0 (Call, 1);
  call->delivery = g_object_ref (delivery);
  GFile *file = sippush_delivery_get_file (delivery);
  g_autofree gchar *path = file ? g_file_get_path (file) : NULL;
  call_agent (daemon, app, call, push_dict (delivery), sippush_delivery_get_body (delivery), path);
}

/* Files are streamed into the spool's files/ folder of their application: an agent on
 * the bus then reads them from a descriptor, or they wait there for it. */
void
dispatch_file_offer_func (SipPushReceiver *receiver, SipPushFileOffer *offer, gpointer data)
{
  Daemon *daemon = data;
  AppEntry *app = apps_lookup (daemon, sippush_file_offer_get_app_id (offer));
  if (app == NULL || (app->owner == NULL && !app->configured))
    {
      sippush_file_offer_refuse (offer);
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = spool_dup_file_dir (daemon->spool, app->ari, &error);
  if (dir == NULL)
    {
      g_warning ("spool: %s", error->message);
      sippush_file_offer_refuse (offer);
      return;
    }
  sippush_file_offer_accept (offer, dir);
}

void
dispatch_drain (Daemon *daemon, AppEntry *app)
{
  if (app->draining || app->owner == NULL || daemon->stopping)
    return;
  g_autoptr (GPtrArray) paths = spool_list (daemon->spool, app->ari);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr (GError) error = NULL;
      SpoolEntry *entry = spool_entry_read (paths->pdata[i], &error);
      if (entry == NULL)
        {
          g_warning ("spool: %s (skipped)", error->message);
          continue;
        }
      if (entry->file && !g_file_test (entry->file, G_FILE_TEST_IS_REGULAR))
        {
          g_warning ("spool: %s names %s, which is gone: removed", entry->path, entry->file);
          spool_remove (daemon->spool, entry);
          spool_entry_free (entry);
          continue;
        }
      app->draining = TRUE;
      Call *call = g_new0 (Call, 1);
      call->entry = entry;
      call_agent (daemon, app, call, entry->push, entry->body, entry->file);
      return;
    }
}
