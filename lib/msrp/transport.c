/* msrp/transport.c — MSRP over TLS (RFC 4975 §14): credentials, handshakes, peer checks.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "msrp/transport.h"

#include <errno.h>
#include <sys/socket.h>

/* The first byte of a TLS record carrying a handshake (RFC 8446 §5.1). */
#define TLS_HANDSHAKE_RECORD 0x16

struct _SipPushMsrpTls
{
  GTlsCertificate *certificate;
  GTlsDatabase *database;
  gboolean verify;
  gchar *fingerprint;
};

SipPushMsrpTls *
sippush_msrp_tls_new (GTlsCertificate *certificate, GTlsDatabase *database, gboolean verify)
{
  SipPushMsrpTls *self = g_new0 (SipPushMsrpTls, 1);
  self->certificate = g_object_ref (certificate);
  self->database = database ? g_object_ref (database) : NULL;
  self->verify = verify;
  g_autoptr (GByteArray) der = NULL;
  g_object_get (certificate, "certificate", &der, NULL);
  SipPushFingerprint own;
  sippush_fingerprint_of_der (SIPPUSH_FINGERPRINT_SHA256, der ? der->data : NULL,
                              der ? der->len : 0, &own);
  self->fingerprint = sippush_fingerprint_format (&own);
  return self;
}

void
sippush_msrp_tls_free (SipPushMsrpTls *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->certificate);
  g_clear_object (&self->database);
  g_free (self->fingerprint);
  g_free (self);
}

const char *
sippush_msrp_tls_get_fingerprint (SipPushMsrpTls *self)
{
  return self->fingerprint;
}

void
sippush_msrp_peer_check_free (SipPushMsrpPeerCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->host_port);
  g_free (check);
}

gboolean
sippush_msrp_tls_peer_ok (SipPushMsrpTls *self, GIOStream *stream,
                          const SipPushMsrpPeerCheck *check, const char **why)
{
  if (!G_IS_TLS_CONNECTION (stream))
    {
      *why = "the offer asked for TLS, the connection is plaintext";
      return FALSE;
    }
  if (!self->verify)
    return TRUE; /* tls-verify off: documented as for tests only */
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (stream));
  if (peer == NULL)
    {
      *why = "the TLS peer sent no certificate";
      return FALSE;
    }
  if (check->has_fingerprint)
    {
      /* RFC 8122 §5: the hash of the certificate's DER, by the offer's hash function. */
      g_autoptr (GByteArray) der = NULL;
      g_object_get (peer, "certificate", &der, NULL);
      SipPushFingerprint got;
      sippush_fingerprint_of_der (check->fingerprint.hash, der ? der->data : NULL,
                                  der ? der->len : 0, &got);
      if (der == NULL || !sippush_fingerprint_equal (&got, &check->fingerprint))
        {
          *why = "the TLS peer's certificate does not match the offer's a=fingerprint";
          return FALSE;
        }
      return TRUE;
    }
  if (self->database == NULL || check->host_port == NULL)
    {
      *why = "no trust anchors to verify the TLS peer";
      return FALSE;
    }
  g_autoptr (GSocketConnectable) identity = g_network_address_parse (check->host_port, 0, NULL);
  const char *purpose = G_IS_TLS_CLIENT_CONNECTION (stream)
                            ? G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER
                            : G_TLS_DATABASE_PURPOSE_AUTHENTICATE_CLIENT;
  g_autoptr (GError) error = NULL;
  GTlsCertificateFlags errors = g_tls_database_verify_chain (
      self->database, peer, purpose, identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  if (error != NULL || errors != 0 || identity == NULL)
    {
      g_debug ("MSRP TLS peer %s: certificate flags 0x%x%s%s", check->host_port, errors,
               error ? ": " : "", error ? error->message : "");
      *why = "the TLS peer's certificate is not valid for its a=path host by the trust anchors";
      return FALSE;
    }
  return TRUE;
}

void
sippush_msrp_stream_close_now (GIOStream *stream)
{
  if (G_IS_TLS_CONNECTION (stream))
    {
      g_autoptr (GIOStream) base = NULL;
      g_object_get (stream, "base-io-stream", &base, NULL);
      g_io_stream_close (base, NULL, NULL);
    }
  g_io_stream_close (stream, NULL, NULL);
}

/* ---- handshakes -------------------------------------------------------------------- */

struct _SipPushMsrpHandshake
{
  SipPushMsrpTls *tls; /* borrowed: the hub frees it after cancelling its handshakes */
  GSocketConnection *plain;
  GIOStream *secure;
  gchar *host_port; /* client side: the server's name */
  GMainContext *context;
  GSource *readable; /* server side: waiting for the first byte */
  GSource *timer;
  GCancellable *cancellable;
  gboolean in_flight; /* a handshake is running: its callback frees */
  gboolean done;      /* reported or cancelled */
  SipPushMsrpHandshakeFunc func;
  gpointer data;
};

static void
destroy_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_source_unref (*source);
      *source = NULL;
    }
}

static void
handshake_free (SipPushMsrpHandshake *h)
{
  g_clear_object (&h->secure);
  g_object_unref (h->plain);
  g_free (h->host_port);
  g_object_unref (h->cancellable);
  g_main_context_unref (h->context);
  g_free (h);
}

/* Ends the attempt: reports @stream (or the reason) unless cancelled, frees it unless a
 * handshake is still running (whose callback then frees it). */
static void
finish (SipPushMsrpHandshake *h, GIOStream *stream, const char *why, gboolean report)
{
  h->done = TRUE;
  destroy_source (&h->readable);
  destroy_source (&h->timer);
  g_cancellable_cancel (h->cancellable);
  /* A running handshake may be using the socket in GIO's worker thread: its descriptor is
   * closed once the cancelled handshake has returned (handshaken()), never under it. */
  if (stream == NULL && !h->in_flight)
    g_io_stream_close (G_IO_STREAM (h->plain), NULL, NULL);
  if (report)
    h->func (h->data, h, stream, why);
  if (!h->in_flight)
    handshake_free (h);
}

void
sippush_msrp_handshake_cancel (SipPushMsrpHandshake *h)
{
  finish (h, NULL, NULL, FALSE);
}

static gboolean
timed_out (gpointer data)
{
  finish (data, NULL, "TLS handshake not finished in time", TRUE);
  return G_SOURCE_REMOVE;
}

static void
handshaken (GObject *source, GAsyncResult *result, gpointer data)
{
  SipPushMsrpHandshake *h = data;
  g_autoptr (GError) error = NULL;
  gboolean ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);
  h->in_flight = FALSE;
  if (h->done)
    {
      /* Dropped (timed out, or the hub stopped) while it ran. */
      g_io_stream_close (G_IO_STREAM (h->plain), NULL, NULL);
      handshake_free (h);
      return;
    }
  if (!ok)
    {
      g_debug ("MSRP TLS handshake failed: %s", error->message);
      finish (h, NULL, "TLS handshake failed", TRUE);
      return;
    }
  finish (h, h->secure, NULL, TRUE);
}

/* The peer is checked per session at its first SEND (or, connecting out, right after the
 * handshake), where the offer's fingerprint or name is known: GIO's own check is skipped. */
static gboolean
accept_for_now (GTlsConnection *connection, GTlsCertificate *peer, GTlsCertificateFlags errors,
                gpointer data)
{
  return TRUE;
}

static void
start_handshake (SipPushMsrpHandshake *h)
{
  g_signal_connect (h->secure, "accept-certificate", G_CALLBACK (accept_for_now), NULL);
  if (h->tls->database)
    g_tls_connection_set_database (G_TLS_CONNECTION (h->secure), h->tls->database);
  h->in_flight = TRUE;
  g_main_context_push_thread_default (h->context);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (h->secure), G_PRIORITY_DEFAULT,
                                    h->cancellable, handshaken, h);
  g_main_context_pop_thread_default (h->context);
}

static SipPushMsrpHandshake *
handshake_new (SipPushMsrpTls *tls, GSocketConnection *connection, GMainContext *context,
               SipPushMsrpHandshakeFunc func, gpointer data)
{
  SipPushMsrpHandshake *h = g_new0 (SipPushMsrpHandshake, 1);
  h->tls = tls;
  h->plain = g_object_ref (connection);
  h->context = g_main_context_ref (context);
  h->cancellable = g_cancellable_new ();
  h->func = func;
  h->data = data;
  /* R-SEC-2: a peer that never finishes (or never starts) its handshake is dropped. */
  h->timer = g_timeout_source_new_seconds (SIPPUSH_MSRP_TLS_HANDSHAKE_TIMEOUT_S);
  g_source_set_callback (h->timer, timed_out, h, NULL);
  g_source_attach (h->timer, context);
  return h;
}

static gboolean
first_byte (GSocket *socket, GIOCondition condition, gpointer data)
{
  SipPushMsrpHandshake *h = data;
  guint8 byte;
  /* A peek: the byte stays for the MSRP parser or the TLS handshake. */
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;
  g_autoptr (GError) error = NULL;
  g_source_unref (h->readable);
  h->readable = NULL;
  if (n <= 0)
    {
      finish (h, NULL, n == 0 ? "closed by the peer" : g_strerror (errno), TRUE);
      return G_SOURCE_REMOVE;
    }
  if (byte != TLS_HANDSHAKE_RECORD)
    {
      finish (h, G_IO_STREAM (h->plain), NULL, TRUE); /* plaintext TCP/MSRP */
      return G_SOURCE_REMOVE;
    }
  h->secure = g_tls_server_connection_new (G_IO_STREAM (h->plain), h->tls->certificate, &error);
  if (h->secure == NULL)
    {
      g_debug ("MSRP TLS: %s", error->message);
      finish (h, NULL, "no TLS backend", TRUE);
      return G_SOURCE_REMOVE;
    }
  /* Asked for, checked per session (a self-signed peer is identified by its fingerprint). */
  g_object_set (h->secure, "authentication-mode", G_TLS_AUTHENTICATION_REQUESTED, NULL);
  start_handshake (h);
  return G_SOURCE_REMOVE;
}

SipPushMsrpHandshake *
sippush_msrp_tls_accept (SipPushMsrpTls *tls, GSocketConnection *connection, GMainContext *context,
                         SipPushMsrpHandshakeFunc func, gpointer data)
{
  SipPushMsrpHandshake *h = handshake_new (tls, connection, context, func, data);
  GSocket *socket = g_socket_connection_get_socket (connection);
  h->readable = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (h->readable, G_SOURCE_FUNC (first_byte), h, NULL);
  g_source_attach (h->readable, context);
  return h;
}

SipPushMsrpHandshake *
sippush_msrp_tls_connect (SipPushMsrpTls *tls, GSocketConnection *connection, const char *host_port,
                          GMainContext *context, SipPushMsrpHandshakeFunc func, gpointer data)
{
  SipPushMsrpHandshake *h = handshake_new (tls, connection, context, func, data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnectable) identity = g_network_address_parse (host_port, 0, NULL);
  h->secure = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
  if (h->secure == NULL)
    {
      g_debug ("MSRP TLS: %s", error->message);
      /* Reported from the loop, never from inside the caller. */
      g_source_set_ready_time (h->timer, 0);
      return h;
    }
  /* Our certificate, for a peer that identifies us by it (RFC 4975 §14). */
  g_tls_connection_set_certificate (G_TLS_CONNECTION (h->secure), tls->certificate);
  start_handshake (h);
  return h;
}
