/* msrp/relay.h — the receiver's own MSRP relay (RFC 4976, R-MSRP-7): behind a NAT or a firewall
 * the receiver keeps one connection to its relay, AUTHs there (answering a digest challenge),
 * takes the Use-Path it grants and refreshes it before it expires; the relay then carries the
 * senders' SENDs to us over that connection, and our responses and REPORTs back.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "msrp/connection.h"

typedef struct _SipPushMsrpRelay SipPushMsrpRelay;

typedef struct
{
  const char *uri;      /* msrp://host[:port][;tcp] (msrps: is refused: no MSRP over TLS yet) */
  const char *username; /* digest credentials (the receiver's username/password), or NULL */
  const char *password;
  const char *local_uri; /* our own URI for the AUTH's From-Path */
} SipPushMsrpRelayConfig;

/* Makes a SipPushMsrpConnection of a stream to the relay that routes SENDs like any other
 * (the hub's); the relay observes it (connection.h). */
typedef SipPushMsrpConnection *(*SipPushMsrpRelayAdoptFunc) (gpointer data,
                                                             GSocketConnection *stream);

/* Checks @config (G_IO_ERROR_INVALID_ARGUMENT) and starts connecting in @context. */
SipPushMsrpRelay *sippush_msrp_relay_new (GMainContext *context,
                                          const SipPushMsrpRelayConfig *config,
                                          SipPushMsrpRelayAdoptFunc adopt, gpointer adopt_data,
                                          GError **error);
/* Stops: no reconnection; the connection is closed. */
void sippush_msrp_relay_free (SipPushMsrpRelay *relay);

/* The Use-Path the relay granted (its hops, for a=path before our own URI), or NULL while
 * there is none (not yet authenticated, or the connection was lost). */
const char *sippush_msrp_relay_get_use_path (SipPushMsrpRelay *relay);
