/* sip/subscription.h — ua-profile push subscriptions: the receiver's own (R-SUB-1…3) and
 * those a REFER asked for (R-REF-3, R-REF-4); their NOTIFYs (R-NOT-1).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "sip/event-header.h"
#include "sip/shared.h"

typedef struct _SipPushSubscriptions SipPushSubscriptions;
typedef struct _SipPushSubscription SipPushSubscription;

/* Copied by sippush_subscriptions_new(); nothing is borrowed. */
typedef struct
{
  const char *aor;                /* From */
  const char *target;             /* Request-URI and To of the receiver's own subscription */
  const char *preferred_identity; /* P-Preferred-Identity URI, or NULL */
  guint expires;
  guint retry_min_s, retry_max_s;
  SipPushDeviceInfo device;
} SipPushSubscriptionConfig;

/* R-REF-4: called once per subscription a REFER asked for: 200 "OK" on its first NOTIFY,
 * or the SUBSCRIBE's final failure status and phrase. */
typedef void (*SipPushSubscriptionOutcomeFunc) (gpointer data, guint status, const char *phrase);

/* Reports through @shared's events: subscribed (the first NOTIFY with Subscription-State
 * active after the SUBSCRIBE's 2xx, R-NOT-1), subscription_failed (a SUBSCRIBE or its
 * refresh failed, or the stack gave up on it) and subscription_terminated (the notifier
 * ended it; the reason as sent, "" when none). @shared is the stack's and outlives this
 * object. Each subscription is the magic of its handle. */
SipPushSubscriptions *sippush_subscriptions_new (const SipPushShared *shared,
                                                 const SipPushSubscriptionConfig *config);

/* Starts the receiver's own subscription (R-SUB-1) unless it runs already. FALSE with an
 * error when its Event header cannot be built (a device parameter). */
gboolean sippush_subscriptions_start (SipPushSubscriptions *subs, GError **error);

/* The application set changed: when the receiver's own subscription names another ARI
 * list or Accept, it is ended (unSUBSCRIBE) and made anew. */
void sippush_subscriptions_apps_changed (SipPushSubscriptions *subs);

/* The Event and Accept of the receiver's own subscription, for a REFER whose Refer-To
 * embeds none. */
gchar *sippush_subscriptions_dup_event (SipPushSubscriptions *subs);
gchar *sippush_subscriptions_dup_accept (SipPushSubscriptions *subs);

/* Most subscriptions made for REFERs alive at once (R-SEC-2): each REFER accepted by the
 * policy would otherwise add one for good. */
#define SIPPUSH_MAX_REFERRED_SUBSCRIPTIONS 32

/* Whether another subscription for a REFER may be made now. */
gboolean sippush_subscriptions_can_add_referred (SipPushSubscriptions *subs);

/* Subscribes to @target with the given headers as they are (R-REF-3); @expires NULL =
 * the configured expiry. @outcome runs once (R-REF-4) unless
 * sippush_subscription_forget_outcome() is called first. Never retried. */
SipPushSubscription *sippush_subscriptions_add_referred (SipPushSubscriptions *subs,
                                                         const char *target, const char *event,
                                                         const char *accept, const char *expires,
                                                         SipPushSubscriptionOutcomeFunc outcome,
                                                         gpointer data);
void sippush_subscription_forget_outcome (SipPushSubscription *sub);

/* nua_r_subscribe / nua_r_unsubscribe (@unsubscribe) of a subscription's handle. */
void sippush_subscription_handle_response (SipPushSubscription *sub, gboolean unsubscribe,
                                           int status, const char *phrase, const sip_t *sip,
                                           tagi_t tags[]);

/* nua_i_notify of a subscription's handle (@sip NULL for the stack's own terminations). */
void sippush_subscription_handle_notify (SipPushSubscription *sub, int status, const char *phrase,
                                         const sip_t *sip, tagi_t tags[]);

/* For stop_async: stops retrying and forgets the subscriptions whose SUBSCRIBE has had
 * no 2xx (no dialog to end; nua_shutdown() would wait up to 32 s for their answers);
 * nua_shutdown() then un-SUBSCRIBEs what is live. */
void sippush_subscriptions_stop (SipPushSubscriptions *subs);

/* Frees; call before nua_destroy(). Sends nothing; outcomes do not run. */
void sippush_subscriptions_free (SipPushSubscriptions *subs);
