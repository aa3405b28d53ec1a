/* sip/subscription.c — ua-profile SUBSCRIBE dialogs kept alive, their NOTIFYs routed.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/subscription.h"

#include <string.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>

#include "core/retry.h"
#include "sip/handle.h"
#include "sip/notify.h"
#include "sip/response.h"

struct _SipPushSubscriptions
{
  const SipPushShared *shared;
  gchar *aor, *target, *ppi_header;
  gchar *vendor, *model, *version, *uaprof;
  guint expires;
  guint retry_min_s, retry_max_s;

  SipPushSubscription *main; /* the receiver's own, NULL before start */
  GHashTable *by_nh;         /* nua_handle_t * → SipPushSubscription * (owned) */
  GPtrArray *idle;           /* subscriptions without a handle (owned): between attempts */
  gboolean started;
  gboolean stopped; /* stop_async ran: nothing new is sent */
};

struct _SipPushSubscription
{
  SipPushHandleTag tag; /* the magic of nh */
  SipPushSubscriptions *owner;
  nua_handle_t *nh;
  gboolean referred;
  gchar *target, *event, *accept;
  gchar expires_str[16];
  gchar **aris; /* the ARIs the Event names (NOTIFY routing step 3) */
  guint status; /* the SUBSCRIBE's 2xx, 0 before */
  gboolean active, notified, closing;
  SipPushRetry retry;
  SipPushSubscriptionOutcomeFunc outcome;
  gpointer outcome_data;
};

static void
subscription_free (SipPushSubscription *sub)
{
  sippush_retry_cancel (&sub->retry);
  if (sub->nh)
    nua_handle_destroy (sub->nh);
  g_free (sub->target);
  g_free (sub->event);
  g_free (sub->accept);
  g_strfreev (sub->aris);
  g_free (sub);
}

SipPushSubscriptions *
sippush_subscriptions_new (const SipPushShared *shared, const SipPushSubscriptionConfig *config)
{
  SipPushSubscriptions *subs = g_new0 (SipPushSubscriptions, 1);
  subs->shared = shared;
  subs->aor = g_strdup (config->aor);
  subs->target = g_strdup (config->target ? config->target : config->aor);
  if (config->preferred_identity)
    subs->ppi_header = g_strdup_printf ("P-Preferred-Identity: <%s>", config->preferred_identity);
  subs->vendor = g_strdup (config->device.vendor);
  subs->model = g_strdup (config->device.model);
  subs->version = g_strdup (config->device.version);
  subs->uaprof = g_strdup (config->device.uaprof);
  subs->expires = config->expires;
  subs->retry_min_s = config->retry_min_s;
  subs->retry_max_s = config->retry_max_s;
  subs->by_nh = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) subscription_free);
  subs->idle = g_ptr_array_new ();
  return subs;
}

static SipPushSubscription *
subscription_new (SipPushSubscriptions *subs, const char *target, const char *event,
                  const char *accept, const char *expires)
{
  SipPushSubscription *sub = g_new0 (SipPushSubscription, 1);
  sub->tag.kind = SIPPUSH_HANDLE_SUBSCRIPTION;
  sub->owner = subs;
  sub->retry = (SipPushRetry){ .context = subs->shared->context,
                               .min_s = subs->retry_min_s,
                               .max_s = subs->retry_max_s };
  sub->target = g_strdup (target);
  sub->event = g_strdup (event);
  sub->accept = g_strdup (accept);
  if (expires)
    g_strlcpy (sub->expires_str, expires, sizeof sub->expires_str);
  else
    g_snprintf (sub->expires_str, sizeof sub->expires_str, "%u", subs->expires);
  sippush_event_header_dup_aris (event, strlen (event), &sub->aris, NULL);
  return sub;
}

/* Sends the SUBSCRIBE on a new handle, or a refresh on the live one; every call carries
 * the whole tag set. */
static void
send_subscribe (SipPushSubscription *sub)
{
  SipPushSubscriptions *subs = sub->owner;
  if (sub->nh == NULL)
    {
      sub->nh = nua_handle (subs->shared->nua, sub, NUTAG_URL (sub->target),
                            SIPTAG_TO_STR (sub->target), SIPTAG_FROM_STR (subs->aor), TAG_END ());
      g_ptr_array_remove_fast (subs->idle, sub);
      g_hash_table_insert (subs->by_nh, sub->nh, sub);
    }
  nua_subscribe (sub->nh, SIPTAG_EVENT_STR (sub->event),
                 TAG_IF (sub->accept, SIPTAG_ACCEPT_STR (sub->accept)),
                 SIPTAG_EXPIRES_STR (sub->expires_str),
                 TAG_IF (subs->ppi_header, SIPTAG_HEADER_STR (subs->ppi_header)), TAG_END ());
}

/* Forgets the dialog (sofia's usage is gone or unwanted): the subscription waits without a
 * handle for a retry, or is freed. */
static void
drop_handle (SipPushSubscription *sub, gboolean keep)
{
  SipPushSubscriptions *subs = sub->owner;
  sub->status = 0;
  sub->active = FALSE;
  sub->notified = FALSE;
  if (sub->nh)
    {
      g_hash_table_steal (subs->by_nh, sub->nh);
      nua_handle_destroy (g_steal_pointer (&sub->nh));
    }
  if (keep)
    {
      if (!g_ptr_array_find (subs->idle, sub, NULL))
        g_ptr_array_add (subs->idle, sub);
    }
  else
    {
      g_ptr_array_remove_fast (subs->idle, sub);
      if (subs->main == sub)
        subs->main = NULL;
      subscription_free (sub);
    }
}

static gchar *
own_event (SipPushSubscriptions *subs, GError **error)
{
  g_auto (GStrv) aris = sippush_dispatch_dup_aris (subs->shared->dispatch);
  SipPushDeviceInfo device = { subs->vendor, subs->model, subs->version, subs->uaprof };
  return sippush_event_header_build ((const gchar *const *) aris, &device, error);
}

gchar *
sippush_subscriptions_dup_event (SipPushSubscriptions *subs)
{
  return own_event (subs, NULL);
}

gchar *
sippush_subscriptions_dup_accept (SipPushSubscriptions *subs)
{
  return sippush_dispatch_dup_accept (subs->shared->dispatch);
}

gboolean
sippush_subscriptions_start (SipPushSubscriptions *subs, GError **error)
{
  /* Once: the registration's refreshes call this again, and a subscription that was
   * given up (489, rejected) stays given up. */
  if (subs->started)
    return TRUE;
  g_autofree gchar *event = own_event (subs, error);
  if (event == NULL)
    return FALSE;
  subs->started = TRUE;
  g_autofree gchar *accept = sippush_dispatch_dup_accept (subs->shared->dispatch);
  subs->main = subscription_new (subs, subs->target, event, accept, NULL);
  g_ptr_array_add (subs->idle, subs->main);
  send_subscribe (subs->main); /* R-SUB-1 */
  return TRUE;
}

void
sippush_subscriptions_apps_changed (SipPushSubscriptions *subs)
{
  SipPushSubscription *old = subs->main;
  if (old == NULL)
    return;
  g_autofree gchar *event = own_event (subs, NULL);
  g_autofree gchar *accept = sippush_dispatch_dup_accept (subs->shared->dispatch);
  if (event == NULL || (g_strcmp0 (event, old->event) == 0 && g_strcmp0 (accept, old->accept) == 0))
    return;
  /* The Event of a dialog is fixed: end the old one, subscribe anew (R-SUB-1 with the
   * current ARI list). The old handle stays until its unSUBSCRIBE is answered. */
  sippush_retry_cancel (&old->retry);
  if (old->nh)
    {
      old->closing = TRUE;
      nua_unsubscribe (old->nh, TAG_END ());
      g_ptr_array_remove_fast (subs->idle, old);
    }
  else
    {
      g_ptr_array_remove_fast (subs->idle, old);
      subscription_free (old);
    }
  subs->main = subscription_new (subs, subs->target, event, accept, NULL);
  g_ptr_array_add (subs->idle, subs->main);
  send_subscribe (subs->main);
}

gboolean
sippush_subscriptions_can_add_referred (SipPushSubscriptions *subs)
{
  guint n = 0;
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, subs->by_nh);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((SipPushSubscription *) value)->referred;
  for (guint i = 0; i < subs->idle->len; i++)
    n += ((SipPushSubscription *) g_ptr_array_index (subs->idle, i))->referred;
  return n < SIPPUSH_MAX_REFERRED_SUBSCRIPTIONS;
}

SipPushSubscription *
sippush_subscriptions_add_referred (SipPushSubscriptions *subs, const char *target,
                                    const char *event, const char *accept, const char *expires,
                                    SipPushSubscriptionOutcomeFunc outcome, gpointer data)
{
  SipPushSubscription *sub = subscription_new (subs, target, event, accept, expires);
  sub->referred = TRUE;
  sub->outcome = outcome;
  sub->outcome_data = data;
  g_ptr_array_add (subs->idle, sub);
  send_subscribe (sub);
  return sub;
}

void
sippush_subscription_forget_outcome (SipPushSubscription *sub)
{
  sub->outcome = NULL;
  sub->outcome_data = NULL;
}

static gboolean
retry_cb (gpointer data)
{
  SipPushSubscription *sub = data;
  sippush_retry_cancel (&sub->retry);
  send_subscribe (sub);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (SipPushSubscription *sub, const sip_t *sip)
{
  guint delay
      = sippush_retry_schedule (&sub->retry, sippush_sip_retry_after_s (sip), retry_cb, sub);
  g_debug ("SUBSCRIBE to %s: retrying in %u ms", sub->target, delay);
}

/* R-SUB-3: a retry makes sense for a timeout, an overloaded or unreachable notifier and
 * the stack's own errors; not for 489 Bad Event, 403 or other refusals. */
static gboolean
retryable (guint status)
{
  return status == 408 || status == 423 || status == 480 || (status >= 500 && status < 600)
         || status >= 700;
}

static void
report_outcome (SipPushSubscription *sub, guint status, const char *phrase)
{
  SipPushSubscriptionOutcomeFunc outcome = sub->outcome;
  if (outcome == NULL)
    return;
  sub->outcome = NULL;
  outcome (sub->outcome_data, status, phrase);
}

/* The subscription failed or the stack gave up on it: the referred one is gone (its
 * REFER hears the status), the receiver's own retries when that makes sense. */
static void
subscription_failed (SipPushSubscription *sub, guint status, const char *reason, const sip_t *sip)
{
  SipPushSubscriptions *subs = sub->owner;
  g_autofree gchar *target = g_strdup (sub->target);
  if (!sub->notified)
    report_outcome (sub, status, reason);
  gboolean keep = !sub->referred && retryable (status);
  if (keep)
    schedule_retry (sub, sip); /* armed before the host hears of it */
  drop_handle (sub, keep);
  const SipPushEvents *events = subs->shared->events;
  events->subscription_failed (events->owner, target, status, reason);
}

void
sippush_subscription_handle_response (SipPushSubscription *sub, gboolean unsubscribe, int status,
                                      const char *phrase, const sip_t *sip, tagi_t tags[])
{
  SipPushSubscriptions *subs = sub->owner;
  const SipPushEvents *events = subs->shared->events;
  if (status < 200)
    return; /* the stack's own retries (423 Min-Expires) come as 1xx */
  if (unsubscribe || sub->closing)
    {
      drop_handle (sub, FALSE);
      return;
    }
  guint code = sip && sip->sip_status ? (guint) sip->sip_status->st_status : (guint) status;
  if (status < 300)
    {
      int substate = nua_substate_embryonic;
      tl_gets (tags, NUTAG_SUBSTATE_REF (substate), TAG_END ());
      sub->status = code;
      sippush_retry_reset (&sub->retry);
      if (substate == nua_substate_active && sub->notified && !sub->active)
        {
          sub->active = TRUE;
          events->subscribed (events->owner, sub->target, code);
        }
      return;
    }
  const char *reason = sip && sip->sip_status ? sip->sip_status->st_phrase : phrase;
  g_debug ("SUBSCRIBE to %s failed: %u %s", sub->target, code, reason ? reason : "");
  subscription_failed (sub, code, reason ? reason : "", sip);
}

/* RFC 6665 §4.1.3: what a terminated subscription's reason allows. */
static void
subscription_terminated (SipPushSubscription *sub, const char *reason)
{
  SipPushSubscriptions *subs = sub->owner;
  g_autofree gchar *target = g_strdup (sub->target);
  switch (sippush_subscription_terminated_action (reason, sub->referred))
    {
    case SIPPUSH_TERMINATED_RESUBSCRIBE:
      drop_handle (sub, TRUE);
      send_subscribe (sub); /* at once, on a new dialog */
      break;
    case SIPPUSH_TERMINATED_GIVE_UP:
      drop_handle (sub, FALSE);
      break;
    case SIPPUSH_TERMINATED_RETRY_LATER:
      /* No reason, or one we do not know: try again later. */
      schedule_retry (sub, NULL);
      drop_handle (sub, TRUE);
      break;
    }
  const SipPushEvents *events = subs->shared->events;
  events->subscription_terminated (events->owner, target, reason);
}

void
sippush_subscription_handle_notify (SipPushSubscription *sub, int status, const char *phrase,
                                    const sip_t *sip, tagi_t tags[])
{
  SipPushSubscriptions *subs = sub->owner;
  const SipPushEvents *events = subs->shared->events;
  int substate = nua_substate_terminated;
  tl_gets (tags, NUTAG_SUBSTATE_REF (substate), TAG_END ());

  if (sip == NULL)
    {
      /* The stack's own end of it: no NOTIFY within 32 s of the 2xx, a failed refresh. */
      if (sub->closing)
        drop_handle (sub, FALSE);
      else
        subscription_failed (sub, status > 0 ? (guint) status : 500, phrase ? phrase : "", NULL);
      return;
    }

  gboolean first = !sub->notified;
  sub->notified = TRUE;
  if (first)
    report_outcome (sub, 200, sip_200_OK); /* R-REF-4 */

  /* R-NOT-1: a body is push content (even in the last NOTIFY); sofia has answered 200. */
  if (sip->sip_payload && sip->sip_payload->pl_len > 0)
    sippush_notify_dispatch (subs->shared, sip, (const gchar *const *) sub->aris);
  /* The application's callback may have stopped the receiver or changed the application
   * set (this subscription is closing then): its state no longer matters. The
   * subscription itself lives on until teardown or its unSUBSCRIBE answer. */
  if (subs->stopped || sub->closing)
    return;

  switch (substate)
    {
    case nua_substate_active:
      if (!sub->active)
        {
          sub->active = TRUE;
          events->subscribed (events->owner, sub->target, sub->status ? sub->status : 200);
        }
      break;
    case nua_substate_embryonic:
      /* terminated;reason=deactivated or probation: sofia subscribes again by itself
       * (at once, or after retry-after); doing it here too would double it. */
      g_debug ("subscription to %s deactivated; the stack re-subscribes", sub->target);
      sub->active = FALSE;
      sub->notified = FALSE;
      break;
    case nua_substate_terminated:
      {
        const sip_subscription_state_t *ss = sip->sip_subscription_state;
        subscription_terminated (sub, ss && ss->ss_reason ? ss->ss_reason : "");
      }
      break;
    default:
      break;
    }
}

void
sippush_subscriptions_stop (SipPushSubscriptions *subs)
{
  subs->stopped = TRUE;
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, subs->by_nh);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SipPushSubscription *sub = value;
      sippush_retry_cancel (&sub->retry);
      if (sub->status == 0 && !sub->notified)
        {
          nua_handle_destroy (g_steal_pointer (&sub->nh));
          g_ptr_array_add (subs->idle, sub); /* freed with the others */
          g_hash_table_iter_steal (&iter);
        }
    }
  for (guint i = 0; i < subs->idle->len; i++)
    sippush_retry_cancel (&((SipPushSubscription *) g_ptr_array_index (subs->idle, i))->retry);
}

void
sippush_subscriptions_free (SipPushSubscriptions *subs)
{
  if (subs == NULL)
    return;
  g_hash_table_destroy (subs->by_nh);
  g_ptr_array_set_free_func (subs->idle, (GDestroyNotify) subscription_free);
  g_ptr_array_free (subs->idle, TRUE);
  g_free (subs->aor);
  g_free (subs->target);
  g_free (subs->ppi_header);
  g_free (subs->vendor);
  g_free (subs->model);
  g_free (subs->version);
  g_free (subs->uaprof);
  g_free (subs);
}
