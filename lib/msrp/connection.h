/* msrp/connection.h — one MSRP TCP connection: reads into a fixed buffer, parses, routes each
 * SEND by its To-Path session id, answers. Several sessions may share it (R-MSRP-1).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "msrp/parser.h"

typedef struct _SipPushMsrpConnection SipPushMsrpConnection;

/* What a connection does with the sessions its SENDs are routed to. The sessions are
 * opaque here: the owner of the table (msrp/hub.c) passes msrp/session.c's ops, so this
 * file never includes session.h and session.c may include this header. */
typedef struct
{
  gpointer (*ref) (gpointer session);
  void (*unref) (gpointer session);
  /* A chunk of a SEND routed to @session: begin returns its status so far (200 or an MSRP
   * error code), end the final one (and the phrase) that the connection answers with. */
  guint (*chunk_begin) (gpointer session, SipPushMsrpConnection *connection,
                        const SipPushMsrpMessage *message);
  void (*chunk_data) (gpointer session, const guint8 *data, gsize len);
  guint (*chunk_end) (gpointer session, char flag, const char **phrase);
  /* Whether a chunk of @session is in flight on another connection (answered 403). */
  gboolean (*chunk_busy) (gpointer session, SipPushMsrpConnection *connection);
  /* @connection closed (R-MSRP-6). */
  void (*connection_lost) (gpointer session, SipPushMsrpConnection *connection);
} SipPushMsrpSessionOps;

/* Finds the session a To-Path session id names, for a SEND on @connection (a borrowed
 * pointer, or NULL → 481: no such session, or one @connection may not carry, R-SEC-3). */
typedef gpointer (*SipPushMsrpLookupFunc) (gpointer data, SipPushMsrpConnection *connection,
                                           SipPushSlice session_id);
/* The connection is gone; called once, from the close funnel. */
typedef void (*SipPushMsrpClosedFunc) (gpointer data, SipPushMsrpConnection *connection);

typedef struct
{
  gsize max_header_block; /* R-SEC-2 */
  guint idle_timeout_s;   /* closed when no valid SEND arrived for this long */
  /* R-SEC-4: closed when no SEND has named a live session this long after opening,
   * whatever else it carries; 0: bound from the start (a connection we opened). */
  guint bind_timeout_s;
} SipPushMsrpConnectionLimits;

SipPushMsrpConnection *sippush_msrp_connection_new (GIOStream *stream, GMainContext *context,
                                                    const SipPushMsrpConnectionLimits *limits,
                                                    const SipPushMsrpSessionOps *ops,
                                                    SipPushMsrpLookupFunc lookup,
                                                    SipPushMsrpClosedFunc closed, gpointer data);
SipPushMsrpConnection *sippush_msrp_connection_ref (SipPushMsrpConnection *connection);
void sippush_msrp_connection_unref (SipPushMsrpConnection *connection);

/* Who else hears of a connection (msrp/relay.c on the connection to its relay): the
 * responses to requests we sent on it, and its close (before the hub's closed func). Both
 * run in the read loop or the close funnel: they may send, or close the connection. */
typedef struct
{
  void (*response) (gpointer data, SipPushMsrpConnection *connection,
                    const SipPushMsrpMessage *response);
  void (*closed) (gpointer data, SipPushMsrpConnection *connection);
} SipPushMsrpConnectionObserver;

/* Sets (or, with NULL, removes) the one observer. */
void sippush_msrp_connection_set_observer (SipPushMsrpConnection *connection,
                                           const SipPushMsrpConnectionObserver *observer,
                                           gpointer data);

/* Queues bytes for the peer; a peer that stops reading is cut off. */
void sippush_msrp_connection_send (SipPushMsrpConnection *connection, const char *data, gsize len);

/* The one way a connection ends: sessions carrying a message on it fail (R-MSRP-6). */
void sippush_msrp_connection_close (SipPushMsrpConnection *connection, const char *reason);

/* Drops the session its last SEND was routed to: the hub calls it whenever a session is
 * added, secured or removed, so a cached route never outlives what the lookup would say. */
void sippush_msrp_connection_forget_route (SipPushMsrpConnection *connection);
/* Whether a SEND on it has named a live session (or it was opened bound): an unbound one is
 * what the hub evicts first at its connection limit. */
gboolean sippush_msrp_connection_is_bound (SipPushMsrpConnection *connection);
/* When it was opened (g_get_monotonic_time()). */
gint64 sippush_msrp_connection_get_opened (SipPushMsrpConnection *connection);

/* The stream the connection reads and writes: a GTlsConnection for MSRP over TLS. */
GIOStream *sippush_msrp_connection_get_stream (SipPushMsrpConnection *connection);
