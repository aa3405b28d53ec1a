/* core/pending.h — deliveries waiting for their application's answer, each with a deadline
 * (R-MSG-1, R-MSRP-2, R-SEC-2). Used for MESSAGE pushes and for finished MSRP files.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sippush/sippush.h>

typedef struct _SipPushPendingSet SipPushPendingSet;

/* A delivery not answered within @timeout_s (looked at once a second, so up to a second
 * later) is completed with @timeout_status and @timeout_reason (static strings). */
SipPushPendingSet *sippush_pending_set_new (GMainContext *context, guint timeout_s,
                                            guint timeout_status, const char *timeout_reason);

/* Holds a reference to @delivery and arms its deadline. Call it before handing the
 * delivery to the application, or after, when the application has not answered it in its
 * callback; and sippush_pending_set_remove() from its done callback. */
void sippush_pending_set_add (SipPushPendingSet *set, SipPushDelivery *delivery);

/* Drops the delivery and its deadline (no-op when not held). */
void sippush_pending_set_remove (SipPushPendingSet *set, SipPushDelivery *delivery);

guint sippush_pending_set_size (SipPushPendingSet *set);

/* Completes every held delivery with @status (shutdown: 503). Safe against done callbacks
 * and handlers that answer or add others meanwhile. */
void sippush_pending_set_complete_all (SipPushPendingSet *set, guint status, const char *reason);

/* Completes what is left with 503 first. */
void sippush_pending_set_free (SipPushPendingSet *set);
