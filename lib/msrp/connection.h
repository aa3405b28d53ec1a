/* msrp/connection.h — one MSRP TCP connection: reads into a fixed buffer, parses, routes each
 * SEND by its To-Path session id, answers. Several sessions may share it (R-MSRP-1).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "msrp/parser.h"
#include "msrp/session.h"

/* Finds the session a To-Path session id names (a borrowed pointer, or NULL → 481). */
typedef SipPushMsrpSession *(*SipPushMsrpLookupFunc) (gpointer data, SipPushSlice session_id);
/* The connection is gone; called once, from the close funnel. */
typedef void (*SipPushMsrpClosedFunc) (gpointer data, SipPushMsrpConnection *connection);

typedef struct
{
  gsize max_header_block; /* R-SEC-2 */
  guint idle_timeout_s;   /* closed when no valid SEND arrived for this long */
} SipPushMsrpConnectionLimits;

SipPushMsrpConnection *sippush_msrp_connection_new (GSocketConnection *stream,
                                                    GMainContext *context,
                                                    const SipPushMsrpConnectionLimits *limits,
                                                    SipPushMsrpLookupFunc lookup,
                                                    SipPushMsrpClosedFunc closed, gpointer data);
SipPushMsrpConnection *sippush_msrp_connection_ref (SipPushMsrpConnection *connection);
void sippush_msrp_connection_unref (SipPushMsrpConnection *connection);

/* Queues bytes for the peer; a peer that stops reading is cut off. */
void sippush_msrp_connection_send (SipPushMsrpConnection *connection, const char *data, gsize len);

/* The one way a connection ends: sessions carrying a message on it fail (R-MSRP-6). */
void sippush_msrp_connection_close (SipPushMsrpConnection *connection, const char *reason);
