/* sip/refer.h — REFER asking the device to subscribe (R-REF-1…5, seed D.4; traps B2–B4).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sofia-sip/nua.h>
#include <sippush/sippush.h>

#include "sip/subscription.h"

typedef struct _SipPushRefers SipPushRefers;

typedef struct
{
  /* R-REF-1: the host's decision, synchronous. */
  gboolean (*approve) (gpointer owner, const char *target, const char *sender);
  /* After the decision: 202 (@accepted) or 603 went out. */
  void (*referred) (gpointer owner, const char *target, gboolean accepted);
} SipPushReferEvents;

/* @subs and @trusted outlive this object. */
SipPushRefers *sippush_refers_new (SipPushReceiver *receiver, SipPushSubscriptions *subs,
                                   GHashTable *trusted, const SipPushReferEvents *events,
                                   gpointer owner);

/* A nua_i_refer event (NUTAG_APPL_METHOD("REFER")); @nh was created by the stack. */
void sippush_refers_handle (SipPushRefers *refers, nua_t *nua, nua_handle_t *nh, const sip_t *sip,
                            tagi_t tags[]);

/* Whether @nh is the handle of a REFER this module answered. */
gboolean sippush_refers_owns (SipPushRefers *refers, nua_handle_t *nh);

/* A nua_r_notify of an owned handle: once the last NOTIFY is answered, the handle goes. */
void sippush_refers_handle_notify_response (SipPushRefers *refers, nua_handle_t *nh, int status,
                                            tagi_t tags[]);

/* Frees; call before sippush_subscriptions_free() and nua_destroy(). Sends nothing. */
void sippush_refers_free (SipPushRefers *refers);
