/* msrp/hub.h — the MSRP side of the receiver: the TCP listener, the connections, and the table
 * of live sessions that SENDs are routed to by session id (R-MSRP-1, R-SEC-2).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "core/watches.h"
#include "msrp/relay.h"
#include "msrp/session.h"
#include "sdp/fingerprint.h"

typedef struct _SipPushMsrpHub SipPushMsrpHub;

typedef struct
{
  guint max_connections;  /* beyond: a new connection is closed at once, unless one is unbound */
  gsize max_header_block; /* per request */
  guint idle_timeout_s;   /* a connection without a valid SEND for this long is closed */
  /* an accepted connection whose SENDs name no live session this long after it opened is
   * closed; at max_connections the oldest such one makes room for a new one (R-SEC-4) */
  guint bind_timeout_s;
} SipPushMsrpHubLimits;

/* Listens on @host:@port (port 0: ephemeral), its connections served in @context. The
 * listener is watched in @watches, or in watches of its own when NULL. */
SipPushMsrpHub *sippush_msrp_hub_new (GMainContext *context, SipPushWatches *watches,
                                      const char *host, guint16 port,
                                      const SipPushMsrpHubLimits *limits, GError **error);
/* Closes every connection (their messages fail) and the listener. */
void sippush_msrp_hub_free (SipPushMsrpHub *hub);

/* The address for a=path: the bound host, or @fallback when bound to a wildcard. */
const char *sippush_msrp_hub_get_host (SipPushMsrpHub *hub);
gboolean sippush_msrp_hub_is_wildcard (SipPushMsrpHub *hub);
guint16 sippush_msrp_hub_get_port (SipPushMsrpHub *hub);

/* Routes SENDs naming @session's id to it (the hub keeps a reference until removed). */
void sippush_msrp_hub_add_session (SipPushMsrpHub *hub, SipPushMsrpSession *session);
void sippush_msrp_hub_remove_session (SipPushMsrpHub *hub, SipPushMsrpSession *session);

/* Takes @stream as an accepted plain-TCP connection, as the listener does once it has
 * room (no limit checked, no TLS; the bind deadline applies): the fuzz target hands it one
 * end of a socket pair. The hub owns it. */
SipPushMsrpConnection *sippush_msrp_hub_adopt (SipPushMsrpHub *hub, GIOStream *stream);

/* MSRP over TLS (R-SEC-3; RFC 4975 §14) on the same listener: @certificate (with its key)
 * is presented, @database verifies peers without a fingerprint, @verify FALSE takes any
 * peer (tests only). Both referenced. Call once, before any session. */
void sippush_msrp_hub_set_tls (SipPushMsrpHub *hub, GTlsCertificate *certificate,
                               GTlsDatabase *database, gboolean verify);
/* Whether MSRP over TLS is set up. */
gboolean sippush_msrp_hub_has_tls (SipPushMsrpHub *hub);
/* Our a=fingerprint value, or NULL without TLS. */
const char *sippush_msrp_hub_get_fingerprint (SipPushMsrpHub *hub);
/* Marks @session (added already) as TCP/TLS/MSRP: its chunks are taken only over TLS from
 * a peer whose certificate has @fingerprint (the offer's a=fingerprint), or, when NULL, is
 * valid by the trust anchors for the host of @peer_path's first hop; a connect-out for it
 * goes over TLS and is checked the same way. */
void sippush_msrp_hub_secure_session (SipPushMsrpHub *hub, SipPushMsrpSession *session,
                                      const SipPushFingerprint *fingerprint, const char *peer_path);

/* Whether one more connection fits the limit (open ones, TLS handshakes and connect-outs
 * under way), or at the limit one that has named no live session can be evicted for it. */
gboolean sippush_msrp_hub_can_connect (SipPushMsrpHub *hub);
/* RFC 6135 active side: connects to @peer_path's first URI and opens @session with a
 * bodiless SEND from its a=path; a failed connect fails the session's transfer. FALSE (nothing
 * started) when @peer_path has no usable URI or the connection limit is reached (R-SEC-2). */
gboolean sippush_msrp_hub_connect (SipPushMsrpHub *hub, const char *peer_path,
                                   SipPushMsrpSession *session);

/* Behind our own relay (RFC 4976, R-MSRP-7): connects to it and keeps its grant; SENDs it
 * carries are routed like any other. @config's local_uri may be NULL (the hub's own URI is
 * used). FALSE with @error when the relay URI is unusable. */
gboolean sippush_msrp_hub_use_relay (SipPushMsrpHub *hub, const SipPushMsrpRelayConfig *config,
                                     GError **error);
/* Whether a relay is configured, and the Use-Path it granted (NULL while none). */
gboolean sippush_msrp_hub_has_relay (SipPushMsrpHub *hub);
const char *sippush_msrp_hub_get_relay_path (SipPushMsrpHub *hub);
