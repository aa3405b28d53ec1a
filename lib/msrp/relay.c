/* msrp/relay.c — the connection to our own MSRP relay: AUTH, digest, Use-Path, refresh
 * (RFC 4976 §5, R-MSRP-7).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/relay.h"

#include <string.h>

#include "core/hex-id.h"
#include "msrp/relay-auth.h"
#include "msrp/uri.h"
#include "msrp/writer.h"

/* Without an Expires in the 200, the grant is taken to last this long (RFC 4976 §5 leaves
 * it to the relay; Kamailio's config gives one). */
#define DEFAULT_EXPIRES_S 600
/* Refreshed at three quarters of the grant, and never later than this before it ends. */
#define REFRESH_MARGIN_S 30
/* A lost or refused relay is tried again after this, doubling up to the maximum. */
#define RETRY_FIRST_S 2
#define RETRY_MAX_S 120

struct _SipPushMsrpRelay
{
  GMainContext *context;
  gchar *uri;       /* the AUTH's To-Path and the digest uri */
  gchar *host_port; /* where to connect */
  gchar *username, *password;
  gchar *local_uri;
  SipPushMsrpRelayAdoptFunc adopt;
  gpointer adopt_data;
  GCancellable *cancellable;
  SipPushMsrpConnection *connection; /* ref, while open */
  gchar *tid;                        /* the AUTH in flight */
  gboolean challenged;               /* this AUTH round answered a challenge already */
  gchar *use_path;
  GSource *timer; /* refresh, or reconnect */
  guint retry_s;
};

static void connect_relay (SipPushMsrpRelay *self);

static void
set_timer (SipPushMsrpRelay *self, guint seconds, GSourceFunc func)
{
  if (self->timer)
    {
      g_source_destroy (self->timer);
      g_source_unref (self->timer);
    }
  self->timer = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (self->timer, func, self, NULL);
  g_source_attach (self->timer, self->context);
}

static gboolean
on_retry (gpointer data)
{
  SipPushMsrpRelay *self = data;
  g_clear_pointer (&self->timer, g_source_unref);
  connect_relay (self);
  return G_SOURCE_REMOVE;
}

/* The relay cannot be used now: drop the connection and the grant, try again later. */
static void
give_up (SipPushMsrpRelay *self, const char *why)
{
  g_warning ("MSRP relay %s: %s; trying again in %u s", self->uri, why, self->retry_s);
  g_clear_pointer (&self->use_path, g_free);
  if (self->connection)
    {
      SipPushMsrpConnection *c = g_steal_pointer (&self->connection);
      sippush_msrp_connection_set_observer (c, NULL, NULL);
      sippush_msrp_connection_close (c, why);
      sippush_msrp_connection_unref (c);
    }
  set_timer (self, self->retry_s, on_retry);
  self->retry_s = MIN (self->retry_s * 2, RETRY_MAX_S);
}

static void
send_auth (SipPushMsrpRelay *self, const char *authorization)
{
  g_free (self->tid);
  self->tid = sippush_random_hex_id (8);
  if (self->tid == NULL)
    self->tid = g_strdup ("auth0000");
  g_autoptr (GByteArray) out = g_byte_array_new ();
  sippush_msrp_write_auth (out, self->tid, self->uri, self->local_uri, authorization);
  sippush_msrp_connection_send (self->connection, (const char *) out->data, out->len);
}

static gboolean
on_refresh (gpointer data)
{
  SipPushMsrpRelay *self = data;
  g_clear_pointer (&self->timer, g_source_unref);
  self->challenged = FALSE;
  send_auth (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
answer_challenge (SipPushMsrpRelay *self, const SipPushMsrpMessage *msg)
{
  g_auto (SipPushMsrpDigestChallenge) challenge = { 0 };
  g_autoptr (GError) error = NULL;
  if (self->username == NULL)
    {
      give_up (self, "AUTH challenged, and no username is set");
      return;
    }
  if (sippush_msrp_digest_challenge_parse (msg->www_authenticate.p, msg->www_authenticate.len,
                                           &challenge, &error)
      != SIPPUSH_PARSE_OK)
    {
      give_up (self, error->message);
      return;
    }
  /* A second challenge in one round refuses our credentials, unless the nonce went stale. */
  if (self->challenged && !challenge.stale)
    {
      give_up (self, "the relay refused the credentials");
      return;
    }
  self->challenged = TRUE;
  g_autofree gchar *cnonce = sippush_random_hex_id (8);
  g_autofree gchar *authorization = sippush_msrp_digest_authorization (
      &challenge, self->username, self->password, self->uri, cnonce ? cnonce : "0a4f113b");
  send_auth (self, authorization);
}

static void
take_grant (SipPushMsrpRelay *self, const SipPushMsrpMessage *msg)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *use_path = NULL;
  if (sippush_msrp_use_path_parse (msg->use_path.p, msg->use_path.len, &use_path, &error)
      != SIPPUSH_PARSE_OK)
    {
      give_up (self, error->message);
      return;
    }
  guint32 expires = DEFAULT_EXPIRES_S;
  if (msg->expires.p
      && sippush_msrp_expires_parse (msg->expires.p, msg->expires.len, &expires, &error)
             != SIPPUSH_PARSE_OK)
    {
      give_up (self, error->message);
      return;
    }
  if (g_strcmp0 (use_path, self->use_path) != 0)
    g_debug ("MSRP relay %s: Use-Path %s for %u s", self->uri, use_path, expires);
  g_free (self->use_path);
  self->use_path = g_steal_pointer (&use_path);
  self->retry_s = RETRY_FIRST_S;
  guint refresh
      = MAX (1, MIN (expires / 4 * 3,
                     expires > REFRESH_MARGIN_S * 2 ? expires - REFRESH_MARGIN_S : expires / 2));
  set_timer (self, refresh, on_refresh);
}

static void
on_response (gpointer data, SipPushMsrpConnection *connection, const SipPushMsrpMessage *msg)
{
  SipPushMsrpRelay *self = data;
  if (self->tid == NULL || msg->tid.len != strlen (self->tid)
      || memcmp (msg->tid.p, self->tid, msg->tid.len) != 0)
    return; /* a response to a REPORT we sent through the relay */
  g_clear_pointer (&self->tid, g_free);
  if (msg->status == 401)
    answer_challenge (self, msg);
  else if (msg->status == 200)
    take_grant (self, msg);
  else
    {
      g_autofree gchar *why = g_strdup_printf ("AUTH answered %u", msg->status);
      give_up (self, why);
    }
}

static void
on_closed (gpointer data, SipPushMsrpConnection *connection)
{
  SipPushMsrpRelay *self = data;
  /* Not through give_up(): the connection is closing already. */
  g_clear_pointer (&self->connection, sippush_msrp_connection_unref);
  g_clear_pointer (&self->tid, g_free);
  g_clear_pointer (&self->use_path, g_free);
  g_warning ("MSRP relay %s: connection lost; trying again in %u s", self->uri, self->retry_s);
  set_timer (self, self->retry_s, on_retry);
  self->retry_s = MIN (self->retry_s * 2, RETRY_MAX_S);
}

static const SipPushMsrpConnectionObserver observer = { on_response, on_closed };

static void
connected (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) stream
      = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* freed meanwhile */
  SipPushMsrpRelay *self = data;
  if (stream == NULL)
    {
      give_up (self, error->message);
      return;
    }
  self->connection = sippush_msrp_connection_ref (self->adopt (self->adopt_data, stream));
  sippush_msrp_connection_set_observer (self->connection, &observer, self);
  self->challenged = FALSE;
  send_auth (self, NULL);
}

static void
connect_relay (SipPushMsrpRelay *self)
{
  g_main_context_push_thread_default (self->context);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_socket_client_set_timeout (client, 10);
  g_socket_client_connect_to_host_async (client, self->host_port, 2855, self->cancellable,
                                         connected, self);
  g_main_context_pop_thread_default (self->context);
}

SipPushMsrpRelay *
sippush_msrp_relay_new (GMainContext *context, const SipPushMsrpRelayConfig *config,
                        SipPushMsrpRelayAdoptFunc adopt, gpointer adopt_data, GError **error)
{
  SipPushMsrpUri uri;
  g_autoptr (GError) local = NULL;
  if (sippush_msrp_uri_parse (config->uri, strlen (config->uri), &uri, &local) != SIPPUSH_PARSE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "MSRP relay %s: %s", config->uri,
                   local->message);
      return NULL;
    }
  if (uri.secure)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "MSRP relay %s: msrps: needs MSRP over TLS, which sippush does not do yet",
                   config->uri);
      return NULL;
    }
  SipPushMsrpRelay *self = g_new0 (SipPushMsrpRelay, 1);
  self->context = g_main_context_ref (context);
  /* RFC 4976 §5: the AUTH goes to the relay's URI, transport included. */
  self->uri = uri.transport.len ? g_strdup (config->uri) : g_strdup_printf ("%s;tcp", config->uri);
  self->host_port = g_strndup (uri.host_port.p, uri.host_port.len);
  self->username = g_strdup (config->username);
  self->password = g_strdup (config->password);
  self->local_uri = g_strdup (config->local_uri);
  self->adopt = adopt;
  self->adopt_data = adopt_data;
  self->cancellable = g_cancellable_new ();
  self->retry_s = RETRY_FIRST_S;
  connect_relay (self);
  return self;
}

void
sippush_msrp_relay_free (SipPushMsrpRelay *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->timer)
    {
      g_source_destroy (self->timer);
      g_source_unref (self->timer);
    }
  if (self->connection)
    {
      sippush_msrp_connection_set_observer (self->connection, NULL, NULL);
      sippush_msrp_connection_close (self->connection, "receiver stopped");
      sippush_msrp_connection_unref (self->connection);
    }
  g_object_unref (self->cancellable);
  g_main_context_unref (self->context);
  g_free (self->uri);
  g_free (self->host_port);
  g_free (self->username);
  g_free (self->password);
  g_free (self->local_uri);
  g_free (self->tid);
  g_free (self->use_path);
  g_free (self);
}

const char *
sippush_msrp_relay_get_use_path (SipPushMsrpRelay *self)
{
  return self->use_path;
}
