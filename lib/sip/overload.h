/* sip/overload.h — how long sofia keeps finished transactions, by load (R-SEC-4).
 *
 * Over UDP sofia keeps every server transaction 64 × T1 after its final response (32 s,
 * RFC 3261), 16-20 KB of RSS each: a flood of 5000 MESSAGE/s would hold 500 MB. The same
 * 64 × T1 is also how long the receiver waits for an answer to its own requests (REGISTER,
 * SUBSCRIBE), which a handset on a slow network needs whole. So the short lifetime applies
 * only under load: from the moment requests come faster than a threshold, until a quiet
 * spell has passed.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <sofia-sip/nua.h>

typedef struct _SipPushOverload SipPushOverload;

/* Watches the load of @nua, with a timer of @root while loaded; under load its
 * transactions last @loaded_lifetime_ms or less, otherwise RFC 3261's 32 s. @root and
 * @nua may be NULL (tests: then the load is never found over). */
SipPushOverload *sippush_overload_new (su_root_t *root, nua_t *nua, guint loaded_lifetime_ms);

/* A request came in. */
void sippush_overload_count (SipPushOverload *overload);

/* A request came in at @now_us on the monotonic clock (tests; 0: now). */
void sippush_overload_count_at (SipPushOverload *overload, gint64 now_us);

/* How long transactions are kept now, in ms. */
guint sippush_overload_get_lifetime_ms (SipPushOverload *overload);

/* Whether the short lifetime applies now. */
gboolean sippush_overload_is_loaded (SipPushOverload *overload);

/* Seconds under the threshold since the load began to ease (tests). */
guint sippush_overload_get_quiet_seconds (SipPushOverload *overload);

void sippush_overload_free (SipPushOverload *overload);
