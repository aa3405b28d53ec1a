/* sip/governor.h — governance of sofia-sip's SIP stream connections (R-SEC-4).
 *
 * sofia-sip 1.12.11 has no cap on connections, never closes an accepted connection that
 * sent nothing, restarts its message timer on every trickled byte and buffers begun
 * messages without a total bound. The governor works around its transport, on the
 * sockets themselves: it finds the listening sockets sofia opened and every connection
 * on their ports, reads the kernel's per-connection counters (TCP_INFO), and closes a
 * connection by shutting its socket down, which sofia sees as the peer's close and cleans
 * up itself. Accepting is paused by swapping sofia's listening descriptor for a socket
 * that never becomes readable (and back), so a full descriptor table or the connection
 * cap never makes sofia's accept loop spin. Policy: core/conn-policy.c.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/socket.h>

#include "core/watches.h"

typedef struct _SipPushSipGovernor SipPushSipGovernor;

typedef struct
{
  guint max_connections;
  guint max_per_source;
  guint idle_timeout_s;
  guint message_timeout_s;
  guint64 max_buffered;       /* per connection: a begun message */
  guint64 max_buffered_total; /* all connections */
} SipPushSipGovernorLimits;

/* Made before sofia opens its listeners: notes the listening sockets that are someone
 * else's. @limits is copied. */
SipPushSipGovernor *sippush_sip_governor_new (SipPushWatches *watches,
                                              const SipPushSipGovernorLimits *limits);

/* After nua_create(): takes the stream listeners that appeared since _new() as sofia's
 * and starts watching them. FALSE (with a debug line) when there are none to govern. */
gboolean sippush_sip_governor_start (SipPushSipGovernor *governor);

/* sofia handed up a complete message that came from @peer (any transport; only stream
 * connections on a governed port are affected): the connection has no begun message. */
void sippush_sip_governor_message_done (SipPushSipGovernor *governor, const struct sockaddr *peer,
                                        socklen_t peer_len);

/* Stops governing and gives sofia its listening descriptors back. Must run before
 * nua_destroy() closes them. */
void sippush_sip_governor_free (SipPushSipGovernor *governor);
