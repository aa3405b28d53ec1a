/* sip/refer.c — REFER → 202/603, the implicit refer subscription's sipfrag NOTIFYs, and the
 * ua-profile SUBSCRIBE to the Refer-To URI. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sip/refer.h"

#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>

#include "sip/admission.h"
#include "sip/handle.h"
#include "sip/refer-to.h"
#include "refer-private.h"

/* REFERs whose dialog is still open at once; more are refused 503 (R-SEC-2). */
#define MAX_OPEN_REFERS 32
#define SIPFRAG_TYPE "message/sipfrag;version=2.0"

struct _SipPushRefers
{
  const SipPushShared *shared;
  SipPushSubscriptions *subs;
  GHashTable *by_nh; /* nua_handle_t * → SipPushReferDialog * (owned) */
};

/* One REFER dialog: the implicit subscription (RFC 3515) we notify. */
struct _SipPushReferDialog
{
  SipPushHandleTag tag; /* the magic of nh */
  SipPushRefers *owner;
  nua_handle_t *nh;
  su_home_t *home;
  sip_event_t *event;       /* `refer;id=…` for our NOTIFYs */
  SipPushSubscription *sub; /* the SUBSCRIBE it asked for, until its outcome */
  gboolean done;            /* the final NOTIFY is out */
};
typedef SipPushReferDialog Refer;

static void
refer_free (Refer *r)
{
  if (r->sub)
    sippush_subscription_forget_outcome (r->sub);
  nua_handle_destroy (r->nh);
  su_home_unref (r->home);
  g_free (r);
}

SipPushRefers *
sippush_refers_new (const SipPushShared *shared, SipPushSubscriptions *subs)
{
  SipPushRefers *refers = g_new0 (SipPushRefers, 1);
  refers->shared = shared;
  refers->subs = subs;
  refers->by_nh = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) refer_free);
  return refers;
}

/* Keeps the stack's handle of an accepted REFER until our final NOTIFY is answered. */
static Refer *
keep (SipPushRefers *refers, nua_handle_t *nh, const sip_event_t *event)
{
  Refer *r = g_new0 (Refer, 1);
  r->tag.kind = SIPPUSH_HANDLE_REFER;
  r->owner = refers;
  r->nh = nh;
  r->home = su_home_new (sizeof (su_home_t));
  r->event = event ? sip_event_dup (r->home, event) : NULL;
  nua_handle_bind (nh, r);
  g_hash_table_insert (refers->by_nh, nh, r);
  return r;
}

/* Refuses a REFER and reports it. The stack's `100 Trying` NOTIFY (B4) is queued before
 * the handle's destroy and still goes out; nothing of this REFER is kept, so refusals
 * cost no memory. */
static void
decline (SipPushRefers *refers, nua_handle_t *nh, guint status, const char *reason,
         const SipPushAdmission *admission)
{
  SipPushRefusal refusal = { .status = status, .reason = reason };
  sippush_refuse (refers->shared, nh, SIPPUSH_METHOD_REFER, FALSE, &refusal, admission);
}

/* R-REF-4: the final NOTIFY of the refer subscription, with the SUBSCRIBE's status line. */
static void
outcome (gpointer data, guint status, const char *phrase)
{
  Refer *r = data;
  r->sub = NULL;
  r->done = TRUE;
  g_autofree gchar *frag
      = g_strdup_printf ("SIP/2.0 %u %s\r\n", status, phrase && *phrase ? phrase : "Failed");
  nua_notify (r->nh, TAG_IF (r->event, SIPTAG_EVENT (r->event)),
              SIPTAG_CONTENT_TYPE_STR (SIPFRAG_TYPE), SIPTAG_PAYLOAD_STR (frag),
              NUTAG_SUBSTATE (nua_substate_terminated),
              /* NUTAG_SUBSTATE alone still sent `active` once the REFER was answered by
               * the application: say it on the wire. */
              SIPTAG_SUBSCRIPTION_STATE_STR ("terminated;reason=noresource"), TAG_END ());
}

/* The decoded target and headers must also be what sofia will parse: a SIP URI with a
 * host, a well-formed Event and Accept. */
static gboolean
sofia_takes (const SipPushReferTo *rt, const char *event, const char *accept)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = url_make (home, rt->target);
  gboolean ok = url && (url->url_type == url_sip || url->url_type == url_sips) && url->url_host
                && *url->url_host;
  ok = ok && sip_event_make (home, event) != NULL;
  ok = ok && (accept == NULL || sip_accept_make (home, accept) != NULL);
  su_home_deinit (home);
  return ok;
}

static gchar *
refer_to_string (const sip_refer_to_t *refer_to)
{
  char buf[SIPPUSH_REFER_TO_MAX + 1];
  issize_t n = url_e (buf, sizeof buf, refer_to->r_url);
  if (n <= 0 || (size_t) n >= sizeof buf)
    return NULL;
  return g_strndup (buf, (gsize) n);
}

void
sippush_refers_handle (SipPushRefers *refers, nua_handle_t *nh, const sip_t *sip, tagi_t tags[])
{
  const sip_event_t *event = NULL;
  tl_gets (tags, NUTAG_REFER_EVENT_REF (event), TAG_END ());

  if (g_hash_table_size (refers->by_nh) >= MAX_OPEN_REFERS
      || !sippush_subscriptions_can_add_referred (refers->subs))
    {
      decline (refers, nh, 503, "Too many REFERs or referred subscriptions", NULL);
      return;
    }
  /* B3: the stack passes a REFER whose Refer-To does not parse with none. */
  if (sip->sip_refer_to == NULL || sip->sip_refer_to->r_url->url_type == url_invalid)
    {
      decline (refers, nh, 400, "Missing or bad Refer-To", NULL);
      return;
    }
  g_auto (SipPushAdmission) admission = { 0 };
  g_auto (SipPushRefusal) refusal = { 0 };
  if (!sippush_admit (refers->shared, SIPPUSH_METHOD_REFER, sip, NULL, &admission, &refusal))
    {
      sippush_refuse (refers->shared, nh, SIPPUSH_METHOD_REFER, FALSE, &refusal, &admission);
      return;
    }

  g_autofree gchar *uri = refer_to_string (sip->sip_refer_to);
  SipPushReferTo rt;
  g_autoptr (GError) why = NULL;
  /* B2: decoded and checked here; sip_url_query_as_taglist() never sees it. */
  SipPushParseResult result
      = uri ? sippush_refer_to_decode (uri, strlen (uri), &rt, &why) : SIPPUSH_PARSE_TOO_LARGE;
  if (result != SIPPUSH_PARSE_OK)
    {
      decline (refers, nh, sippush_refer_to_status (result, why),
               why ? why->message : "Refer-To too long", &admission); /* R-REF-5 */
      return;
    }
  /* Without an embedded Event the subscription is our own oma-app one (R-SUB-1). */
  g_autofree gchar *own_event = rt.event ? NULL : sippush_subscriptions_dup_event (refers->subs);
  g_autofree gchar *own_accept
      = rt.accept || rt.event ? NULL : sippush_subscriptions_dup_accept (refers->subs);
  const char *ev = rt.event ? rt.event : own_event;
  const char *accept = rt.accept ? rt.accept : own_accept;
  if (ev == NULL || !sofia_takes (&rt, ev, accept))
    {
      sippush_refer_to_clear (&rt);
      decline (refers, nh, 400, "Refer-To target or headers do not parse", &admission);
      return;
    }

  /* R-REF-1: the host decides; its decision is reported as such, not as a rejection. */
  const SipPushEvents *events = refers->shared->events;
  g_autoptr (SipPushRefer) request = sippush_refer_new (rt.target, admission.sender);
  gboolean accepted = events->refer_requested (events->owner, request);
  sippush_refer_set_accepted (request, accepted);
  if (!accepted)
    {
      sippush_refer_to_clear (&rt);
      SipPushRefusal declined = { .status = 603, .reason = "Declined by the device" };
      sippush_refusal_respond (refers->shared, nh, &declined);
      nua_handle_destroy (nh);
      events->referred (events->owner, request);
      return;
    }
  nua_respond (nh, 202, sip_202_Accepted, NUTAG_WITH_THIS (refers->shared->nua), TAG_END ());
  Refer *r = keep (refers, nh, event);
  /* R-REF-3: the headers as they came, the Event included. */
  r->sub = sippush_subscriptions_add_referred (refers->subs, rt.target, ev, accept, rt.expires,
                                               outcome, r);
  sippush_refer_to_clear (&rt);
  events->referred (events->owner, request);
}

void
sippush_refer_dialog_handle_notify_response (SipPushReferDialog *r, int status, tagi_t tags[])
{
  int substate = nua_substate_active;
  tl_gets (tags, NUTAG_SUBSTATE_REF (substate), TAG_END ());
  if (status < 200)
    return;
  /* The last NOTIFY of the dialog is answered (or failed): nothing more to send. */
  if (r->done && (substate == nua_substate_terminated || status >= 300))
    g_hash_table_remove (r->owner->by_nh, r->nh);
}

/* nua_shutdown() would wait for every notifier's last NOTIFY to be answered, so a
 * referrer that never answers would hold the stop for 64 × T1. The NOTIFY's transaction
 * still retransmits it after the handle is gone (until the stack is destroyed). */
void
sippush_refers_stop (SipPushRefers *refers)
{
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, refers->by_nh);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Refer *r = value;
      if (!r->done)
        {
          if (r->sub)
            sippush_subscription_forget_outcome (r->sub);
          outcome (r, 503, "Service Unavailable");
        }
      g_hash_table_iter_remove (&iter); /* its handle goes */
    }
}

void
sippush_refers_free (SipPushRefers *refers)
{
  if (refers == NULL)
    return;
  g_hash_table_destroy (refers->by_nh);
  g_free (refers);
}
