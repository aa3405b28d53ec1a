/* sip/refer.h — REFER asking the device to subscribe (R-REF-1…5, seed D.4; traps B2–B4).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "sip/shared.h"
#include "sip/subscription.h"

typedef struct _SipPushRefers SipPushRefers;
/* An accepted REFER's dialog: the magic of its handle. */
typedef struct _SipPushReferDialog SipPushReferDialog;

/* Asks the host through @shared's events (refer_requested) and reports the decision
 * (referred); @shared and @subs outlive this object. */
SipPushRefers *sippush_refers_new (const SipPushShared *shared, SipPushSubscriptions *subs);

/* A nua_i_refer event out of a dialog (NUTAG_APPL_METHOD("REFER")); @nh was created by
 * the stack. */
void sippush_refers_handle (SipPushRefers *refers, nua_handle_t *nh, const sip_t *sip,
                            tagi_t tags[]);

/* A nua_r_notify of an accepted REFER's handle: once the last NOTIFY is answered, the
 * handle goes. */
void sippush_refer_dialog_handle_notify_response (SipPushReferDialog *dialog, int status,
                                                  tagi_t tags[]);

/* Stopping: a REFER whose subscription has no outcome yet gets its final NOTIFY now
 * (503), and no REFER's handle waits for the answer to its last NOTIFY. */
void sippush_refers_stop (SipPushRefers *refers);

/* Frees; call before sippush_subscriptions_free() and nua_destroy(). Sends nothing. */
void sippush_refers_free (SipPushRefers *refers);
