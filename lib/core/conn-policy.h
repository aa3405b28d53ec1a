/* core/conn-policy.h — which SIP stream connections stay open (R-SEC-4): the idle and
 * message deadlines, the bounds on buffered bytes, the caps overall and per source, and
 * whether another connection may be accepted. Pure: the caller observes the connections
 * and carries out the verdicts (sip/governor.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Why a connection goes; KEEP for the ones that stay. */
typedef enum
{
  SIPPUSH_CONN_KEEP,
  SIPPUSH_CONN_IDLE,       /* nothing sent or received for idle_ms */
  SIPPUSH_CONN_SLOW,       /* a begun message not complete after message_ms */
  SIPPUSH_CONN_BUFFER,     /* a begun message over max_buffered */
  SIPPUSH_CONN_TOTAL,      /* the largest begun message while all together exceed max_total */
  SIPPUSH_CONN_PER_SOURCE, /* a newcomer over max_per_source, no idle one of its source */
  SIPPUSH_CONN_OVER_CAP,   /* a newcomer over max_connections, no idle one to evict */
  SIPPUSH_CONN_EVICTED,    /* the oldest idle, to make room for a newcomer */
  SIPPUSH_CONN_N_VERDICTS
} SipPushConnVerdict;

/* One connection as the caller observed it. Times in ms on any monotonic clock. */
typedef struct
{
  guint64 source;          /* the peer's address without its port, as a key */
  gint64 opened_ms;        /* when it was first seen: later = newer */
  gint64 last_active_ms;   /* last byte received or sent */
  gint64 partial_since_ms; /* a message has begun (bytes not yet part of a complete one) since; -1:
                              none */
  guint64 buffered;        /* bytes of that begun message */
  SipPushConnVerdict verdict; /* out */
} SipPushConnState;

typedef struct
{
  guint max_connections;
  guint max_per_source;
  gint64 idle_ms;
  gint64 message_ms;
  guint64 max_buffered;  /* per connection */
  guint64 max_total;     /* all connections together */
  gint64 evict_grace_ms; /* an idle connection younger than this is not evicted */
} SipPushConnLimits;

/* Sets each connection's verdict, in this order: IDLE, SLOW, BUFFER; then TOTAL (the
 * largest begun messages until the rest fit); then over max_per_source the newest of a
 * source are kept by evicting that source's oldest idle ones (EVICTED), or refused
 * (PER_SOURCE) when it has none; the same over max_connections with the oldest idle of
 * all. When @accept_waiting and no room is left, up to max(1, min(max_connections, kept) / 16) of
 * the oldest idle connections (idle for evict_grace_ms at least) are EVICTED for the connections
 * waiting. "Idle" means no begun message. Returns how many more connections may be accepted: at
 * most @fd_room (descriptors the caller can spare), 0 when accepting must pause. */
guint sippush_conn_policy_apply (SipPushConnState *conns, guint n, const SipPushConnLimits *limits,
                                 gint64 now_ms, guint fd_room, gboolean accept_waiting);

/* "idle", "slow message", … for logs. */
const char *sippush_conn_verdict_describe (SipPushConnVerdict verdict);
