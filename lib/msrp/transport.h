/* msrp/transport.h — MSRP over TLS (RFC 4975 §14, R-SEC-3): the receiver's credentials for
 * MSRP, the handshake of an accepted or connected-out TCP connection, and the check of a
 * TLS peer against what the offer of its session asked for.
 *
 * Inbound, TLS and plaintext share the one MSRP listener: when TLS is set up, the first
 * byte an accepted connection sends tells them apart (a TLS handshake record starts with
 * 0x16, an MSRP request with "M"), so an answer names the same port for TCP/MSRP and
 * TCP/TLS/MSRP lines. The peer's certificate is asked for but not checked at the
 * handshake: which session a connection serves, and so which fingerprint or name its
 * certificate must match, is known only at its first SEND (sippush_msrp_tls_peer_ok()).
 * Everything runs in the context given; callbacks come from it.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "sdp/fingerprint.h"

/* A connection that has not finished its TLS handshake (or, on the shared listener, sent
 * its first byte) this long after it was accepted or connected is dropped. */
#define SIPPUSH_MSRP_TLS_HANDSHAKE_TIMEOUT_S 10

typedef struct _SipPushMsrpTls SipPushMsrpTls;

/* @certificate (with its key) is what we present, @database what peers without a
 * fingerprint are verified against; @verify FALSE takes every peer (the receiver's
 * `tls-verify` setting, for tests only). Both are referenced. */
SipPushMsrpTls *sippush_msrp_tls_new (GTlsCertificate *certificate, GTlsDatabase *database,
                                      gboolean verify);
void sippush_msrp_tls_free (SipPushMsrpTls *tls);

/* Our a=fingerprint value (sha-256 of our certificate's DER). */
const char *sippush_msrp_tls_get_fingerprint (SipPushMsrpTls *tls);

/* What the offer of one TLS session asks of the peer that carries it. */
typedef struct
{
  gboolean has_fingerprint; /* the offer's a=fingerprint; else the CA and @host_port */
  SipPushFingerprint fingerprint;
  gchar *host_port; /* the first hop of the offer's a=path, the name its certificate holds */
} SipPushMsrpPeerCheck;

void sippush_msrp_peer_check_free (SipPushMsrpPeerCheck *check);

/* Whether @stream may carry a session that asked for @check: a TLS connection whose peer
 * certificate has the offer's fingerprint, or, without one, is valid for @host_port by the
 * trust anchors. With verification off, any TLS connection. FALSE sets *@why (static). */
gboolean sippush_msrp_tls_peer_ok (SipPushMsrpTls *tls, GIOStream *stream,
                                   const SipPushMsrpPeerCheck *check, const char **why);

/* The handshake of one connection. @stream is what to serve: the TLS connection, or the
 * TCP connection itself when an accepted peer spoke plaintext; NULL when the connection was
 * dropped (closed, timed out, handshake failed), with @why. Called once, unless cancelled;
 * @handshake is freed when it returns. */
typedef struct _SipPushMsrpHandshake SipPushMsrpHandshake;

typedef void (*SipPushMsrpHandshakeFunc) (gpointer data, SipPushMsrpHandshake *handshake,
                                          GIOStream *stream, const char *why);

/* Starts on an accepted connection: waits for its first byte, then shakes hands as the
 * server when it is TLS. */
SipPushMsrpHandshake *sippush_msrp_tls_accept (SipPushMsrpTls *tls, GSocketConnection *connection,
                                               GMainContext *context, SipPushMsrpHandshakeFunc done,
                                               gpointer data);
/* Starts as the client on a connection we opened to @host_port (RFC 6135 active side). */
SipPushMsrpHandshake *sippush_msrp_tls_connect (SipPushMsrpTls *tls, GSocketConnection *connection,
                                                const char *host_port, GMainContext *context,
                                                SipPushMsrpHandshakeFunc done, gpointer data);
/* Closes @stream without waiting: a TLS connection's TCP connection first, so no
 * close_notify is waited for (a peer that does not read would block the loop on it). */
void sippush_msrp_stream_close_now (GIOStream *stream);

/* Stops a handshake under way (the receiver stops): its callback is not called, and the
 * connection is closed. */
void sippush_msrp_handshake_cancel (SipPushMsrpHandshake *handshake);
