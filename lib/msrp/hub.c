/* msrp/hub.c — MSRP listener (a GSocket watched in the receiver's context, so one loop and one
 * thread serve SIP and MSRP; TLS and plaintext on the same port, msrp/transport.c), connection
 * limit, session table, RFC 6135 connect-out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/hub.h"

#include <string.h>

#include "core/hex-id.h"
#include "msrp/connection.h"
#include "msrp/transport.h"
#include "msrp/uri.h"
#include "msrp/writer.h"

/* GLib's default is 10: a burst of connects waits for SYN retries (1 s, then 3 s); 128 still
 * made half of 1000 at once wait. Waiting connections cost the kernel, not us; it caps the
 * value at net.core.somaxconn. */
#define LISTEN_BACKLOG 1024
/* Connections taken per readable event, so that a connect flood shares the loop. */
#define ACCEPTS_PER_TURN 16
/* After an accept error other than "none waiting" (EMFILE, ENFILE, ENOBUFS…) the listener
 * stays readable: it is looked at again this much later rather than in a spin. */
#define ACCEPT_RETRY_MS 100

struct _SipPushMsrpHub
{
  GMainContext *context;
  SipPushMsrpHubLimits limits;
  /* The listener, watched in the receiver's one SipPushWatches source (a GSocketService
   * would add two sources, and every loop turn walks each source of the context). */
  SipPushWatches *own_watches; /* when not given one */
  GSocket *listener;
  SipPushWatch *accepting;
  SipPushWatch *accept_retry; /* a timer: after an accept error */
  gchar *host;
  gboolean wildcard;
  guint16 port;
  GHashTable *connections;   /* SipPushMsrpConnection* (ref) → its peer's IP address */
  guint connecting;          /* connect-outs under way: they count against the limit too */
  GHashTable *sessions;      /* session id → SipPushMsrpSession (ref) */
  GCancellable *cancellable; /* pending connect-outs */
  SipPushMsrpTls *tls;       /* NULL: no MSRP over TLS */
  GHashTable *handshakes;    /* SipPushMsrpHandshake* → its ConnectOut, or NULL (inbound) */
  GHashTable *secure;        /* session id → Secure: what its TLS peer must be (R-SEC-3) */
  SipPushMsrpRelay *relay;   /* our own relay, or NULL */
};

/* A TLS session's peer check, and the last stream that passed it. */
typedef struct
{
  SipPushMsrpPeerCheck *check;
  GIOStream *verified; /* ref */
} Secure;

static void
secure_free (Secure *s)
{
  sippush_msrp_peer_check_free (s->check);
  g_clear_object (&s->verified);
  g_free (s);
}

/* One RFC 6135 connect-out under way. */
typedef struct
{
  SipPushMsrpHub *hub;
  gchar *peer_uri;
  gchar *host_port;
  gboolean secure;             /* msrps: first hop: TLS, with the session's peer check */
  SipPushMsrpSession *session; /* ref */
} ConnectOut;

static void
connect_out_free (ConnectOut *c)
{
  g_free (c->peer_uri);
  g_free (c->host_port);
  sippush_msrp_session_unref (c->session);
  g_free (c);
}

/* R-SEC-3: whether @stream may carry the TLS session @id (any stream for a TCP/MSRP one). */
static gboolean
may_carry (SipPushMsrpHub *self, GIOStream *stream, const char *id)
{
  Secure *s = g_hash_table_lookup (self->secure, id);
  if (s == NULL || stream == s->verified)
    return TRUE;
  const char *why = NULL;
  if (self->tls == NULL || !sippush_msrp_tls_peer_ok (self->tls, stream, s->check, &why))
    {
      g_debug ("MSRP: TLS session %s refused: %s", id, why ? why : "MSRP over TLS not set up");
      return FALSE;
    }
  g_set_object (&s->verified, stream);
  return TRUE;
}

static gpointer
lookup_session (gpointer data, SipPushMsrpConnection *connection, SipPushSlice id)
{
  SipPushMsrpHub *self = data;
  /* Session ids are short (ours are 32 hex digits); anything long is simply unknown. */
  if (id.len == 0 || id.len > 128)
    return NULL;
  gchar key[129];
  memcpy (key, id.p, id.len);
  key[id.len] = '\0';
  gpointer session = g_hash_table_lookup (self->sessions, key);
  return session && may_carry (self, sippush_msrp_connection_get_stream (connection), key) ? session
                                                                                           : NULL;
}

static void
connection_closed (gpointer data, SipPushMsrpConnection *connection)
{
  SipPushMsrpHub *self = data;
  g_hash_table_remove (self->connections, connection);
}

static gboolean
under_limit (SipPushMsrpHub *self)
{
  return g_hash_table_size (self->connections) + self->connecting < self->limits.max_connections;
}

/* The peer's IP address ("" when unknown): eviction picks on the source holding most. */
static gchar *
source_of (GIOStream *stream)
{
  g_autoptr (GIOStream) base = NULL;
  if (G_IS_TLS_CONNECTION (stream))
    {
      g_object_get (stream, "base-io-stream", &base, NULL);
      stream = base;
    }
  g_autoptr (GSocketAddress) address
      = G_IS_SOCKET_CONNECTION (stream)
            ? g_socket_connection_get_remote_address (G_SOCKET_CONNECTION (stream), NULL)
            : NULL;
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("");
  return g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* @idle_timeout_s 0: never idle (the relay's connection). @accepted: a connection anybody
 * opened to our listener, bound only once it names a live session; ours are bound. */
static SipPushMsrpConnection *
adopt_with_idle (SipPushMsrpHub *self, GIOStream *stream, guint idle_timeout_s, gboolean accepted)
{
  SipPushMsrpConnectionLimits limits = { self->limits.max_header_block, idle_timeout_s,
                                         accepted ? self->limits.bind_timeout_s : 0 };
  SipPushMsrpConnection *connection
      = sippush_msrp_connection_new (stream, self->context, &limits, &sippush_msrp_session_ops,
                                     lookup_session, connection_closed, self);
  g_hash_table_insert (self->connections, connection, source_of (stream));
  return connection;
}

static SipPushMsrpConnection *
adopt (SipPushMsrpHub *self, GIOStream *stream, gboolean accepted)
{
  return adopt_with_idle (self, stream, self->limits.idle_timeout_s, accepted);
}

SipPushMsrpConnection *
sippush_msrp_hub_adopt (SipPushMsrpHub *self, GIOStream *stream)
{
  return adopt (self, stream, TRUE);
}

/* R-SEC-4: at the limit, an accepted connection that has named no live session gives its
 * place to a new one, so squatters cannot keep real senders out: the oldest of the source
 * holding the most such connections, so that one address reconnecting as fast as it is
 * evicted churns its own connections, not other senders' just opened. FALSE when every
 * connection is bound (then the new one is refused). */
static gboolean
evict_unbound (SipPushMsrpHub *self)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *worst = NULL;
  guint most = 0;
  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!sippush_msrp_connection_is_bound (key))
      {
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, value)) + 1;
        g_hash_table_insert (counts, value, GUINT_TO_POINTER (n));
        if (n > most)
          {
            most = n;
            worst = value;
          }
      }
  if (worst == NULL)
    return FALSE;
  SipPushMsrpConnection *oldest = NULL;
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!sippush_msrp_connection_is_bound (key) && strcmp (value, worst) == 0
        && (oldest == NULL
            || sippush_msrp_connection_get_opened (key)
                   < sippush_msrp_connection_get_opened (oldest)))
      oldest = key;
  g_debug ("MSRP: connection from %s evicted for a new one: %u connections open, %u from there "
           "without a session",
           worst, self->limits.max_connections, most);
  sippush_msrp_connection_close (oldest, "evicted: no SEND for a live session, connections full");
  return TRUE;
}

static void
accepted (gpointer data, SipPushMsrpHandshake *handshake, GIOStream *stream, const char *why)
{
  SipPushMsrpHub *self = data;
  g_hash_table_remove (self->handshakes, handshake);
  self->connecting--;
  if (stream == NULL)
    g_debug ("MSRP: accepted connection dropped: %s", why);
  else
    adopt (self, stream, TRUE);
}

static void
on_incoming (SipPushMsrpHub *self, GSocketConnection *stream)
{
  if (!under_limit (self) && !evict_unbound (self))
    {
      /* R-SEC-2: refused by closing; MSRP has no response before a request. */
      g_debug ("MSRP: connection refused, %u connections open", self->limits.max_connections);
      g_io_stream_close (G_IO_STREAM (stream), NULL, NULL);
      return;
    }
  if (self->tls)
    {
      /* TLS or not is told by the first byte; until then it counts as connecting. */
      self->connecting++;
      g_hash_table_insert (
          self->handshakes,
          sippush_msrp_tls_accept (self->tls, stream, self->context, accepted, self), NULL);
      return;
    }
  adopt (self, G_IO_STREAM (stream), TRUE);
}

static void
on_accept_retry (GIOCondition revents, gpointer data)
{
  SipPushMsrpHub *self = data;
  sippush_watch_set_events (self->accepting, G_IO_IN);
}

static void
on_listener_readable (GIOCondition revents, gpointer data)
{
  SipPushMsrpHub *self = data;
  for (guint i = 0; i < ACCEPTS_PER_TURN; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSocket) socket = g_socket_accept (self->listener, NULL, &error);
      if (socket == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return;
          g_warning ("MSRP: cannot accept a connection: %s; trying again in %d ms", error->message,
                     ACCEPT_RETRY_MS);
          sippush_watch_set_events (self->accepting, 0);
          sippush_watch_set_due (self->accept_retry,
                                 g_get_monotonic_time () + ACCEPT_RETRY_MS * 1000);
          return;
        }
      g_autoptr (GSocketConnection) stream = g_socket_connection_factory_create_connection (socket);
      on_incoming (self, stream);
    }
}

static GSocket *
listen_on (GSocketAddress *bind, GError **error)
{
  g_autoptr (GSocket) socket = g_socket_new (g_socket_address_get_family (bind),
                                             G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, bind, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

SipPushMsrpHub *
sippush_msrp_hub_new (GMainContext *context, SipPushWatches *watches, const char *host,
                      guint16 port, const SipPushMsrpHubLimits *limits, GError **error)
{
  g_autoptr (GInetAddress) address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "MSRP bind host %s is not an IP address", host);
      return NULL;
    }
  g_autoptr (GSocketAddress) bind = g_inet_socket_address_new (address, port);
  GSocket *listener = listen_on (bind, error);
  g_autoptr (GSocketAddress) effective
      = listener ? g_socket_get_local_address (listener, error) : NULL;
  if (effective == NULL)
    {
      g_clear_object (&listener);
      return NULL;
    }
  SipPushMsrpHub *self = g_new0 (SipPushMsrpHub, 1);
  self->context = g_main_context_ref (context);
  self->limits = *limits;
  self->listener = listener;
  self->host = g_inet_address_to_string (address);
  self->wildcard = g_inet_address_get_is_any (address);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->connections
      = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) sippush_msrp_connection_unref, g_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) sippush_msrp_session_unref);
  self->cancellable = g_cancellable_new ();
  self->handshakes = g_hash_table_new (NULL, NULL);
  self->secure
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) secure_free);
  if (watches == NULL)
    watches = self->own_watches = sippush_watches_new (context);
  self->accepting = sippush_watches_add_fd (watches, g_socket_get_fd (listener), G_IO_IN,
                                            on_listener_readable, self);
  self->accept_retry = sippush_watches_add_timer (watches, on_accept_retry, self);
  return self;
}

void
sippush_msrp_hub_free (SipPushMsrpHub *self)
{
  g_clear_pointer (&self->relay, sippush_msrp_relay_free);
  g_cancellable_cancel (self->cancellable);
  sippush_watch_free (self->accepting);
  sippush_watch_free (self->accept_retry);
  sippush_watches_free (self->own_watches);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  GHashTableIter iter;
  gpointer handshake, connect_out;
  g_hash_table_iter_init (&iter, self->handshakes);
  while (g_hash_table_iter_next (&iter, &handshake, &connect_out))
    {
      sippush_msrp_handshake_cancel (handshake);
      g_clear_pointer (&connect_out, connect_out_free);
    }
  g_hash_table_unref (self->handshakes);
  /* Closing removes each connection from the table. */
  GList *open = g_hash_table_get_keys (self->connections);
  for (GList *l = open; l; l = l->next)
    sippush_msrp_connection_ref (l->data);
  for (GList *l = open; l; l = l->next)
    {
      sippush_msrp_connection_close (l->data, "receiver stopped");
      sippush_msrp_connection_unref (l->data);
    }
  g_list_free (open);
  g_hash_table_unref (self->connections);
  g_hash_table_unref (self->sessions);
  g_hash_table_unref (self->secure);
  sippush_msrp_tls_free (self->tls);
  g_object_unref (self->cancellable);
  g_main_context_unref (self->context);
  g_free (self->host);
  g_free (self);
}

const char *
sippush_msrp_hub_get_host (SipPushMsrpHub *self)
{
  return self->host;
}

gboolean
sippush_msrp_hub_is_wildcard (SipPushMsrpHub *self)
{
  return self->wildcard;
}

guint16
sippush_msrp_hub_get_port (SipPushMsrpHub *self)
{
  return self->port;
}

/* Sessions changed: the routes connections cached may no longer be what a lookup says. */
static void
forget_routes (SipPushMsrpHub *self)
{
  GHashTableIter iter;
  gpointer connection;
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &connection, NULL))
    sippush_msrp_connection_forget_route (connection);
}

void
sippush_msrp_hub_add_session (SipPushMsrpHub *self, SipPushMsrpSession *session)
{
  forget_routes (self);
  g_hash_table_replace (self->sessions, g_strdup (sippush_msrp_session_get_id (session)),
                        sippush_msrp_session_ref (session));
}

void
sippush_msrp_hub_remove_session (SipPushMsrpHub *self, SipPushMsrpSession *session)
{
  const char *id = sippush_msrp_session_get_id (session);
  if (g_hash_table_lookup (self->sessions, id) == session)
    {
      forget_routes (self);
      g_hash_table_remove (self->secure, id);
      g_hash_table_remove (self->sessions, id);
    }
}

void
sippush_msrp_hub_set_tls (SipPushMsrpHub *self, GTlsCertificate *certificate,
                          GTlsDatabase *database, gboolean verify)
{
  g_return_if_fail (self->tls == NULL);
  self->tls = sippush_msrp_tls_new (certificate, database, verify);
}

gboolean
sippush_msrp_hub_has_tls (SipPushMsrpHub *self)
{
  return self->tls != NULL;
}

const char *
sippush_msrp_hub_get_fingerprint (SipPushMsrpHub *self)
{
  return self->tls ? sippush_msrp_tls_get_fingerprint (self->tls) : NULL;
}

void
sippush_msrp_hub_secure_session (SipPushMsrpHub *self, SipPushMsrpSession *session,
                                 const SipPushFingerprint *fingerprint, const char *peer_path)
{
  SipPushSlice path = { peer_path, strlen (peer_path) }, first;
  SipPushMsrpUri uri;
  Secure *s = g_new0 (Secure, 1);
  s->check = g_new0 (SipPushMsrpPeerCheck, 1);
  s->check->has_fingerprint = fingerprint != NULL;
  if (fingerprint)
    s->check->fingerprint = *fingerprint;
  if (sippush_msrp_path_first (path, &first)
      && sippush_msrp_uri_parse (first.p, first.len, &uri, NULL) == SIPPUSH_PARSE_OK)
    s->check->host_port = g_strndup (uri.host_port.p, uri.host_port.len);
  forget_routes (self);
  g_hash_table_replace (self->secure, g_strdup (sippush_msrp_session_get_id (session)), s);
}

/* ---- RFC 6135 active side ------------------------------------------------------------ */

static void
open_connection (ConnectOut *c, GIOStream *stream)
{
  c->hub->connecting--;
  SipPushMsrpConnection *connection = adopt (c->hub, stream, FALSE);
  /* The active end speaks first so the passive end can bind the connection (RFC 4975
   * §7.1.1): a bodiless SEND. */
  g_autoptr (GByteArray) send = g_byte_array_new ();
  sippush_msrp_write_bodiless_send (send, c->peer_uri,
                                    sippush_msrp_session_get_local_uri (c->session));
  sippush_msrp_connection_send (connection, (const char *) send->data, send->len);
  connect_out_free (c);
}

static void
connect_out_failed (ConnectOut *c, const char *why)
{
  g_debug ("MSRP: cannot connect to %s: %s", c->peer_uri, why);
  c->hub->connecting--;
  /* The file will never come: the host hears so now, not at BYE. */
  sippush_msrp_session_connect_failed (c->session, why);
  connect_out_free (c);
}

/* R-SEC-3: the peer we connected to over TLS is the one the offer names. */
static void
tls_connected (gpointer data, SipPushMsrpHandshake *handshake, GIOStream *stream, const char *why)
{
  ConnectOut *c = data;
  SipPushMsrpHub *self = c->hub;
  g_hash_table_remove (self->handshakes, handshake);
  const char *id = sippush_msrp_session_get_id (c->session);
  Secure *s = g_hash_table_lookup (self->secure, id);
  if (stream != NULL && s == NULL)
    why = "the session is gone";
  else if (stream != NULL && !sippush_msrp_tls_peer_ok (self->tls, stream, s->check, &why))
    g_debug ("MSRP: TLS session %s refused: %s", id, why);
  else if (stream != NULL)
    {
      g_set_object (&s->verified, stream);
      open_connection (c, stream);
      return;
    }
  if (stream != NULL)
    sippush_msrp_stream_close_now (stream);
  connect_out_failed (c, why);
}

static void
connected (GObject *source, GAsyncResult *result, gpointer data)
{
  ConnectOut *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) stream
      = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (stream == NULL)
    {
      /* Cancelled means the hub is gone: touch nothing of it. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        connect_out_failed (c, error->message);
      else
        connect_out_free (c);
      return;
    }
  if (c->secure && c->hub->tls)
    {
      /* Still connecting (it counts against the limit) until the handshake is done. */
      g_hash_table_insert (c->hub->handshakes,
                           sippush_msrp_tls_connect (c->hub->tls, stream, c->host_port,
                                                     c->hub->context, tls_connected, c),
                           c);
      return;
    }
  if (c->secure)
    connect_out_failed (c, "MSRP over TLS not set up");
  else
    open_connection (c, G_IO_STREAM (stream));
}

gboolean
sippush_msrp_hub_can_connect (SipPushMsrpHub *self)
{
  if (under_limit (self))
    return TRUE;
  /* An unbound connection would make room (evict_unbound). */
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!sippush_msrp_connection_is_bound (key))
      return TRUE;
  return FALSE;
}

gboolean
sippush_msrp_hub_connect (SipPushMsrpHub *self, const char *peer_path, SipPushMsrpSession *session)
{
  SipPushSlice path = { peer_path, strlen (peer_path) }, first;
  if (!sippush_msrp_path_first (path, &first))
    return FALSE;
  SipPushMsrpUri uri;
  if (sippush_msrp_uri_parse (first.p, first.len, &uri, NULL) != SIPPUSH_PARSE_OK)
    return FALSE;
  /* The connection goes to the first hop (the sender or its relay); the opening SEND is
   * addressed to every hop (R-MSRP-7). */
  SipPushSlice hops;
  sippush_msrp_path_whole (path, &hops);
  g_autofree gchar *peer_uri = g_strndup (hops.p, hops.len);
  g_autofree gchar *host_port = g_strndup (uri.host_port.p, uri.host_port.len);
  /* R-SEC-2: a peer's offers must not open more connections than the limit. */
  if (!under_limit (self) && !evict_unbound (self))
    {
      g_debug ("MSRP: no connect-out to %s, %u connections open or opening", peer_uri,
               self->limits.max_connections);
      return FALSE;
    }
  self->connecting++;
  ConnectOut *c = g_new0 (ConnectOut, 1);
  c->hub = self;
  c->peer_uri = g_steal_pointer (&peer_uri);
  c->session = sippush_msrp_session_ref (session);
  c->host_port = g_strdup (host_port);
  c->secure = uri.secure;
  g_main_context_push_thread_default (self->context);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_socket_client_set_timeout (client, 10);
  g_socket_client_connect_to_host_async (client, host_port, 0, self->cancellable, connected, c);
  g_main_context_pop_thread_default (self->context);
  return TRUE;
}

/* ---- our own relay (RFC 4976) ------------------------------------------------------- */

/* The relay's connection carries SENDs whenever a sender has one: it is never idle. */
static SipPushMsrpConnection *
adopt_relay (gpointer data, GSocketConnection *stream)
{
  return adopt_with_idle (data, G_IO_STREAM (stream), 0, FALSE);
}

gboolean
sippush_msrp_hub_use_relay (SipPushMsrpHub *self, const SipPushMsrpRelayConfig *config,
                            GError **error)
{
  SipPushMsrpRelayConfig c = *config;
  g_autofree gchar *id = sippush_random_hex_id (8);
  g_autofree gchar *own
      = g_strdup_printf (strchr (self->host, ':') ? "msrp://[%s]:%u/%s;tcp" : "msrp://%s:%u/%s;tcp",
                         self->host, self->port, id ? id : "relayauth");
  if (c.local_uri == NULL)
    c.local_uri = own;
  self->relay = sippush_msrp_relay_new (self->context, &c, adopt_relay, self, error);
  return self->relay != NULL;
}

gboolean
sippush_msrp_hub_has_relay (SipPushMsrpHub *self)
{
  return self->relay != NULL;
}

const char *
sippush_msrp_hub_get_relay_path (SipPushMsrpHub *self)
{
  return self->relay ? sippush_msrp_relay_get_use_path (self->relay) : NULL;
}
