/* msrp/watch.h — deadlines of accepted files (R-SEC-4): a file whose sender has not begun it
 * in time, or whose bytes stop coming, is given up. Polled once a second from the sessions'
 * phases, so the per-chunk path carries no timer.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "msrp/session.h"

typedef struct _SipPushMsrpWatch SipPushMsrpWatch;

/* @session missed its deadline (@reason says which); it is no longer watched. The callee
 * may add and remove sessions. */
typedef void (*SipPushMsrpExpiredFunc) (gpointer data, SipPushMsrpSession *session,
                                        const char *reason);

/* @connect_timeout_s: from sippush_msrp_watch_add() (and from a failed message) to the first
 * chunk; @stall_timeout_s: between two stored bytes of a message in progress. */
SipPushMsrpWatch *sippush_msrp_watch_new (GMainContext *context, guint connect_timeout_s,
                                          guint stall_timeout_s);
void sippush_msrp_watch_free (SipPushMsrpWatch *watch);

/* Watches @session (referenced) from now; @expired gets @data. */
void sippush_msrp_watch_add (SipPushMsrpWatch *watch, SipPushMsrpSession *session,
                             SipPushMsrpExpiredFunc expired, gpointer data);
/* Harmless for a session not watched. */
void sippush_msrp_watch_remove (SipPushMsrpWatch *watch, SipPushMsrpSession *session);
